import { Button, Card, Col, Empty, List, Row, Spin, Statistic, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { branchesMissingSeats, counts, findBranch } from "../lib/orgTree";
import { useOrg } from "../state/org";
import type { ActivitiesIntent } from "./Activities/ActivitiesPage";
import { BranchHomeCard } from "./BranchHomeCard";
import { PointsBranchCard, PointsScopeCard } from "./PointsHomeCard";
import { RemindersCard } from "./RemindersCard";
import { UpcomingDaysCard } from "./UpcomingDaysCard";

/**
 * Overview: how big the register is and which branches still lack committee members; with a
 * branch chosen at the top, that branch's month instead (本月活动).
 */
export function HomePage({
  onOpenRegister,
  onOpenCalendar,
  onOpenActivities,
  onOpenPoints,
}: {
  onOpenRegister: () => void;
  onOpenCalendar: () => void;
  onOpenActivities: (intent: ActivitiesIntent) => void;
  onOpenPoints: () => void;
}) {
  const { t } = useTranslation();
  const { tree, scope, setScope } = useOrg();
  if (!tree) return <Spin style={{ margin: 48 }} />;
  if (tree.towns.length === 0) {
    return (
      <Empty style={{ marginTop: 80 }} description={t("home.empty")} data-testid="home-empty">
        <Button type="primary" onClick={onOpenRegister}>
          {t("home.goRegister")}
        </Button>
      </Empty>
    );
  }
  const branch = scope?.kind === "branch" ? findBranch(tree, scope.id) : null;
  if (branch) {
    return (
      <div style={{ maxWidth: 960 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {branch.node.branch.name}
        </Typography.Title>
        <RemindersCard />
        <BranchHomeCard
          key={branch.node.branch.id}
          branchId={branch.node.branch.id}
          onOpenActivities={onOpenActivities}
        />
        <PointsBranchCard
          key={`points-${branch.node.branch.id}`}
          branchId={branch.node.branch.id}
          onOpenPoints={onOpenPoints}
        />
        <UpcomingDaysCard onOpenCalendar={onOpenCalendar} />
      </div>
    );
  }
  const c = counts(tree);
  const todo = branchesMissingSeats(tree);
  const stats = [
    ["towns", c.towns],
    ["communities", c.communities],
    ["branches", c.branches],
    ["members", c.members],
  ] as const;
  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t("home.title")}
      </Typography.Title>
      <RemindersCard />
      <Row gutter={16}>
        {stats.map(([key, value]) => (
          <Col span={6} key={key}>
            <Card size="small">
              <Statistic title={t(`home.${key}`)} value={value} data-testid={`count-${key}`} />
            </Card>
          </Col>
        ))}
      </Row>
      {scope && <PointsScopeCard scope={scope} onOpenPoints={onOpenPoints} />}
      <UpcomingDaysCard onOpenCalendar={onOpenCalendar} />
      <Card size="small" title={t("home.todo")} style={{ marginTop: 16 }} data-testid="home-todo">
        <Typography.Paragraph type="secondary">{t("home.todoHint")}</Typography.Paragraph>
        {todo.length === 0 ? (
          <Typography.Text type="success">{t("home.allGood")}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={todo}
            renderItem={(p) => (
              <List.Item
                style={{ cursor: "pointer" }}
                onClick={() => {
                  setScope({ kind: "branch", id: p.node.branch.id });
                  onOpenRegister();
                }}
              >
                <span>
                  <Typography.Link>{p.node.branch.name}</Typography.Link>
                  <Typography.Text type="secondary">
                    {"  "}
                    {p.town.town.name} / {p.community.community.name}
                  </Typography.Text>
                </span>
                <Tag color="orange">{t("home.seatsShort", { filled: p.node.seatsFilled })}</Tag>
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
