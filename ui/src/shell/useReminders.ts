import { App } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { checkReminders, REMINDER_INTERVAL_MS } from "../reminders";

/** At start and every 30 minutes: due activity-day reminders, in the OS and in the window. */
export function useReminders(enabled: boolean) {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  useEffect(() => {
    if (!enabled) return;
    const run = () =>
      checkReminders(t, (text) =>
        notification.info({
          title: text.title,
          description: text.body,
          placement: "bottomRight",
          duration: 0,
        }),
      ).catch(() => {
        // A failed round is retried at the next tick; reminders are not worth an error dialog.
      });
    void run();
    const timer = window.setInterval(run, REMINDER_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [enabled, t, notification]);
}
