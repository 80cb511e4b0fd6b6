import { open, save } from "@tauri-apps/plugin-dialog";
import type { BackupDone } from "../bindings/BackupDone";
import type { BackupList } from "../bindings/BackupList";
import type { BackupManifest } from "../bindings/BackupManifest";
import type { RestoreOutcome } from "../bindings/RestoreOutcome";
import { call, toApiError } from "./core";

/** The dated name the save dialog suggests: 支部活动规划备份-YYYY-MM-DD-HHMMSS.bpbak. */
export const backupFileName = () => call<string>("backup_file_name");
export const backupNow = (path: string) => call<BackupDone>("backup_now", { path });
export const inspectBackup = (path: string) => call<BackupManifest>("inspect_backup", { path });
/** Replaces the data with the backup's; the core backs up the current data first. */
export const restoreBackup = (path: string) => call<RestoreOutcome>("restore_backup", { path });
export const listBackups = () => call<BackupList>("list_backups");

/** Asks where to write a backup; null when the user cancels. */
export async function pickBackupTarget(defaultPath: string, filterName: string) {
  try {
    return await save({ defaultPath, filters: [{ name: filterName, extensions: ["bpbak"] }] });
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** Asks for a backup file to restore; null when the user cancels. */
export async function pickBackupFile(filterName: string): Promise<string | null> {
  try {
    const picked = await open({
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions: ["bpbak"] }],
    });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}
