import { App, Button, Card, Form, InputNumber, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityWeekRule } from "../../bindings/ActivityWeekRule";
import type { ApiError } from "../../bindings/ApiError";
import type { CommunitySchedule } from "../../bindings/CommunitySchedule";
import { placeFormError } from "../../errors";
import { saveCommunitySchedule } from "../../ipc/schedule";

export const RULES: readonly ActivityWeekRule[] = [
  "second-weekday",
  "second-monday-week",
  "second-calendar-row",
];

type Values = { rule: ActivityWeekRule; dayShareLimit: number; venues: string[] };
const FIELDS = ["rule", "dayShareLimit", "venues"] as const;

/** The community's rule, how many branches may share a day, and its shared venues. */
export function CommunitySettingsCard({
  settings,
  onSaved,
}: {
  settings: CommunitySchedule;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (v: Values) => {
    setBusy(true);
    try {
      await saveCommunitySchedule({
        communityId: settings.communityId,
        rule: v.rule,
        dayShareLimit: v.dayShareLimit,
        venues: v.venues.map((x) => x.trim()).filter(Boolean),
      });
      message.success(t("community.saved"));
      onSaved();
    } catch (e) {
      const rest = placeFormError(t, form, "community", e as ApiError, FIELDS);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t("community.settings")} data-testid="community-settings">
      <Form
        form={form}
        layout="vertical"
        size="small"
        key={JSON.stringify(settings)}
        initialValues={settings}
        onFinish={save}
      >
        <Form.Item name="rule" label={t("community.rule")}>
          <Select
            data-testid="community-rule"
            options={RULES.map((r) => ({ value: r, label: t(`weekRule.${r}`) }))}
          />
        </Form.Item>
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
