import { CheckCircleFilled, CloseCircleOutlined } from "@ant-design/icons";
import { List, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { ActivityKind } from "../../bindings/ActivityKind";
import type { ActivityStatus } from "../../bindings/ActivityStatus";
import type { HeldRequirement } from "../../bindings/HeldRequirement";
import { HELD_REQUIREMENTS, STATUS_COLOR } from "../../lib/activity";
import { dayText } from "../../lib/text";

/** 计划中 / 已开展 / 已延期 / 已取消, with the postponed date. */
export function StatusTag({ status, testId }: { status: ActivityStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status.state]} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {t(`activityStatus.${status.state}`)}
      {status.state === "postponed" &&
        ` → ${dayjs(status.newDate).format(t("calendar.dateFormat"))}`}
    </Tag>
  );
}

export function KindTags({ kinds }: { kinds: readonly ActivityKind[] }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: "inline-flex", flexWrap: "wrap", gap: 4 }}>
      {kinds.map((k) => (
        <Tag key={k} style={{ marginInlineEnd: 0 }}>
          {t(`activityKind.${k}`)}
        </Tag>
      ))}
    </span>
  );
}

/** Every condition for "held", each done or missing (data-state). */
export function HeldChecklist({
  missing,
  testId = "held-checklist",
}: {
  missing: readonly HeldRequirement[];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      data-testid={testId}
      dataSource={[...HELD_REQUIREMENTS]}
      split={false}
      renderItem={(r) => {
        const lacking = missing.includes(r);
        return (
          <List.Item
            style={{ padding: "2px 0" }}
            data-testid={`held-item-${r}`}
            data-state={lacking ? "missing" : "done"}
          >
            <span>
              {lacking ? (
                <CloseCircleOutlined style={{ color: "#bfbfbf", marginInlineEnd: 6 }} />
              ) : (
                <CheckCircleFilled style={{ color: "#52c41a", marginInlineEnd: 6 }} />
              )}
              <Typography.Text type={lacking ? "secondary" : undefined}>
                {t(`requirement.${r}`)}
              </Typography.Text>
            </span>
            <Typography.Text
              type={lacking ? "warning" : "success"}
              style={{ fontSize: 12, whiteSpace: "nowrap", marginInlineStart: 8 }}
            >
              {t(lacking ? "editor.missing" : "editor.done")}
            </Typography.Text>
          </List.Item>
        );
      }}
    />
  );
}

/** `M月D日` in Chinese, `M/D` style in English (from calendar.dateFormat). */
export function useDateFormat() {
  const { t } = useTranslation();
  return (date: string) => dayText(t, date);
}

export { appTodayIso as todayIso } from "../../lib/today";
