// Activity-day reminders: ask the core which are due, tell the user (OS notification and the
// 首页 list), then record them as shown so each comes once.
import {
  isPermissionGranted,
  requestPermission,
  sendNotification,
} from "@tauri-apps/plugin-notification";
import dayjs from "dayjs";
import type { TFunction } from "i18next";
import type { Reminder } from "./bindings/Reminder";
import { ALL_SCOPE, dueReminders, markRemindersShown } from "./ipc/schedule";

/** How often the shell asks while the app runs. */
export const REMINDER_INTERVAL_MS = 30 * 60 * 1000;

export type ReminderText = { title: string; body: string };

/** 蔬菜种植服务型党支部 3 天后（3月12日 08:30，党群服务中心） */
export function reminderText(t: TFunction, r: Reminder): ReminderText {
  const when =
    r.kind === "onDay" || r.daysUntil <= 0
      ? t("upcoming.today")
      : t("upcoming.inDays", { count: r.daysUntil });
  const args = {
    branch: r.branchName,
    when,
    date: dayjs(r.date).format(t("calendar.dateFormat")),
    time: r.startTime,
    venue: r.venue,
  };
  return {
    title: t("reminders.title"),
    body: r.venue ? t("reminders.body", args) : t("reminders.bodyNoVenue", args),
  };
}

/** The OS notification; false when it is not allowed or not available (no daemon, browser). */
async function notifyOs(text: ReminderText): Promise<boolean> {
  try {
    let granted = await isPermissionGranted();
    if (!granted) granted = (await requestPermission()) === "granted";
    if (!granted) return false;
    sendNotification({ title: text.title, body: text.body });
    return true;
  } catch {
    return false;
  }
}

let running = false;

/**
 * One round: every due reminder goes to the OS and to `showInWindow`, then all are marked shown.
 * Returns the reminders handled (empty when none were due or a round was already running).
 */
export async function checkReminders(
  t: TFunction,
  showInWindow: (reminder: Reminder, text: ReminderText) => void,
): Promise<Reminder[]> {
  if (running) return [];
  running = true;
  try {
    const due = await dueReminders(ALL_SCOPE);
    if (due.length === 0) return [];
    for (const r of due) {
      const text = reminderText(t, r);
      await notifyOs(text);
      showInWindow(r, text);
    }
    await markRemindersShown(due);
    return due;
  } finally {
    running = false;
  }
}
