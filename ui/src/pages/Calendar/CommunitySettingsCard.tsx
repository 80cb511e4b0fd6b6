import { DeleteOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  DatePicker,
  Divider,
  Form,
  InputNumber,
  List,
  Popconfirm,
  Select,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityWeekRule } from "../../bindings/ActivityWeekRule";
import type { ApiError } from "../../bindings/ApiError";
import type { CommunitySchedule } from "../../bindings/CommunitySchedule";
import { errorMessage, fieldMessage, placeFormError } from "../../errors";
import { changeWeekRule, deleteWeekRule, saveCommunitySchedule } from "../../ipc/schedule";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";

export const RULES: readonly ActivityWeekRule[] = [
  "second-weekday",
  "second-monday-week",
  "second-calendar-row",
];

type Sharing = { dayShareLimit: number; venues: string[] };
const SHARING_FIELDS = ["dayShareLimit", "venues"] as const;

/** The community's activity-week rule with its history, and how its branches share days. */
export function CommunitySettingsCard({
  settings,
  onSaved,
}: {
  settings: CommunitySchedule;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<Sharing>();
  const [busy, setBusy] = useState(false);

  const save = async (v: Sharing) => {
    setBusy(true);
    try {
      await saveCommunitySchedule({
        communityId: settings.communityId,
        dayShareLimit: v.dayShareLimit,
        venues: v.venues.map((x) => x.trim()).filter(Boolean),
      });
      message.success(t("community.saved"));
      onSaved();
    } catch (e) {
      const rest = placeFormError(t, form, "community", e as ApiError, SHARING_FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t("community.settings")} data-testid="community-settings">
      {/* Keyed by the history so a change or a delete starts the form afresh (a form instance
          keeps its values across a re-keyed <Form>). */}
      <WeekRuleForm key={JSON.stringify(settings.rules)} settings={settings} onSaved={onSaved} />
      <Divider style={{ margin: "12px 0" }} />
      <Form
        form={form}
        layout="vertical"
        size="small"
        key={JSON.stringify(settings)}
        initialValues={{ dayShareLimit: settings.dayShareLimit, venues: settings.venues }}
        onFinish={save}
      >
        <Form.Item name="dayShareLimit" label={t("community.dayShareLimit")}>
          <InputNumber min={1} max={99} precision={0} data-testid="community-limit" />
        </Form.Item>
        <Form.Item name="venues" label={t("community.venues")}>
          <Select
            mode="tags"
            data-testid="community-venues"
            placeholder={t("community.venuesPlaceholder")}
            open={false}
            suffixIcon={null}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="community-save">
          {t("common.save")}
        </Button>
      </Form>
    </Card>
  );
}

type RuleValues = { rule: ActivityWeekRule; effectiveFrom: Dayjs | null };
const RULE_FIELDS = ["rule", "effectiveFrom"] as const;

/**
 * 活动周 from a month on (this month by default, like a branch's fixed day): earlier months keep
 * the rule they had, so past calendars keep their dates. Below, the history with delete for
 * every change after the first rule.
 */
function WeekRuleForm({ settings, onSaved }: { settings: CommunitySchedule; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<RuleValues>();
  const [busy, setBusy] = useState(false);
  const monthLabel = (ym: string) => dayjs(`${ym}-01`).format(t("calendar.monthYearFormat"));
  const history = [...settings.rules].sort((a, b) =>
    a.effectiveFrom.localeCompare(b.effectiveFrom),
  );

  const change = async (v: RuleValues) => {
    if (!v.effectiveFrom) return;
    const effectiveFrom = v.effectiveFrom.format("YYYY-MM");
    setBusy(true);
    try {
      const saved = await changeWeekRule({
        communityId: settings.communityId,
        effectiveFrom,
        rule: v.rule,
      });
      if (JSON.stringify(saved.rules) === JSON.stringify(settings.rules)) {
        message.info(t("community.ruleUnchanged", { rule: t(`weekRule.${v.rule}`) }));
      } else {
        message.success(
          t("community.ruleChanged", {
            month: monthLabel(effectiveFrom),
            rule: t(`weekRule.${v.rule}`),
          }),
        );
        onSaved();
      }
    } catch (e) {
      const rest = placeFormError(t, form, "weekRule", e as ApiError, RULE_FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (effectiveFrom: string) => {
    try {
      await deleteWeekRule(settings.communityId, effectiveFrom);
      message.success(t("community.ruleDeleted"));
      onSaved();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  return (
    <>
      <Form
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ rule: settings.rule, effectiveFrom: appToday().startOf("month") }}
        onFinish={change}
        style={{ marginBottom: 0 }}
      >
        <Form.Item name="rule" label={t("community.rule")}>
          <Select
            data-testid="community-rule"
            options={RULES.map((r) => ({ value: r, label: t(`weekRule.${r}`) }))}
          />
        </Form.Item>
        <div style={{ display: "flex", gap: 8, alignItems: "flex-end" }}>
          <Form.Item
            name="effectiveFrom"
            label={t("community.ruleFrom")}
            rules={[
              {
                required: true,
                message: fieldMessage(t, "weekRule", { field: "effectiveFrom", rule: "required" }),
              },
            ]}
            style={{ flex: 1 }}
          >
            <DatePicker
              picker="month"
              data-testid="community-rule-from"
              format={t("calendar.monthYearFormat")}
              allowClear={false}
              style={{ width: "100%" }}
            />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={busy} data-testid="community-rule-save">
              {t("community.ruleSave")}
            </Button>
          </Form.Item>
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -16 }}>
          {t("community.ruleFromHint")}
        </Typography.Paragraph>
      </Form>
      <Typography.Text strong>{t("community.ruleHistory")}</Typography.Text>
      <List
        size="small"
        data-testid="rule-history"
        dataSource={history}
        renderItem={(r, i) => (
          <List.Item
            data-testid={`rule-${r.effectiveFrom}`}
            actions={
              i === 0
                ? []
                : [
                    <Popconfirm
                      key="del"
                      title={t("community.ruleDeleteConfirm", {
                        month: monthLabel(r.effectiveFrom),
                      })}
                      onConfirm={() => remove(r.effectiveFrom)}
                    >
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t("common.delete")}
                        data-testid={`rule-delete-${r.effectiveFrom}`}
                      />
                    </Popconfirm>,
                  ]
            }
          >
            <span>
              {i === 0
                ? t("community.ruleEarliest", { rule: t(`weekRule.${r.rule}`) })
                : t("community.ruleHistoryFrom", {
                    month: monthLabel(r.effectiveFrom),
                    rule: t(`weekRule.${r.rule}`),
                  })}
            </span>
          </List.Item>
        )}
      />
    </>
  );
}
