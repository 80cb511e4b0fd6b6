import { Card, Empty, List, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useWeekRules, WeekRuleTag } from "../../components/WeekRuleTag";
import { findTown } from "../../lib/orgTree";
import { appYear } from "../../lib/today";
import { useOrg } from "../../state/org";
import { BranchYearView } from "./BranchYearView";
import { CommunityMonthView } from "./CommunityMonthView";

/** 活动日历: follows the top-bar scope — a branch's year, a community's month, or a town's list. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { tree, scope } = useOrg();
  if (!tree) return <Spin style={{ margin: 48 }} />;
  if (scope?.kind === "branch") return <BranchYearView key={scope.id} branchId={scope.id} />;
  if (scope?.kind === "community")
    return <CommunityMonthView key={scope.id} communityId={scope.id} />;
  if (scope?.kind === "town") return <TownCommunities townId={scope.id} />;
  return (
    <Empty
      style={{ marginTop: 80 }}
      description={t("calendar.chooseScope")}
      data-testid="calendar-choose"
    />
  );
}

/** A town: its communities with their rules; choosing one opens its month. */
function TownCommunities({ townId }: { townId: string }) {
  const { t } = useTranslation();
  const { tree, setScope } = useOrg();
  const town = tree ? findTown(tree, townId) : null;
  // The list has no year of its own: the rules of this year (both when it changes this year).
  const rules = useWeekRules(town?.communities.map((c) => c.community.id) ?? [], appYear());

  if (!town) return null;
  return (
    <Card title={town.town.name} style={{ maxWidth: 760 }} data-testid="town-communities">
      <Typography.Paragraph type="secondary">{t("calendar.townHint")}</Typography.Paragraph>
      <List
        dataSource={town.communities}
        renderItem={(c) => (
          <List.Item
            style={{ cursor: "pointer" }}
            onClick={() => setScope({ kind: "community", id: c.community.id })}
          >
            <Typography.Link>{c.community.name}</Typography.Link>
            <span>
              {rules[c.community.id] && (
                <WeekRuleTag
                  rules={rules[c.community.id]}
                  color="default"
                  testId={`week-rule-${c.community.id}`}
                />
              )}
              <Typography.Text type="secondary">
                {c.branches.length} {t("terms.branch")}
              </Typography.Text>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}
