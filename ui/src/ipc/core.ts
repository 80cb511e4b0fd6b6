import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "../bindings/ApiError";
import type { ErrorCode } from "../bindings/ErrorCode";
import { ERROR_KEYS, IMPORT_FILE_KEYS } from "../errors";

/** Every code the core sends: the keys of the exhaustive code → message table. */
const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys(ERROR_KEYS));

/** Anything a command can reject with, turned into the one error shape the UI handles. */
export function toApiError(raw: unknown): ApiError {
  if (raw && typeof raw === "object" && "code" in raw) {
    const obj = raw as Partial<ApiError>;
    const code: ErrorCode =
      typeof obj.code === "string" && KNOWN_CODES.has(obj.code) ? obj.code : "internal";
    return {
      code,
      message: typeof obj.message === "string" ? obj.message : String(obj.code),
      fields: Array.isArray(obj.fields) ? obj.fields : [],
      ...(typeof obj.subject === "string" ? { subject: obj.subject } : {}),
      ...(Array.isArray(obj.glyphs) ? { glyphs: obj.glyphs } : {}),
      ...(typeof obj.importReason === "string" && obj.importReason in IMPORT_FILE_KEYS
        ? { importReason: obj.importReason }
        : {}),
      ...(obj.chainBreak && typeof obj.chainBreak === "object"
        ? { chainBreak: obj.chainBreak }
        : {}),
    };
  }
  // Tauri itself rejects with plain strings (unknown command, bad arguments, …).
  const message = raw instanceof Error ? raw.message : String(raw);
  return { code: "internal", message, fields: [] };
}

export function isApiError(value: unknown): value is ApiError {
  return (
    !!value &&
    typeof value === "object" &&
    "code" in value &&
    "fields" in value &&
    Array.isArray((value as ApiError).fields)
  );
}

/** The only place that calls `invoke`: every rejection comes out as an ApiError. */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}
