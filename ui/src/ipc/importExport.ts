import { open, save } from "@tauri-apps/plugin-dialog";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { ImportPreview } from "../bindings/ImportPreview";
import { call, toApiError } from "./core";

export const previewMemberImport = (path: string) =>
  call<ImportPreview>("preview_member_import", { path });
/** Imports the previewed file; `fileDigest` (from its preview) refuses a file changed since. */
export const importMembers = (path: string, fileDigest: string) =>
  call<ImportOutcome>("import_members", { path, fileDigest });
export const exportRegister = (path: string) => call<ExportOutcome>("export_register", { path });

/** Asks for a spreadsheet to import; null when the user cancels. */
export async function pickImportFile(title: string, filterName: string): Promise<string | null> {
  try {
    const picked = await open({
      title,
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions: ["xlsx", "xls", "csv"] }],
    });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** Asks where to write the register; null when the user cancels. */
export async function pickExportFile(defaultPath: string, filterName: string) {
  try {
    return await save({ defaultPath, filters: [{ name: filterName, extensions: ["xlsx"] }] });
  } catch (raw) {
    throw toApiError(raw);
  }
}
