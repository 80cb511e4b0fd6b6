import { Channel } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { BatchOutcome } from "../bindings/BatchOutcome";
import type { BatchProgress } from "../bindings/BatchProgress";
import type { BatchRequest } from "../bindings/BatchRequest";
import type { ExcelJob } from "../bindings/ExcelJob";
import type { PrintJob } from "../bindings/PrintJob";
import type { PrintPreview } from "../bindings/PrintPreview";
import type { SavedFile } from "../bindings/SavedFile";
import type { SavedPdf } from "../bindings/SavedPdf";
import { call, toApiError } from "./core";

/** The document laid out as PNG pages, with the font it is set in. */
export const printPreview = (job: PrintJob) => call<PrintPreview>("print_preview", { job });
/** Writes the PDF and opens it in the system's viewer (which prints). */
export const printOpen = (job: PrintJob) => call<SavedPdf>("print_open", { job });
export const printSave = (job: PrintJob, path: string) =>
  call<SavedPdf>("print_save", { job, path });

/** Asks where to save a PDF; null when the user cancels. */
export async function pickPdfFile(defaultPath: string, filterName: string) {
  try {
    return await save({ defaultPath, filters: [{ name: filterName, extensions: ["pdf"] }] });
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** Writes the Word version of the activity record or the review report. */
export const printSaveDocx = (job: PrintJob, path: string) =>
  call<SavedFile>("print_save_docx", { job, path });
/** A file name to offer for a PDF, from the core (the preview carries the same name). */
export const printFileName = (job: PrintJob) => call<string>("print_file_name", { job });
/** A file name to offer for an Excel export. */
export const exportXlsxName = (job: ExcelJob) => call<string>("export_xlsx_name", { job });
export const exportXlsx = (job: ExcelJob, path: string) =>
  call<SavedFile>("export_xlsx", { job, path });

/** Asks where to save a file of one type; null when the user cancels. */
export async function pickFile(defaultPath: string, filterName: string, extension: string) {
  try {
    return await save({ defaultPath, filters: [{ name: filterName, extensions: [extension] }] });
  } catch (raw) {
    throw toApiError(raw);
  }
}

/**
 * Prints every branch's calendar of the request's scope into `folder`, on a background thread;
 * `onProgress` hears before the first document and after each. Resolves when the batch ends
 * (finished, cancelled or stopped by a write error); rejects with `batchRunning` while another
 * batch runs.
 */
export function printBatch(
  request: BatchRequest,
  folder: string,
  onProgress: (progress: BatchProgress) => void,
) {
  const channel = new Channel<BatchProgress>(onProgress);
  return call<BatchOutcome>("print_batch", { request, folder, onProgress: channel });
}

/** Stops the running batch after its current document; false when none runs. */
export const cancelPrintBatch = () => call<boolean>("cancel_print_batch");

/** Asks for a folder; null when the user cancels. */
export async function pickFolder(title: string) {
  try {
    const picked = await open({ directory: true, multiple: false, title });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}
