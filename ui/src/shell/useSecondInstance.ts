import { listen } from "@tauri-apps/api/event";
import { App } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** A second start on the same database brings this window forward; say why no new one opened. */
export function useSecondInstance() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    listen("second-instance", () => {
      void message.info({ content: t("app.secondInstance"), duration: 8 });
    })
      .then((unlisten) => {
        if (gone) unlisten();
        else stop = unlisten;
      })
      .catch(() => {
        // Outside the app window (unit tests, a browser) there is no second start to hear of.
      });
    return () => {
      gone = true;
      stop?.();
    };
  }, [message, t]);
}
