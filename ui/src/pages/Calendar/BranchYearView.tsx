import { Alert, Empty, Space, Spin, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { BranchClash } from "../../bindings/BranchClash";
import type { BranchYear } from "../../bindings/BranchYear";
import type { HolidayBreak } from "../../bindings/HolidayBreak";
import type { ScheduledDay } from "../../bindings/ScheduledDay";
import type { WeekdayAdvice } from "../../bindings/WeekdayAdvice";
import { WeekRuleTag } from "../../components/WeekRuleTag";
import { errorMessage } from "../../errors";
import { holidayYear } from "../../ipc/holidays";
import { branchClashes, branchYear, communitySchedule, weekdayAdvice } from "../../ipc/schedule";
import { activityKind, breakOf, markDays, weekdayOf } from "../../lib/calendar";
import { clashNotes } from "../../lib/clashes";
import { allBranches } from "../../lib/orgTree";
import { dayText } from "../../lib/text";
import { appYear } from "../../lib/today";
import { useOrg } from "../../state/org";
import { DayPlanCard } from "./DayPlanCard";
import { MoveDayModal } from "./MoveDayModal";
import { ExportIcsButton, Title, YearSwitcher } from "./parts";
import { KIND_STYLE, KindLegend, useDayNote, YearMonths } from "./YearMonths";

type Loaded = {
  year: BranchYear;
  breaks: HolidayBreak[];
  venues: string[];
  advice: WeekdayAdvice[];
  clashes: BranchClash[];
};

/** A branch's year: 12 small months, the list of activity days, and the fixed-day card. */
export function BranchYearView({ branchId }: { branchId: string }) {
  const { t } = useTranslation();
  const { tree } = useOrg();
  const [year, setYear] = useState(() => appYear());
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [moving, setMoving] = useState<ScheduledDay | null>(null);
  const note = useDayNote();

  const load = useCallback(async () => {
    try {
      const by = await branchYear(branchId, year);
      const [holidays, schedule, advice, clashes] = await Promise.all([
        holidayYear(year).catch(() => null),
        communitySchedule(by.communityId).catch(() => null),
        weekdayAdvice(branchId, year).catch(() => []),
        branchClashes(branchId, year).catch(() => []),
      ]);
      setData({
        year: by,
        breaks: holidays?.breaks ?? [],
        venues: schedule?.venues ?? [],
        advice,
        clashes,
      });
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [branchId, year]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  const names = useMemo(
    () =>
      new Map((tree ? allBranches(tree) : []).map((p) => [p.node.branch.id, p.node.branch.name])),
    [tree],
  );
  const branchName = (id: string) => names.get(id) ?? id;

  if (error) return <Alert type="error" showIcon title={errorMessage(t, error)} />;
  if (!data || data.year.year !== year || data.year.branchId !== branchId) {
    return <Spin style={{ margin: 48 }} />;
  }
  const by = data.year;
  const mark = markDays(by.days, data.breaks);
  const clashNote = clashNotes(t, data.clashes);
  const fmt = (date: string) => dayText(t, date);

  return (
    <div
      className="branch-year"
      style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) 360px", gap: 16 }}
    >
      <div style={{ minWidth: 0 }}>
        <div
          style={{
            display: "flex",
            alignItems: "center",
            gap: 12,
            flexWrap: "wrap",
            marginBottom: 8,
          }}
        >
          <Title>{by.branchName}</Title>
          <YearSwitcher year={year} onChange={setYear} />
          <WeekRuleTag rules={by.rules} />
          <div style={{ flex: 1 }} />
          <ExportIcsButton
            scope={{ townId: null, communityId: null, branchId }}
            year={year}
            name={by.branchName}
          />
        </div>
        {!by.holidaysKnown && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            data-testid="holidays-unknown"
            title={t("calendar.holidaysUnknown")}
          />
        )}
        {by.plans.length === 0 && (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t("calendar.noPlan")}
            data-testid="no-plan"
            style={{ margin: "8px 0" }}
          />
        )}
        <YearMonths
          year={year}
          mark={mark}
          holidayName={(date) => breakOf(data.breaks, date)?.name ?? null}
          onOpenDay={setMoving}
          clashNote={clashNote}
        />
        <KindLegend clashes={data.clashes.length > 0} />
        {by.days.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t("calendar.listTitle", { year })}
            </Typography.Title>
            <Table<ScheduledDay>
              size="small"
              data-testid="activity-list"
              rowKey="month"
              pagination={false}
              dataSource={by.days}
              onRow={(d) => ({ onClick: () => setMoving(d), style: { cursor: "pointer" } })}
              columns={[
                {
                  key: "date",
                  title: t("calendar.date"),
                  width: 110,
                  render: (_, d) => (
                    <Space size={4}>
                      <span className="cal-swatch" style={KIND_STYLE[activityKind(d)]} />
                      {fmt(d.date)}
                    </Space>
                  ),
                },
                {
                  key: "weekday",
                  title: t("calendar.weekday"),
                  width: 64,
                  render: (_, d) => t(`weekday.${weekdayOf(d.date)}`),
                },
                { key: "time", title: t("calendar.time"), width: 64, dataIndex: "startTime" },
                { key: "venue", title: t("calendar.venue"), dataIndex: "venue", ellipsis: true },
                {
                  key: "note",
                  title: t("calendar.note"),
                  render: (_, d) => (
                    <span>
                      {[note(d), clashNote(d.date)]
                        .filter(Boolean)
                        .join(t("common.clauseSeparator"))}
                      {d.deviation && (
                        <Tag
                          color="orange"
                          style={{ marginInlineStart: 4 }}
                          data-testid={`deviation-${d.month}`}
                        >
                          {t("calendar.deviation")}
                        </Tag>
                      )}
                    </span>
                  ),
                },
              ]}
            />
          </>
        )}
      </div>
      <div style={{ minWidth: 0 }}>
        <DayPlanCard
          branchId={branchId}
          year={year}
          plans={by.plans}
          venues={data.venues}
          advice={data.advice}
          branchName={branchName}
          onChanged={load}
        />
      </div>
      {moving && (
        <MoveDayModal
          day={moving}
          onClose={() => setMoving(null)}
          onDone={() => {
            setMoving(null);
            void load();
          }}
        />
      )}
    </div>
  );
}
