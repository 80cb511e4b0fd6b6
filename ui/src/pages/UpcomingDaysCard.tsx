import { Button, Card, Empty, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityWeekRule } from "../bindings/ActivityWeekRule";
import type { ApiError } from "../bindings/ApiError";
import type { UpcomingDay } from "../bindings/UpcomingDay";
import { WeekRuleTag } from "../components/WeekRuleTag";
import { errorMessage } from "../errors";
import { upcomingDays } from "../ipc/schedule";
import { weekdayOf } from "../lib/calendar";
import { findBranch, scheduleScope } from "../lib/orgTree";
import { listText } from "../lib/text";
import { useOrg } from "../state/org";
import { useDayNote } from "./Calendar/YearMonths";

export const UPCOMING_COUNT = 8;

/** 近期党员活动日: the next activity days in the top-bar scope (all branches when none). */
export function UpcomingDaysCard({ onOpenCalendar }: { onOpenCalendar: () => void }) {
  const { t } = useTranslation();
  const { scope } = useOrg();
  const [days, setDays] = useState<UpcomingDay[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const note = useDayNote();
  const key = JSON.stringify(scheduleScope(scope));

  useEffect(() => {
    let live = true;
    upcomingDays(JSON.parse(key), UPCOMING_COUNT).then(
      (d) => {
        if (!live) return;
        setDays(d);
        setError(null);
      },
      (e) => {
        if (live) setError(e as ApiError);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);

  return (
    <Card
      size="small"
      title={t("upcoming.title")}
      extra={days && <UpcomingWeekRules days={days} />}
      style={{ marginTop: 16 }}
      data-testid="upcoming"
    >
      {error ? (
        <Typography.Text type="danger">{errorMessage(t, error)}</Typography.Text>
      ) : days && days.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t("upcoming.empty")}
          data-testid="upcoming-empty"
        >
          <Button onClick={onOpenCalendar}>{t("menu.calendar")}</Button>
        </Empty>
      ) : (
        <Table<UpcomingDay>
          size="small"
          loading={!days}
          pagination={false}
          rowKey={(u) => `${u.day.branchId}-${u.day.date}`}
          dataSource={days ?? []}
          columns={[
            {
              key: "date",
              title: t("calendar.date"),
              width: 90,
              render: (_, u) => dayjs(u.day.date).format(t("calendar.dateFormat")),
            },
            {
              key: "weekday",
              title: t("calendar.weekday"),
              width: 60,
              render: (_, u) => t(`weekday.${weekdayOf(u.day.date)}`),
            },
            {
              key: "until",
              title: t("upcoming.until"),
              width: 80,
              render: (_, u) =>
                u.daysUntil <= 0 ? (
                  <Tag color="red">{t("upcoming.today")}</Tag>
                ) : (
                  t("upcoming.inDays", { count: u.daysUntil })
                ),
            },
            { key: "branch", title: t("upcoming.branch"), render: (_, u) => u.branchName },
            {
              key: "time",
              title: t("calendar.time"),
              width: 64,
              render: (_, u) => u.day.startTime,
            },
            {
              key: "venue",
              title: t("calendar.venue"),
              render: (_, u) => u.day.venue,
              ellipsis: true,
            },
            {
              key: "note",
              title: t("calendar.note"),
              render: (_, u) => <Typography.Text type="secondary">{note(u.day)}</Typography.Text>,
            },
          ]}
        />
      )}
    </Card>
  );
}

/**
 * The activity-week rule the listed days follow (each day names its own: a community may change
 * its rule from a month on): one tag, or one per rule naming its communities when the listed
 * days follow different rules.
 */
function UpcomingWeekRules({ days }: { days: UpcomingDay[] }) {
  const { t } = useTranslation();
  const { tree } = useOrg();
  const byRule = new Map<ActivityWeekRule, string[]>();
  for (const u of days) {
    const place = tree && findBranch(tree, u.day.branchId);
    const name = place ? place.community.community.name : u.communityName;
    const names = byRule.get(u.day.rule) ?? [];
    if (!names.includes(name)) byRule.set(u.day.rule, [...names, name]);
  }
  return (
    <Space size={4} wrap>
      {[...byRule].map(([rule, names]) => (
        <WeekRuleTag
          key={rule}
          rule={rule}
          note={byRule.size > 1 ? listText(t, names) : undefined}
          testId="upcoming-week-rule"
        />
      ))}
    </Space>
  );
}
