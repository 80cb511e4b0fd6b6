import { Alert, Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivitySummary } from "../bindings/ActivitySummary";
import type { ApiError } from "../bindings/ApiError";
import type { BranchHome } from "../bindings/BranchHome";
import { errorMessage } from "../errors";
import { branchHome } from "../ipc/activities";
import { percent } from "../lib/activity";
import { weekdayOf } from "../lib/calendar";
import type { ActivitiesIntent } from "./Activities/ActivitiesPage";
import { HeldChecklist, KindTags, StatusTag, useDateFormat } from "./Activities/parts";

/** 本月活动 on a branch's home: this month's day and activity, the last 3 months, open ledgers. */
export function BranchHomeCard({
  branchId,
  onOpenActivities,
}: {
  branchId: string;
  onOpenActivities: (intent: ActivitiesIntent) => void;
}) {
  const { t } = useTranslation();
  const fmt = useDateFormat();
  const [home, setHome] = useState<BranchHome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    setHome(null);
    branchHome(branchId).then(
      (h) => {
        if (!live) return;
        setHome(h);
        setError(null);
      },
      (e) => live && setError(e as ApiError),
    );
    return () => {
      live = false;
    };
  }, [branchId]);

  if (error) return <Alert type="error" showIcon title={errorMessage(t, error)} />;
  if (!home) return <Card size="small" loading title={t("branchHome.title")} />;

  const day = home.thisMonthDay;
  const activity = home.thisMonth;
  return (
    <div data-testid="branch-home">
      <Row gutter={16}>
        <Col span={16}>
          <Card size="small" title={t("branchHome.title")} style={{ height: "100%" }}>
            <Typography.Paragraph data-testid="home-day">
              {day
                ? t("branchHome.day", {
                    date: fmt(day.date),
                    weekday: t(`weekday.${weekdayOf(day.date)}`),
                    time: day.startTime,
                    venue: day.venue,
                  })
                : t("branchHome.noDay")}
            </Typography.Paragraph>
            {activity ? (
              <div data-testid="home-activity">
                <Space wrap style={{ marginBottom: 8 }}>
                  <Typography.Text strong data-testid="home-activity-topic">
                    {activity.activity.topic}
                  </Typography.Text>
                  <StatusTag status={activity.activity.status} testId="home-activity-status" />
                  <KindTags kinds={activity.activity.kinds} />
                </Space>
                <HeldChecklist missing={activity.missing} testId="home-checklist" />
                <Button
                  style={{ marginTop: 8 }}
                  onClick={() => onOpenActivities({ kind: "activity", id: activity.activity.id })}
                  data-testid="home-open-activity"
                >
                  {t("branchHome.open")}
                </Button>
              </div>
            ) : (
              day && (
                <Space orientation="vertical">
                  <Typography.Text type="warning">{t("branchHome.notPlanned")}</Typography.Text>
                  <Button
                    type="primary"
                    onClick={() => onOpenActivities({ kind: "planThisMonth" })}
                    data-testid="home-plan"
                  >
                    {t("branchHome.plan")}
                  </Button>
                </Space>
              )
            )}
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" style={{ height: "100%" }}>
            <Statistic
              title={t("branchHome.openSuggestions")}
              value={home.openSuggestions.length}
              data-testid="home-open-suggestions"
            />
            <Statistic
              style={{ marginTop: 12 }}
              title={t("branchHome.openProblems")}
              value={home.openProblems.length}
              data-testid="home-open-problems"
            />
            <Button
              type="link"
              style={{ paddingInline: 0, marginTop: 8 }}
              onClick={() => onOpenActivities({ kind: "ledger" })}
              data-testid="home-ledger"
            >
              {t("branchHome.goLedger")}
            </Button>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t("branchHome.recent")} style={{ marginTop: 16 }}>
        {home.recent.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("branchHome.noRecent")} />
        ) : (
          <Table<ActivitySummary>
            size="small"
            pagination={false}
            rowKey="id"
            data-testid="home-recent"
            dataSource={home.recent}
            onRow={(a) => ({
              onClick: () => onOpenActivities({ kind: "activity", id: a.id }),
              style: { cursor: "pointer" },
            })}
            columns={[
              {
                key: "date",
                title: t("activities.date"),
                width: 90,
                render: (_, a) => dayjs(a.date).format(t("calendar.dateFormat")),
              },
              { key: "topic", title: t("activities.topic"), ellipsis: true, dataIndex: "topic" },
              {
                key: "status",
                title: t("activities.status"),
                width: 120,
                render: (_, a) => <StatusTag status={a.status} />,
              },
              {
                key: "steps",
                title: t("activities.steps"),
                width: 80,
                render: (_, a) => t("activities.stepsOf", { count: a.stepsRecorded }),
              },
              {
                key: "rate",
                title: t("activities.rate"),
                width: 72,
                render: (_, a) => {
                  const p = percent(a.attendanceRate);
                  return p === null ? "—" : `${p}%`;
                },
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
