import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { ImportPreview } from "../../bindings/ImportPreview";
import { errorMessage } from "../../errors";
import {
  exportRegister,
  importMembers,
  pickExportFile,
  pickImportFile,
  previewMemberImport,
} from "../../ipc/importExport";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { ImportPreviewModal } from "./ImportPreviewModal";

/** Import: pick a file, preview every row, then write all or nothing. Export: the whole register. */
export function ImportExportButtons({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [pending, setPending] = useState<{ path: string; preview: ImportPreview } | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = (e: unknown) => showError(errorMessage(t, e as ApiError));

  const startImport = async () => {
    try {
      const path = await pickImportFile(t("import.pickTitle"), t("import.fileFilter"));
      if (!path) return;
      setBusy(true);
      setPending({ path, preview: await previewMemberImport(path) });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const confirmImport = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const outcome = await importMembers(pending.path, pending.preview.fileDigest);
      message.success(t("import.done", { count: outcome.inserted }));
      setPending(null);
      onImported();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const startExport = async () => {
    try {
      const path = await pickExportFile(t("export.defaultName"), t("export.fileFilter"));
      if (!path) return;
      const outcome = await exportRegister(path);
      message.success(t("export.done", { count: outcome.rows, path: outcome.path }));
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <Button
        icon={<UploadOutlined />}
        onClick={startImport}
        loading={busy && !pending}
        data-testid="import-members"
      >
        {t("members.import")}
      </Button>
      <Button icon={<DownloadOutlined />} onClick={startExport} data-testid="export-register">
        {t("members.export")}
      </Button>
      {pending && (
        <ImportPreviewModal
          preview={pending.preview}
          importing={busy}
          onConfirm={confirmImport}
          onCancel={() => setPending(null)}
        />
      )}
    </>
  );
}
