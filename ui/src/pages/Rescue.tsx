import { Alert, Result, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import type { AppSettings } from "../bindings/AppSettings";
import { errorMessage } from "../errors";
import { BackupCard } from "./Settings/BackupCard";

type Props = {
  problem: ApiError;
  dbPath: string;
  settings: AppSettings;
};

/**
 * The database file did not open (damaged, from a newer app): the window says why and offers
 * the way out, a restore from an automatic backup or a chosen file. The damaged file is kept
 * aside by the restore, never deleted.
 */
export function RescuePage({ problem, dbPath, settings }: Props) {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 900, margin: "0 auto", padding: 24 }} data-testid="rescue-page">
      <Result
        status="warning"
        title={t("rescue.title")}
        subTitle={
          <Space orientation="vertical">
            <Typography.Text>{t("rescue.what")}</Typography.Text>
            <Typography.Text type="secondary" copyable data-testid="rescue-path">
              {dbPath}
            </Typography.Text>
          </Space>
        }
        style={{ paddingBlock: 16 }}
      />
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Alert
          type="error"
          showIcon
          title={errorMessage(t, problem)}
          description={problem.message}
          data-testid="rescue-reason"
        />
        <Typography.Paragraph>{t("rescue.how")}</Typography.Paragraph>
        <BackupCard
          rescue
          settings={settings}
          onSettings={async () => {}}
          onRestored={() => window.location.reload()}
        />
      </Space>
    </div>
  );
}
