import { DownloadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Dayjs } from "dayjs";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { Figures } from "../../bindings/Figures";
import type { StatsReport } from "../../bindings/StatsReport";
import type { StatsRow } from "../../bindings/StatsRow";
import { errorMessage } from "../../errors";
import { pickExportFile } from "../../ipc/importExport";
import { exportStats, statsReport } from "../../ipc/stats";
import { pointScope } from "../../lib/points";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { useOrg } from "../../state/org";
import { Chart } from "./Chart";
import { kindsOption, rankingHeight, rankingOption, trendOption } from "./charts";
import {
  changeText,
  PERIOD_KINDS,
  type PeriodChoice,
  type PeriodKind,
  percent,
  toStatsPeriod,
  yearOnYear,
} from "./period";

/** The four figures the source article reports a year in, with their units. */
const HEADLINES: { id: string; read: (f: Figures) => number; unit: string }[] = [
  { id: "activities", read: (f) => f.activitiesHeld, unit: "stats.unitTimes" },
  { id: "points", read: (f) => f.pointsCreated, unit: "stats.unitPoints" },
  { id: "suggestions", read: (f) => f.suggestionsCollected, unit: "stats.unitItems" },
  { id: "problems", read: (f) => f.problemsSolved, unit: "stats.unitProblems" },
];

/** Nothing recorded at all in the period: the page says how figures come about. */
const isBlank = (f: Figures) =>
  f.activitiesHeld + f.pointsCreated + f.suggestionsCollected + f.problemsSolved === 0 &&
  f.daysScheduled === 0;

/** 统计: the figures of the top-bar scope (none = everything) for a period, with charts. */
export function StatsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const { tree, scope, setScope } = useOrg();
  const [choice, setChoice] = useState<PeriodChoice>(() => ({
    kind: "year",
    at: appToday(),
    range: [appToday().startOf("year"), appToday()],
  }));
  const [report, setReport] = useState<StatsReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState(false);
  /** Only the latest request may answer: a fast scope switch must not show stale figures. */
  const latest = useRef(0);

  const target = useMemo(() => pointScope(scope), [scope]);
  const period = useMemo(() => toStatsPeriod(choice), [choice]);
  const hasOrg = !!tree && tree.towns.length > 0;

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    setReport(null);
    setError(null);
    try {
      const next = await statsReport(target, period);
      if (ticket === latest.current) setReport(next);
    } catch (e) {
      if (ticket === latest.current) setError(e as ApiError);
    }
  }, [target, period]);

  useEffect(() => {
    if (hasOrg) void load();
  }, [load, hasOrg]);

  const onExport = async () => {
    if (!report) return;
    setExporting(true);
    try {
      const name = t("stats.fileName", {
        scope: report.scopeName,
        from: report.period.from,
        to: report.period.to,
      });
      const path = await pickExportFile(name, t("stats.xlsxFilter"));
      if (!path) return;
      const out = await exportStats(target, period, path);
      message.success(t("stats.exported", { path: out.path }));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setExporting(false);
    }
  };

  if (!tree) return <Spin style={{ margin: 48 }} />;
  if (!hasOrg)
    return (
      <Empty style={{ marginTop: 80 }} description={t("stats.noOrg")} data-testid="stats-no-org" />
    );

  return (
    <div data-testid="stats-page" style={{ maxWidth: 1280 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="stats-title">
          {report ? (scope ? report.scopeName : t("stats.all")) : t("stats.title")}
        </Typography.Title>
        {report && (
          <Typography.Text type="secondary" data-testid="stats-range">
            {t("stats.range", {
              from: report.period.from,
              to: report.period.to,
              branches: report.branches,
            })}
          </Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        <PeriodPicker choice={choice} onChange={setChoice} />
        <Button
          icon={<DownloadOutlined />}
          data-testid="stats-export"
          disabled={!report || report.branches === 0}
          loading={exporting}
          onClick={() => void onExport()}
        >
          {t("stats.export")}
        </Button>
      </div>
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={errorMessage(t, error)}
          data-testid="stats-error"
          action={<Button onClick={() => void load()}>{t("common.retry")}</Button>}
        />
      )}
      {!report && !error && (
        <Spin style={{ display: "block", margin: 48 }} description={t("stats.loading")}>
          <div style={{ height: 48 }} />
        </Spin>
      )}
      {report && report.branches === 0 && (
        <Empty
          style={{ marginTop: 80 }}
          description={t("stats.noBranches")}
          data-testid="stats-no-branches"
        />
      )}
      {report && report.branches > 0 && (
        <Dashboard
          report={report}
          onDrill={(row) =>
            report.breakdownLevel && setScope({ kind: report.breakdownLevel, id: row.id })
          }
        />
      )}
    </div>
  );
}

function PeriodPicker({
  choice,
  onChange,
}: {
  choice: PeriodChoice;
  onChange: (next: PeriodChoice) => void;
}) {
  const { t } = useTranslation();
  const at = (d: Dayjs | null) => d && onChange({ ...choice, at: d });
  return (
    <Space wrap>
      <Segmented<PeriodKind>
        data-testid="stats-period-kind"
        value={choice.kind}
        onChange={(kind) => onChange({ ...choice, kind })}
        options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`stats.period.${k}`) }))}
      />
      {choice.kind === "custom" ? (
        <DatePicker.RangePicker
          data-testid="stats-period-range"
          value={choice.range}
          allowClear={false}
          onChange={(r) => r?.[0] && r[1] && onChange({ ...choice, range: [r[0], r[1]] })}
        />
      ) : (
        <DatePicker
          data-testid="stats-period-at"
          picker={choice.kind}
          value={choice.at}
          allowClear={false}
          onChange={at}
          style={{ width: 140 }}
        />
      )}
    </Space>
  );
}

function Change({ now, last, testId }: { now: number; last: number; testId: string }) {
  const { t } = useTranslation();
  const change = yearOnYear(now, last);
  const color = change === null || change === 0 ? undefined : change > 0 ? "#2e7d32" : "#c62828";
  return (
    <div data-testid={testId}>
      <Typography.Text type="secondary">
        {t("stats.vsLastYear")}{" "}
        <span style={{ color, fontWeight: 500 }} data-change={change ?? ""}>
          {changeText(change)}
        </span>
      </Typography.Text>
      <div>
        <Typography.Text type="secondary">
          {t("stats.lastYearValue", { value: last })}
        </Typography.Text>
      </div>
    </div>
  );
}

function Secondary({
  label,
  children,
  testId,
}: {
  label: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Col xs={12} md={8} xl={4}>
      <Statistic title={label} valueRender={() => <span data-testid={testId}>{children}</span>} />
    </Col>
  );
}

function Dashboard({ report, onDrill }: { report: StatsReport; onDrill: (row: StatsRow) => void }) {
  const { t } = useTranslation();
  const f = report.figures;
  const c = report.compliance;
  const blank = isBlank(f);
  const trend = useMemo(() => trendOption(t, report.trend), [t, report.trend]);
  const kinds = useMemo(() => kindsOption(t, f), [t, f]);
  const ranking = useMemo(() => rankingOption(t, report.breakdown), [t, report.breakdown]);
  const level = report.breakdownLevel;

  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {HEADLINES.map((h) => (
          <Col key={h.id} xs={24} sm={12} xl={6}>
            <Card size="small" style={{ height: "100%" }}>
              <div data-testid={`headline-${h.id}`} data-value={h.read(f)}>
                <Statistic
                  title={t(`stats.headline.${h.id}`)}
                  value={h.read(f)}
                  suffix={t(h.unit)}
                  styles={{ content: { color: "#b71c1c", fontSize: 34, fontWeight: 600 } }}
                />
              </div>
              <Change
                now={h.read(f)}
                last={h.read(report.lastYear)}
                testId={`headline-${h.id}-change`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text
        type="secondary"
        style={{ display: "block", marginTop: 6, fontSize: 12 }}
        data-testid="stats-compared-with"
      >
        {t("stats.comparedWith", {
          from: report.lastYearPeriod.from,
          to: report.lastYearPeriod.to,
        })}
      </Typography.Text>

      <Card size="small" style={{ marginTop: 16 }}>
        <Row gutter={[16, 8]}>
          <Secondary label={t("stats.days")} testId="figure-days">
            {t("stats.ofTotal", { part: f.daysHeld, total: f.daysScheduled })}
          </Secondary>
          <Secondary label={t("stats.attendanceRate")} testId="figure-attendance">
            {percent(f.attendanceRate)}
          </Secondary>
          <Secondary label={t("stats.threeSteps")} testId="figure-three-steps">
            {percent(f.threeStepsRate)}
          </Secondary>
          <Secondary label={t("stats.pointsActive")} testId="figure-points-active">
            {f.pointsActive}
          </Secondary>
          <Secondary label={t("stats.answered")} testId="figure-answered">
            {t("stats.ofTotal", { part: f.suggestionsAnswered, total: f.suggestionsCollected })}
          </Secondary>
          <Secondary label={t("stats.compliance")} testId="figure-compliance">
            {t("stats.ofTotal", { part: c.fullyCompliant, total: c.branches })}
          </Secondary>
        </Row>
      </Card>

      {blank ? (
        <Empty
          style={{ marginTop: 48 }}
          description={t("stats.nothingInPeriod")}
          data-testid="stats-nothing"
        />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} xl={15}>
              <Card size="small" title={t("stats.trendTitle")}>
                <Chart option={trend} height={300} testId="stats-chart-trend" />
              </Card>
            </Col>
            <Col xs={24} xl={9}>
              <Card size="small" title={t("stats.byKind")}>
                <Chart option={kinds} height={300} testId="stats-chart-kinds" />
              </Card>
            </Col>
          </Row>
          {level && report.breakdown.length > 0 && (
            <Card
              size="small"
              style={{ marginTop: 16 }}
              title={t("stats.rankingTitle", { level: t(`stats.level.${level}`) })}
            >
              <Chart
                option={ranking}
                height={rankingHeight(report.breakdown.length)}
                testId="stats-chart-ranking"
              />
            </Card>
          )}
        </>
      )}

      {level && (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={t("stats.breakdownTitle", { level: t(`stats.level.${level}`) })}
          extra={<Typography.Text type="secondary">{t("stats.drillHint")}</Typography.Text>}
        >
          <BreakdownTable rows={report.breakdown} level={level} onDrill={onDrill} />
        </Card>
      )}
    </>
  );
}

function BreakdownTable({
  rows,
  level,
  onDrill,
}: {
  rows: StatsRow[];
  level: string;
  onDrill: (row: StatsRow) => void;
}) {
  const { t } = useTranslation();
  const count = (key: string, read: (f: Figures) => number) => ({
    key,
    title: t(`stats.col.${key}`),
    align: "right" as const,
    sorter: (a: StatsRow, b: StatsRow) => read(a.figures) - read(b.figures),
    render: (_: unknown, row: StatsRow) => read(row.figures),
  });
  const rate = (key: string, read: (f: Figures) => number | null) => ({
    key,
    title: t(`stats.col.${key}`),
    align: "right" as const,
    sorter: (a: StatsRow, b: StatsRow) => (read(a.figures) ?? -1) - (read(b.figures) ?? -1),
    render: (_: unknown, row: StatsRow) => percent(read(row.figures)),
  });
  /** "part / whole" in one column (held / scheduled, answered / collected), sorted by part. */
  const ratio = (key: string, read: (f: Figures) => [number, number]) => ({
    key,
    title: t(`stats.col.${key}`),
    align: "right" as const,
    sorter: (a: StatsRow, b: StatsRow) => read(a.figures)[0] - read(b.figures)[0],
    render: (_: unknown, row: StatsRow) => read(row.figures).join(" / "),
  });
  const columns: ColumnsType<StatsRow> = [
    {
      key: "name",
      title: t(`stats.level.${level}`),
      sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN"),
      render: (_, row) => <Typography.Link>{row.name}</Typography.Link>,
    },
    count("activities", (f) => f.activitiesHeld),
    ratio("days", (f) => [f.daysHeld, f.daysScheduled]),
    rate("attendance", (f) => f.attendanceRate),
    rate("threeSteps", (f) => f.threeStepsRate),
    count("points", (f) => f.pointsCreated),
    count("pointsActive", (f) => f.pointsActive),
    ratio("suggestions", (f) => [f.suggestionsAnswered, f.suggestionsCollected]),
    count("problems", (f) => f.problemsSolved),
  ];
  return (
    <Table<StatsRow>
      size="small"
      rowKey="id"
      data-testid="stats-breakdown"
      dataSource={rows}
      columns={columns}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("stats.breakdownEmpty") }}
      onRow={(row) =>
        ({
          onClick: () => onDrill(row),
          style: { cursor: "pointer" },
          "data-testid": `stats-row-${row.id}`,
        }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}
