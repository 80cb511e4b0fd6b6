import { App } from "antd";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";

/** Key of the one error notice: a new error replaces the one shown instead of stacking up. */
const NOTICE_KEY = "error";

/**
 * Shows an error that needs reading: a notice in the lower right corner, away from the top bar's
 * scope selector, that stays until the user closes it (a 3-second message vanished before a
 * secretary had read it). Successes stay brief messages.
 */
export function useErrorNotice(): (text: string) => void {
  const { notification } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (text: string) =>
      notification.error({
        key: NOTICE_KEY,
        title: t("common.errorTitle"),
        description: <span data-testid="error-notice">{text}</span>,
        duration: 0,
        placement: "bottomRight",
      }),
    [notification, t],
  );
}
