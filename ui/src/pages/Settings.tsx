import { Card, Descriptions, Radio, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AppInfo } from "../bindings/AppInfo";
import type { Language } from "../bindings/Language";
import { LANGUAGES } from "../i18n";

type Props = {
  info: AppInfo | null;
  language: Language;
  onLanguage: (language: Language) => void;
};

export function SettingsPage({ info, language, onLanguage }: Props) {
  const { t } = useTranslation();
  return (
    <Card title={t("settings.title")} style={{ maxWidth: 760 }}>
      <Descriptions column={1} bordered size="middle">
        <Descriptions.Item label={t("settings.language")}>
          <Radio.Group
            data-testid="settings-language"
            value={language}
            onChange={(e) => onLanguage(e.target.value as Language)}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          />
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
  );
}
