import { App as AntApp, ConfigProvider, Spin } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "./bindings/ApiError";
import type { AppInfo } from "./bindings/AppInfo";
import type { AppSettings } from "./bindings/AppSettings";
import type { Language } from "./bindings/Language";
import { errorMessage } from "./errors";
import i18n from "./i18n";
import { appInfo, getSettings, saveSettings } from "./ipc/app";
import { setAppToday } from "./lib/today";
import { RescuePage } from "./pages/Rescue";
import { WelcomePage } from "./pages/Welcome";
import { AppShell } from "./shell/AppShell";
import { useErrorNotice } from "./shell/useErrorNotice";
import { OrgProvider, useOrg } from "./state/org";

function applyLanguage(language: Language) {
  void i18n.changeLanguage(language);
  dayjs.locale(language === "en" ? "en" : "zh-cn");
}

/** Root: locale providers around the app. The language is state here because antd needs it. */
export default function App() {
  const [language, setLanguage] = useState<Language>("zh-CN");
  return (
    <ConfigProvider
      locale={language === "en" ? enUS : zhCN}
      theme={{ token: { colorPrimary: "#c62828", borderRadius: 4 } }}
      // antd spaces out two-character Chinese labels ("中 文"); labels here are written as meant.
      button={{ autoInsertSpace: false }}
    >
      <AntApp
        style={{ height: "100%" }}
        // Brief messages open below the top bar, not over its scope selector.
        message={{ top: 72 }}
      >
        <OrgProvider>
          <Startup
            language={language}
            onLanguage={(l) => {
              applyLanguage(l);
              setLanguage(l);
            }}
          />
        </OrgProvider>
      </AntApp>
    </ConfigProvider>
  );
}

type Phase = "loading" | "welcome" | "ready" | "rescue";

/** Reads the saved language and whether this is a first run, then shows welcome or the shell. */
function Startup({
  language,
  onLanguage,
}: {
  language: Language;
  onLanguage: (l: Language) => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorNotice();
  const { reload } = useOrg();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [settings, setSettings] = useState<AppSettings>({
    language,
    reminderDaysBefore: 3,
    autoBackupKeep: 10,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once at start.
  useEffect(() => {
    (async () => {
      try {
        const saved = await getSettings();
        setSettings(saved);
        onLanguage(saved.language);
        const i = await appInfo();
        setAppToday(i.today);
        setInfo(i);
        setPhase(i.databaseProblem ? "rescue" : i.registerEmpty ? "welcome" : "ready");
      } catch (e) {
        showError(errorMessage(t, e as ApiError));
        setPhase("ready");
      }
    })();
  }, []);

  const changeLanguage = async (l: Language) => {
    onLanguage(l);
    const next = { ...settings, language: l };
    setSettings(next);
    try {
      await saveSettings(next);
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  /** Saves every setting; the settings page shows the error itself. */
  const changeSettings = async (next: AppSettings) => {
    const saved = await saveSettings(next);
    setSettings(saved);
  };

  if (phase === "loading") return <Spin fullscreen description={t("app.loading")} />;
  if (phase === "rescue" && info?.databaseProblem) {
    return <RescuePage problem={info.databaseProblem} dbPath={info.dbPath} settings={settings} />;
  }
  return (
    <AppShell
      info={info}
      language={language}
      onLanguage={changeLanguage}
      settings={settings}
      onSettings={changeSettings}
      initialPage={info?.registerEmpty ? "register" : "home"}
      welcome={
        phase === "welcome"
          ? (done) => (
              <WelcomePage
                onDone={() => {
                  void reload();
                  setPhase("ready");
                  done();
                }}
              />
            )
          : undefined
      }
    />
  );
}
