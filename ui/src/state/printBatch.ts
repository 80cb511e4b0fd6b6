// The batch print outlives the 打印 page: a secretary who starts 1,296 calendars and looks at
// another page meanwhile finds the progress (and the cancel button, and later the result) when
// she comes back. One batch runs at a time (the core refuses a second), so one store holds it.
import { useSyncExternalStore } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { BatchOutcome } from "../bindings/BatchOutcome";
import type { BatchProgress } from "../bindings/BatchProgress";
import type { BatchRequest } from "../bindings/BatchRequest";
import { cancelPrintBatch, printBatch } from "../ipc/print";

export type BatchState = {
  running: boolean;
  cancelling: boolean;
  progress: BatchProgress | null;
  outcome: BatchOutcome | null;
  error: ApiError | null;
};

const IDLE: BatchState = {
  running: false,
  cancelling: false,
  progress: null,
  outcome: null,
  error: null,
};

let state = IDLE;
const listeners = new Set<() => void>();

function set(next: Partial<BatchState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useBatchState(): BatchState {
  return useSyncExternalStore(subscribe, () => state);
}

/** Runs a batch into `folder`; the store follows its progress and keeps how it ended. */
export async function startBatch(request: BatchRequest, folder: string) {
  set({ ...IDLE, running: true });
  try {
    const outcome = await printBatch(request, folder, (progress) => set({ progress }));
    set({ outcome });
  } catch (e) {
    set({ error: e as ApiError });
  } finally {
    set({ running: false, cancelling: false });
  }
}

export async function cancelBatch() {
  set({ cancelling: true });
  try {
    await cancelPrintBatch();
  } catch (e) {
    set({ error: e as ApiError });
  }
}

/** An error before any batch starts (the folder dialog failed). */
export const batchFailed = (error: ApiError) => set({ ...IDLE, error });

/** Back to nothing shown (tests start each from here). */
export const resetBatch = () => set(IDLE);
