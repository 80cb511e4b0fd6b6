// Activity-day reminders given in this window. They used to float as toasts in the corner, where
// they stayed over the action buttons of every page and took the clicks meant for them. Now the
// 首页 menu item carries a badge with the number not yet seen, and 首页 lists them until the user
// closes them; the OS notification still comes as well. The core records each reminder as shown,
// so none comes twice for the same day, even after a restart.
import { useSyncExternalStore } from "react";
import type { Reminder } from "../bindings/Reminder";

export type RemindersState = {
  /** Delivered and not closed, oldest first. */
  items: Reminder[];
  /** How many of them were delivered since 首页 was last looked at. */
  unread: number;
};

let state: RemindersState = { items: [], unread: 0 };
const listeners = new Set<() => void>();

function set(next: RemindersState) {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useReminders(): RemindersState {
  return useSyncExternalStore(subscribe, () => state);
}

/** One reminder per branch, day and kind: a second delivery of the same one is ignored. */
export const reminderKey = (r: Reminder) => `${r.branchId}|${r.date}|${r.kind}`;

/** Adds reminders just given; each new one counts as unread. */
export function deliverReminders(reminders: readonly Reminder[]) {
  const known = new Set(state.items.map(reminderKey));
  const fresh = reminders.filter((r) => {
    const key = reminderKey(r);
    if (known.has(key)) return false;
    known.add(key);
    return true;
  });
  if (fresh.length === 0) return;
  set({ items: [...state.items, ...fresh], unread: state.unread + fresh.length });
}

/** 首页 showed them: the badge goes. */
export function markRemindersRead() {
  if (state.unread > 0) set({ ...state, unread: 0 });
}

/** Closes one reminder (by its key), or all of them. */
export function closeReminders(key?: string) {
  const items = key === undefined ? [] : state.items.filter((r) => reminderKey(r) !== key);
  set({ items, unread: Math.min(state.unread, items.length) });
}

/** Only reminders of days still ahead (or today) are worth showing: older ones close themselves. */
export function current(items: readonly Reminder[], todayIso: string): Reminder[] {
  return items.filter((r) => r.date >= todayIso);
}
