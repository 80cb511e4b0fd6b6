import { App, Button, Card, Descriptions, InputNumber, Radio, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { AppInfo } from "../../bindings/AppInfo";
import type { AppSettings } from "../../bindings/AppSettings";
import type { Language } from "../../bindings/Language";
import { errorMessage } from "../../errors";
import { LANGUAGES } from "../../i18n";
import { allBranches } from "../../lib/orgTree";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { useOrg } from "../../state/org";
import { BackupCard } from "./BackupCard";
import { ExchangeCard } from "./ExchangeCard";
import { HolidaysCard } from "./HolidaysCard";

type Props = {
  info: AppInfo | null;
  language: Language;
  onLanguage: (language: Language) => void;
  settings: AppSettings;
  onSettings: (settings: AppSettings) => Promise<void>;
};

export function SettingsPage({ info, language, onLanguage, settings, onSettings }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const { tree, scope, reload } = useOrg();
  const branches = (tree ? allBranches(tree) : []).map((p) => ({
    id: p.node.branch.id,
    name: p.node.branch.name,
    community: p.community.community.name,
  }));
  const [days, setDays] = useState<number>(settings.reminderDaysBefore);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDays(settings.reminderDaysBefore), [settings.reminderDaysBefore]);

  const saveDays = async () => {
    setBusy(true);
    try {
      await onSettings({ ...settings, language, reminderDaysBefore: days });
      message.success(t("settings.saved"));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 860, display: "flex", flexDirection: "column", gap: 16 }}>
      <Card title={t("settings.title")}>
        <Descriptions column={1} bordered size="middle">
          <Descriptions.Item label={t("settings.language")}>
            <Radio.Group
              data-testid="settings-language"
              value={language}
              onChange={(e) => onLanguage(e.target.value as Language)}
              options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
            />
          </Descriptions.Item>
          <Descriptions.Item label={t("settings.reminderDays")}>
            <Space wrap>
              <InputNumber
                min={0}
                max={30}
                precision={0}
                value={days}
                onChange={(v) => setDays(v ?? 0)}
                suffix={t("settings.reminderUnit")}
                data-testid="settings-reminder-days"
                style={{ width: 110 }}
              />
              <Button
                onClick={saveDays}
                loading={busy}
                disabled={days === settings.reminderDaysBefore}
                data-testid="settings-reminder-save"
              >
                {t("common.save")}
              </Button>
              <Typography.Text type="secondary">{t("settings.reminderHelp")}</Typography.Text>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t("settings.dbPath")}>
            <Typography.Text copyable={!!info} data-testid="settings-db-path">
              {info?.dbPath ?? "…"}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t("settings.version")}>
            <span data-testid="settings-version">{info?.version ?? "…"}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <BackupCard
        settings={{ ...settings, language }}
        onSettings={onSettings}
        onRestored={() => window.location.reload()}
      />
      <ExchangeCard
        branches={branches}
        initialBranch={scope?.kind === "branch" ? scope.id : null}
        onImported={() => void reload()}
      />
      <HolidaysCard />
    </div>
  );
}
