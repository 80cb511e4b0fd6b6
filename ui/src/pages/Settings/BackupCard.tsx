import { CloudDownloadOutlined, HistoryOutlined, SaveOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  InputNumber,
  Modal,
  Space,
  Table,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { AppSettings } from "../../bindings/AppSettings";
import type { BackupFile } from "../../bindings/BackupFile";
import type { BackupList } from "../../bindings/BackupList";
import type { BackupManifest } from "../../bindings/BackupManifest";
import { errorMessage } from "../../errors";
import {
  backupFileName,
  backupNow,
  inspectBackup,
  listBackups,
  pickBackupFile,
  pickBackupTarget,
  restoreBackup,
} from "../../ipc/backup";
import { useErrorNotice } from "../../shell/useErrorNotice";

const MAX_KEEP = 100;

/** 1.5 MB, 820 KB, 12 B: enough to tell a backup with photos from one without. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

const when = (at: string) => dayjs(at).format("YYYY-MM-DD HH:mm:ss");

type Props = {
  settings: AppSettings;
  onSettings: (settings: AppSettings) => Promise<void>;
  /** After a restore every page must read the data again. */
  onRestored: () => void;
  /** The database did not open: only restoring is offered (no backup of the stand-in, no settings). */
  rescue?: boolean;
};

/** 备份与恢复: a backup now, a restore after showing what the backup holds, the daily backups. */
export function BackupCard({ settings, onSettings, onRestored, rescue = false }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [list, setList] = useState<BackupList | null>(null);
  const [busy, setBusy] = useState(false);
  const [keep, setKeep] = useState<number>(settings.autoBackupKeep);
  const [chosen, setChosen] = useState<{ path: string; manifest: BackupManifest } | null>(null);
  useEffect(() => setKeep(settings.autoBackupKeep), [settings.autoBackupKeep]);

  const load = useCallback(async () => {
    try {
      setList(await listBackups());
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  }, [t, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  const backup = async () => {
    try {
      const target = await pickBackupTarget(await backupFileName(), t("backup.filter"));
      if (!target) return;
      setBusy(true);
      const done = await backupNow(target);
      message.success(t("backup.done", { path: done.path, size: formatBytes(done.bytes) }));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  /** Reads the backup first: the user sees what it holds before anything is replaced. */
  const choose = async (path: string | null) => {
    if (!path) return;
    setBusy(true);
    try {
      setChosen({ path, manifest: await inspectBackup(path) });
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const pickAndChoose = async () => {
    try {
      await choose(await pickBackupFile(t("backup.filter")));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  const restore = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      await restoreBackup(chosen.path);
      setChosen(null);
      message.success(t("backup.restored"));
      onRestored();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const saveKeep = async () => {
    setBusy(true);
    try {
      await onSettings({ ...settings, autoBackupKeep: keep });
      message.success(t("settings.saved"));
      await load();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const m = chosen?.manifest;
  return (
    <Card title={t("backup.title")} data-testid="backup-card">
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Space wrap>
          {!rescue && (
            <Button
              type="primary"
              icon={<SaveOutlined />}
              onClick={backup}
              loading={busy}
              data-testid="backup-now"
            >
              {t("backup.now")}
            </Button>
          )}
          <Button
            type={rescue ? "primary" : "default"}
            icon={<HistoryOutlined />}
            onClick={pickAndChoose}
            disabled={busy}
            data-testid="backup-restore"
          >
            {t("backup.restore")}
          </Button>
          <Typography.Text type="secondary">{t("backup.help")}</Typography.Text>
        </Space>
        {!rescue && (
          <Space wrap>
            <span>{t("backup.keep")}</span>
            <InputNumber
              min={1}
              max={MAX_KEEP}
              precision={0}
              value={keep}
              onChange={(v) => setKeep(v ?? 1)}
              suffix={t("backup.keepUnit")}
              data-testid="backup-keep"
              style={{ width: 110 }}
            />
            <Button
              onClick={saveKeep}
              loading={busy}
              disabled={keep === settings.autoBackupKeep}
              data-testid="backup-keep-save"
            >
              {t("common.save")}
            </Button>
          </Space>
        )}
        <Typography.Text type="secondary" data-testid="backup-dir">
          {t("backup.dir", { dir: list?.dir ?? "…" })}
        </Typography.Text>
        <Table<BackupFile>
          size="small"
          rowKey="name"
          pagination={false}
          data-testid="backup-list"
          dataSource={list?.files ?? []}
          loading={!list}
          locale={{ emptyText: t("backup.empty") }}
          columns={[
            { title: t("backup.when"), dataIndex: "createdAt", render: when },
            {
              title: t("backup.size"),
              dataIndex: "bytes",
              render: (b: number) => formatBytes(b),
            },
            {
              title: "",
              key: "restore",
              render: (_: unknown, f) => (
                <Button
                  size="small"
                  icon={<CloudDownloadOutlined />}
                  onClick={() => void choose(f.path)}
                  disabled={busy}
                  data-testid={`backup-restore-${f.name}`}
                >
                  {t("backup.restoreThis")}
                </Button>
              ),
            },
          ]}
        />
      </Space>
      <Modal
        open={!!chosen}
        title={t("backup.confirmTitle")}
        onCancel={() => setChosen(null)}
        onOk={restore}
        okText={t("backup.confirm")}
        okButtonProps={{ danger: true, loading: busy, "data-testid": "backup-restore-confirm" }}
        cancelText={t("common.cancel")}
        destroyOnHidden
      >
        {m && (
          <Space orientation="vertical" style={{ width: "100%" }} data-testid="backup-manifest">
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t("backup.when")} span={2}>
                {when(m.createdAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.appVersion")}>{m.appVersion}</Descriptions.Item>
              <Descriptions.Item label={t("backup.photoFiles")}>
                {formatBytes(m.photoBytes)}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.towns")}>
                {m.counts.towns}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.communities")}>
                {m.counts.communities}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.branches")}>
                {m.counts.branches}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.members")}>
                {m.counts.members}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.activities")}>
                {m.counts.activities}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.points")}>
                {m.counts.points}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.reviews")}>
                {m.counts.reviews}
              </Descriptions.Item>
              <Descriptions.Item label={t("backup.counts.photos")}>
                {m.counts.photos}
              </Descriptions.Item>
              {m.reviewAudit && (
                <Descriptions.Item label={t("backup.reviewAudit")} span={2}>
                  {t("backup.reviewAuditValue", {
                    entries: m.reviewAudit.entries,
                    hash: m.reviewAudit.hash?.slice(0, 12) ?? "—",
                  })}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Alert type="warning" showIcon title={t("backup.warning")} />
          </Space>
        )}
      </Modal>
    </Card>
  );
}
