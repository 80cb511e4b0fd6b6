import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Row, Space, Spin, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { BranchCompliance } from "../../bindings/BranchCompliance";
import type { Member } from "../../bindings/Member";
import type { PointSummary } from "../../bindings/PointSummary";
import type { Team } from "../../bindings/Team";
import { errorMessage } from "../../errors";
import { branchCompliance, listPoints, teamsOf } from "../../ipc/points";
import { listMembers } from "../../ipc/register";
import { shortfallText } from "../../lib/points";
import { listText } from "../../lib/text";
import { appToday } from "../../lib/today";
import { useOrg } from "../../state/org";
import { useDateFormat } from "../Activities/parts";
import { Title, YearSwitcher } from "../Calendar/parts";
import { PointModal } from "./PointModal";
import { PointStatusTag, StateLight } from "./parts";
import { PointLinks, TeamsPanel } from "./TeamsPanel";

type Board = {
  compliance: BranchCompliance;
  points: PointSummary[];
  teams: Team[];
  members: Member[];
};

/**
 * The branch's "3+X" board for a year: the 3 seats, the X teams, the 4 quarters, the points.
 * `initialYear`: the year it opens on (a community's overview hands over the year it shows).
 */
export function PointsBoard({ branchId, initialYear }: { branchId: string; initialYear?: number }) {
  const { t } = useTranslation();
  const fmt = useDateFormat();
  const { tree } = useOrg();
  const name =
    tree?.towns
      .flatMap((x) => x.communities.flatMap((c) => c.branches))
      .find((b) => b.branch.id === branchId)?.branch.name ?? "";
  const [year, setYear] = useState(initialYear ?? appToday().year());
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<PointSummary | "new" | null>(null);

  const load = useCallback(async () => {
    try {
      const [compliance, points, teams, members] = await Promise.all([
        branchCompliance(branchId, year),
        listPoints({ townId: null, communityId: null, branchId }, year),
        teamsOf(branchId, year),
        listMembers({ townId: null, communityId: null, branchId, includeArchived: true }),
      ]);
      setBoard({ compliance, points, teams, members });
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [branchId, year]);

  useEffect(() => {
    setBoard(null);
    void load();
  }, [load]);

  const nameOf = (id: string | null) =>
    (id && board?.members.find((m) => m.id === id)?.name) || null;
  const pointsOf = (ids: readonly string[]) =>
    board?.points.filter((p) => ids.includes(p.point.id)) ?? [];
  const shortfall = board ? shortfallText(t, board.compliance) : "";
  const thisYear = appToday().year();
  const defaultDate = year >= thisYear ? appToday().format("YYYY-MM-DD") : `${year}-12-31`;

  return (
    <div data-testid="points-board" style={{ maxWidth: 1100 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Title>{name}</Title>
        <Typography.Text type="secondary">{t("points.board")}</Typography.Text>
        <YearSwitcher year={year} onChange={setYear} />
        <div style={{ flex: 1 }} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setOpen("new")}
          disabled={!board}
          data-testid="point-add"
        >
          {t("points.add")}
        </Button>
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
      {!board && !error && <Spin style={{ display: "block", margin: 48 }} />}
      {board && (
        <>
          <Space wrap size="middle" style={{ margin: "12px 0" }} data-testid="points-summary">
            <Typography.Text strong>
              {t("points.summary", {
                required: board.compliance.required,
                created: board.compliance.created,
              })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t("points.fulfilled", {
                fulfilled: board.compliance.fulfilled,
                required: board.compliance.required,
              })}
            </Typography.Text>
            <span>
              <Typography.Text type="secondary">{t("points.overall")}</Typography.Text>
              <StateLight state={board.compliance.state} testId="points-overall" />
            </span>
            {shortfall && (
              <Typography.Text
                type={board.compliance.state.kind === "missed" ? "danger" : "warning"}
                data-testid="points-shortfall"
              >
                {shortfall}
              </Typography.Text>
            )}
          </Space>

          <Card
            size="small"
            title={
              <span>
                {t("points.committeeTitle")}{" "}
                <StateLight state={board.compliance.committeeState} testId="committee-state" />
              </span>
            }
            extra={<Typography.Text type="secondary">{t("points.committeeHint")}</Typography.Text>}
          >
            <Row gutter={12}>
              {board.compliance.committee.map((seat) => (
                <Col span={8} key={seat.role}>
                  <Card
                    size="small"
                    type="inner"
                    data-testid={`seat-${seat.role}`}
                    data-state={seat.state.kind}
                    title={t(`seat.${seat.role}`)}
                    extra={<StateLight state={seat.state} />}
                    style={{ height: "100%" }}
                  >
                    <div style={{ marginBottom: 6 }}>
                      {nameOf(seat.memberId) ?? (
                        <Typography.Text type="danger">{t("points.vacant")}</Typography.Text>
                      )}
                      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                        {t("points.pointsOf", { count: seat.points })}
                      </Typography.Text>
                    </div>
                    <PointLinks
                      points={pointsOf(seat.pointIds)}
                      onOpen={setOpen}
                      where={`seat-${seat.role}`}
                    />
                    {seat.earlierHolders.length > 0 && (
                      <Typography.Paragraph
                        type="secondary"
                        style={{ marginTop: 6, marginBottom: 0, fontSize: 12 }}
                        data-testid={`seat-earlier-${seat.role}`}
                      >
                        {t("points.earlierHolders", {
                          names: listText(
                            t,
                            seat.earlierHolders.map((id) => nameOf(id) ?? id),
                          ),
                        })}
                      </Typography.Paragraph>
                    )}
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>

          <TeamsPanel
            branchId={branchId}
            year={year}
            compliance={board.compliance}
            teams={board.teams}
            members={board.members}
            points={board.points}
            onOpenPoint={setOpen}
            onChanged={() => void load()}
          />

          <Card
            size="small"
            title={t("points.quartersTitle")}
            extra={<Typography.Text type="secondary">{t("points.quartersHint")}</Typography.Text>}
            style={{ marginTop: 16 }}
          >
            <Row gutter={12}>
              {board.compliance.quarters.map((q) => (
                <Col span={6} key={q.quarter}>
                  <Card
                    size="small"
                    type="inner"
                    data-testid={`quarter-${q.quarter}`}
                    data-state={q.state.kind}
                    title={t("points.quarter", { quarter: q.quarter })}
                    extra={<StateLight state={q.state} />}
                    style={{ height: "100%" }}
                  >
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmt(q.starts)}–{fmt(q.ends)} · {t("points.pointsOf", { count: q.points })}
                    </Typography.Text>
                    <div style={{ marginTop: 4 }}>
                      <PointLinks
                        points={pointsOf(q.pointIds)}
                        onOpen={setOpen}
                        where={`quarter-${q.quarter}`}
                      />
                    </div>
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>

          <Card size="small" title={t("points.listTitle", { year })} style={{ marginTop: 16 }}>
            <Table<PointSummary>
              size="small"
              pagination={false}
              rowKey={(p) => p.point.id}
              data-testid="points-table"
              dataSource={board.points}
              locale={{ emptyText: t("points.listEmpty") }}
              onRow={(p) =>
                ({
                  onClick: () => setOpen(p),
                  style: { cursor: "pointer" },
                  "data-testid": `point-row-${p.point.id}`,
                }) as React.HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  key: "name",
                  title: t("points.name"),
                  ellipsis: true,
                  render: (_, p) => p.point.name,
                },
                {
                  key: "category",
                  title: t("points.category"),
                  width: 90,
                  render: (_, p) => t(`pointCategory.${p.point.category}`),
                },
                {
                  key: "leader",
                  title: t("points.leader"),
                  width: 220,
                  render: (_, p) => (
                    <span style={{ whiteSpace: "nowrap" }}>
                      <Tag color={p.point.leader.kind === "team" ? "blue" : "red"}>
                        {t(
                          p.point.leader.kind === "team"
                            ? "pointForm.byTeam"
                            : "pointForm.byCommittee",
                        )}
                      </Tag>
                      {p.leaderName}
                    </span>
                  ),
                },
                {
                  key: "createdOn",
                  title: t("points.createdOn"),
                  width: 110,
                  render: (_, p) => p.point.createdOn,
                },
                {
                  key: "status",
                  title: t("points.status"),
                  width: 90,
                  render: (_, p) => <PointStatusTag status={p.point.status} />,
                },
              ]}
            />
          </Card>
        </>
      )}
      {open && board && (
        <PointModal
          key={open === "new" ? "new" : open.point.id}
          branchId={branchId}
          point={open === "new" ? null : open.point}
          members={board.members}
          defaultDate={defaultDate}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            void load();
          }}
        />
      )}
    </div>
  );
}
