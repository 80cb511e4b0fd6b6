import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Space, Spin, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { BranchComplianceRow } from "../../bindings/BranchComplianceRow";
import type { ComplianceState } from "../../bindings/ComplianceState";
import type { ScopeCompliance } from "../../bindings/ScopeCompliance";
import { errorMessage } from "../../errors";
import { scopeCompliance } from "../../ipc/points";
import type { Scope } from "../../lib/orgTree";
import { pointScope } from "../../lib/points";
import { appToday } from "../../lib/today";
import { Title, YearSwitcher } from "../Calendar/parts";
import { PointsBoard } from "./PointsBoard";
import { StateTag } from "./parts";

/**
 * A community's or town's branches × rules, red / amber / green. A row opens that branch's
 * board in place, with a way back to the table; the scope stays the community's.
 */
export function PointsOverview({ scope, name }: { scope: Scope; name: string }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(appToday().year());
  const [opened, setOpened] = useState<string | null>(null);
  const [data, setData] = useState<ScopeCompliance | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await scopeCompliance(pointScope(scope), year));
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [scope, year]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  const cell = (row: BranchComplianceRow, rule: string, state: ComplianceState) => (
    <StateTag state={state} testId={`cell-${row.branchId}-${rule}`} />
  );
  const r = data?.rollup;
  const total = r?.branches ?? 0;

  if (opened) {
    return (
      <div data-testid="overview-opened">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => setOpened(null)}
          data-testid="overview-back"
          style={{ marginBottom: 12 }}
        >
          {t("overview.back", { name })}
        </Button>
        <PointsBoard branchId={opened} initialYear={year} />
      </div>
    );
  }

  return (
    <div data-testid="points-overview" style={{ maxWidth: 1180 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Title>{name}</Title>
        <Typography.Text type="secondary">{t("points.board")}</Typography.Text>
        <YearSwitcher year={year} onChange={setYear} />
      </div>
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={errorMessage(t, error)}
          action={<Button onClick={() => void load()}>{t("common.retry")}</Button>}
        />
      )}
      {!data && !error && <Spin style={{ display: "block", margin: 48 }} />}
      {data && r && (
        <>
          <Card size="small" style={{ marginTop: 12 }} data-testid="overview-rollup">
            <Space wrap size={[16, 8]}>
              <Typography.Text strong data-testid="rollup-full">
                {t("overview.fullyCompliant", { count: r.fullyCompliant })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t("overview.ofBranches", { count: total })}
              </Typography.Text>
              <Typography.Text data-testid="rollup-committee">
                {t("overview.committeeRule", { met: r.meetingCommitteeRule, total })}
              </Typography.Text>
              <Typography.Text data-testid="rollup-teams">
                {t("overview.teamRule", { met: r.meetingTeamRule, total })}
              </Typography.Text>
              {[1, 2, 3, 4].map((quarter) => (
                <Typography.Text key={quarter} data-testid={`rollup-q${quarter}`}>
                  {t("overview.quarterRule", {
                    quarter,
                    met: r.meetingQuarterRule[quarter - 1] ?? 0,
                    total,
                  })}
                </Typography.Text>
              ))}
              <Typography.Text data-testid="rollup-points">
                {t("overview.points", { required: r.required, created: r.created })}
              </Typography.Text>
              {r.withoutTeams > 0 && (
                <Tag color="warning" data-testid="rollup-without-teams">
                  {t("overview.withoutTeams", { count: r.withoutTeams })}
                </Tag>
              )}
            </Space>
          </Card>
          <Card
            size="small"
            style={{ marginTop: 16 }}
            title={t("overview.title", { year })}
            extra={<Typography.Text type="secondary">{t("overview.hint")}</Typography.Text>}
          >
            <Table<BranchComplianceRow>
              size="small"
              pagination={false}
              rowKey="branchId"
              data-testid="overview-table"
              dataSource={data.branches}
              locale={{ emptyText: t("overview.empty") }}
              scroll={{ x: "max-content" }}
              onRow={(row) =>
                ({
                  onClick: () => setOpened(row.branchId),
                  style: { cursor: "pointer" },
                  "data-testid": `overview-row-${row.branchId}`,
                }) as React.HTMLAttributes<HTMLElement>
              }
              columns={[
                ...(scope.kind === "town"
                  ? [
                      {
                        key: "community",
                        title: t("overview.community"),
                        render: (_: unknown, row: BranchComplianceRow) => row.communityName,
                      },
                    ]
                  : []),
                {
                  key: "branch",
                  title: t("overview.branch"),
                  render: (_, row) => <Typography.Link>{row.branchName}</Typography.Link>,
                },
                {
                  key: "committee",
                  title: t("overview.committee"),
                  render: (_, row) => cell(row, "committee", row.compliance.committeeState),
                },
                {
                  key: "teams",
                  title: t("overview.teams"),
                  render: (_, row) => cell(row, "teams", row.compliance.teamState),
                },
                ...[1, 2, 3, 4].map((q) => ({
                  key: `q${q}`,
                  title: t("points.quarterShort", { quarter: q }),
                  render: (_: unknown, row: BranchComplianceRow) =>
                    cell(row, `q${q}`, row.compliance.quarters[q - 1].state),
                })),
                {
                  key: "overall",
                  title: t("overview.overall"),
                  render: (_, row) => cell(row, "overall", row.compliance.state),
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
