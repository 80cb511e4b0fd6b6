import { ExportOutlined, ImportOutlined } from "@ant-design/icons";
import { App, Button, Card, Select, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { ConflictChoice } from "../../bindings/ConflictChoice";
import type { ExchangeFileKind } from "../../bindings/ExchangeFileKind";
import type { ExchangePreview } from "../../bindings/ExchangePreview";
import { errorMessage } from "../../errors";
import {
  exchangeFileName,
  exportExchange,
  importExchange,
  pickExchangeFile,
  pickExchangeTarget,
  previewExchange,
} from "../../ipc/exchange";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { formatBytes } from "./BackupCard";
import { ExchangePreviewModal } from "./ExchangePreviewModal";

export type ExchangeBranch = { id: string; name: string; community: string };

type Props = {
  branches: ExchangeBranch[];
  /** The branch picked in the top bar, if any: offered first. */
  initialBranch: string | null;
  /** After an import every page must read the data again. */
  onImported: () => void;
};

/**
 * 数据交换: a branch's data to one .bpx file for the community (or another computer), the
 * community's decisions back to a branch, and importing such a file after a preview.
 */
export function ExchangeCard({ branches, initialBranch, onImported }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [branch, setBranch] = useState<string | null>(initialBranch);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<ExchangePreview | null>(null);
  useEffect(() => {
    if (!branch && initialBranch) setBranch(initialBranch);
  }, [branch, initialBranch]);

  const exportFile = async (kind: ExchangeFileKind) => {
    if (!branch) return;
    try {
      const target = await pickExchangeTarget(
        await exchangeFileName(branch, kind),
        t("exchange.filter"),
      );
      if (!target) return;
      setBusy(true);
      const done = await exportExchange(branch, kind, target);
      message.success(t("exchange.exported", { path: done.path, size: formatBytes(done.bytes) }));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const pickAndPreview = async () => {
    try {
      const path = await pickExchangeFile(t("exchange.import"), t("exchange.filter"));
      if (!path) return;
      setBusy(true);
      setPreview(await previewExchange(path));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (choices: ConflictChoice[]) => {
    if (!preview) return;
    setBusy(true);
    try {
      const done = await importExchange(preview.path, choices);
      const written = done.kinds.reduce((n, k) => n + k.new + k.changed, 0);
      setPreview(null);
      message.success(t("exchange.imported", { count: written }));
      onImported();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t("exchange.title")} data-testid="exchange-card">
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Text type="secondary">{t("exchange.help")}</Typography.Text>
        <Space wrap>
          <Select
            style={{ minWidth: 260 }}
            placeholder={t("exchange.pickBranch")}
            value={branch ?? undefined}
            onChange={setBranch}
            data-testid="exchange-branch"
            options={branches.map((b) => ({ value: b.id, label: `${b.community} · ${b.name}` }))}
            notFoundContent={t("exchange.noBranches")}
          />
          <Button
            type="primary"
            icon={<ExportOutlined />}
            onClick={() => void exportFile("branch")}
            disabled={!branch}
            loading={busy}
            data-testid="exchange-export"
          >
            {t("exchange.exportBranch")}
          </Button>
          <Button
            icon={<ExportOutlined />}
            onClick={() => void exportFile("decisions")}
            disabled={!branch}
            loading={busy}
            data-testid="exchange-export-decisions"
          >
            {t("exchange.exportDecisions")}
          </Button>
        </Space>
        <Space wrap>
          <Button
            icon={<ImportOutlined />}
            onClick={pickAndPreview}
            loading={busy}
            data-testid="exchange-import"
          >
            {t("exchange.import")}
          </Button>
          <Typography.Text type="secondary">{t("exchange.importHelp")}</Typography.Text>
        </Space>
      </Space>
      <ExchangePreviewModal
        preview={preview}
        busy={busy}
        onCancel={() => setPreview(null)}
        onConfirm={(choices) => void confirm(choices)}
      />
    </Card>
  );
}
