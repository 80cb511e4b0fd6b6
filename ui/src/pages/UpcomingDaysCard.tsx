import { Button, Card, Empty, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import type { UpcomingDay } from "../bindings/UpcomingDay";
import { errorMessage } from "../errors";
import { upcomingDays } from "../ipc/schedule";
import { weekdayOf } from "../lib/calendar";
import { scheduleScope } from "../lib/orgTree";
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
    <Card size="small" title={t("upcoming.title")} style={{ marginTop: 16 }} data-testid="upcoming">
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
