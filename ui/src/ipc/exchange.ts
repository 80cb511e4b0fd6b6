import { open, save } from "@tauri-apps/plugin-dialog";
import type { ConflictChoice } from "../bindings/ConflictChoice";
import type { ExchangeExportDone as ExportDone } from "../bindings/ExchangeExportDone";
import type { ExchangeFileKind } from "../bindings/ExchangeFileKind";
import type { ExchangeImportDone as ImportDone } from "../bindings/ExchangeImportDone";
import type { ExchangePreview } from "../bindings/ExchangePreview";
import { call, toApiError } from "./core";

/** The name the save dialog suggests: <支部>-支部数据-YYYY-MM-DD.bpx. */
export const exchangeFileName = (branchId: string, kind: ExchangeFileKind) =>
  call<string>("exchange_file_name", { branchId, kind });
export const exportExchange = (branchId: string, kind: ExchangeFileKind, path: string) =>
  call<ExportDone>("export_exchange", { branchId, kind, path });
/** What importing the file would do; nothing is written. */
export const previewExchange = (path: string) =>
  call<ExchangePreview>("preview_exchange", { path });
/** Imports with a choice for every conflict, all or nothing. */
export const importExchange = (path: string, choices: ConflictChoice[]) =>
  call<ImportDone>("import_exchange", { path, choices });

/** Asks where to write an exchange file; null when the user cancels. */
export async function pickExchangeTarget(defaultPath: string, filterName: string) {
  try {
    return await save({ defaultPath, filters: [{ name: filterName, extensions: ["bpx"] }] });
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** Asks for an exchange file to import; null when the user cancels. */
export async function pickExchangeFile(title: string, filterName: string): Promise<string | null> {
  try {
    const picked = await open({
      title,
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions: ["bpx"] }],
    });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}
