import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { checkReminders, REMINDER_INTERVAL_MS } from "../reminders";
import { deliverReminders } from "../state/reminders";

/**
 * At start and every 30 minutes: due activity-day reminders go to the OS and to the reminder
 * store (the 首页 badge and list), never over the page.
 */
export function useReminders(enabled: boolean) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!enabled) return;
    const run = () =>
      checkReminders(t, (reminder) => deliverReminders([reminder])).catch(() => {
        // A failed round is retried at the next tick; reminders are not worth an error dialog.
      });
    void run();
    const timer = window.setInterval(run, REMINDER_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [enabled, t]);
}
