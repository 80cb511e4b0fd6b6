import { Badge, Button, Layout, Menu, Space, Spin, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppInfo } from "../bindings/AppInfo";
import type { AppSettings } from "../bindings/AppSettings";
import type { Language } from "../bindings/Language";
import { type ActivitiesIntent, ActivitiesPage } from "../pages/Activities/ActivitiesPage";
import { CalendarPage } from "../pages/Calendar/CalendarPage";
import { HomePage } from "../pages/Home";
import { PointsPage } from "../pages/Points/PointsPage";
import { PrintPage } from "../pages/Print/PrintPage";
import { RegisterPage } from "../pages/Register/RegisterPage";
import { ReviewsPage } from "../pages/Reviews/ReviewsPage";
import { SettingsPage } from "../pages/Settings/SettingsPage";
import { useReminders as useReminderList } from "../state/reminders";
import { MENU, type PageId } from "./menu";
import { ScopeSelector } from "./ScopeSelector";
import { useReminders } from "./useReminders";
import { useSecondInstance } from "./useSecondInstance";

/** 统计 carries ECharts: loaded when first opened, so start-up does not parse it. */
const StatsPage = lazy(() =>
  import("../pages/Stats/StatsPage").then((m) => ({ default: m.StatsPage })),
);

type Props = {
  info: AppInfo | null;
  language: Language;
  onLanguage: (language: Language) => void;
  settings: AppSettings;
  onSettings: (settings: AppSettings) => Promise<void>;
  initialPage: PageId;
  /** First run: the welcome page takes the content area until the user picks a start. */
  welcome?: (done: () => void) => ReactNode;
};

/** Sider menu, top bar (name, scope, language) and the current page. */
export function AppShell({
  info,
  language,
  onLanguage,
  settings,
  onSettings,
  initialPage,
  welcome,
}: Props) {
  const { t } = useTranslation();
  const [page, setPage] = useState<PageId>(initialPage);
  /** What the home card asked the activities page to open. */
  const [intent, setIntent] = useState<ActivitiesIntent | null>(null);
  /** Counts menu clicks: choosing 活动记录 again leaves an open activity for the list. */
  const [visit, setVisit] = useState(0);
  const openActivities = (next: ActivitiesIntent | null) => {
    setIntent(next);
    setPage("activities");
  };
  useReminders(!welcome);
  useSecondInstance();
  const { unread } = useReminderList();

  const content = () => {
    if (welcome) return welcome(() => setPage("register"));
    switch (page) {
      case "home":
        return (
          <HomePage
            onOpenRegister={() => setPage("register")}
            onOpenCalendar={() => setPage("calendar")}
            onOpenActivities={openActivities}
            onOpenPoints={() => setPage("points")}
          />
        );
      case "register":
        return <RegisterPage />;
      case "calendar":
        return <CalendarPage />;
      case "activities":
        return <ActivitiesPage key={visit} intent={intent} onIntentDone={() => setIntent(null)} />;
      case "points":
        return <PointsPage />;
      case "reviews":
        return <ReviewsPage />;
      case "stats":
        return (
          <Suspense fallback={<Spin style={{ margin: 48 }} />}>
            <StatsPage />
          </Suspense>
        );
      case "printing":
        return <PrintPage />;
      case "settings":
        return (
          <SettingsPage
            info={info}
            language={language}
            onLanguage={onLanguage}
            settings={settings}
            onSettings={onSettings}
          />
        );
    }
  };

  return (
    <Layout style={{ height: "100vh" }}>
      <Layout.Header
        style={{
          display: "flex",
          alignItems: "center",
          gap: 16,
          paddingInline: 20,
          background: "#b71c1c",
        }}
      >
        <Typography.Title level={4} style={{ color: "#fff", margin: 0, whiteSpace: "nowrap" }}>
          {t("app.name")}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        {info?.readOnly && (
          <Tooltip title={t("app.readOnlyHint", { path: info.dbPath })}>
            <Tag color="orange" data-testid="read-only" style={{ marginInlineEnd: 0 }}>
              {t("app.readOnly")}
            </Tag>
          </Tooltip>
        )}
        {info?.todayFixed && (
          <Tooltip title={t("app.fixedDayHint")}>
            <Tag color="gold" data-testid="fixed-day" style={{ marginInlineEnd: 0 }}>
              {t("app.fixedDay", { date: dayjs(info.today).format(t("calendar.dateFormatYear")) })}
            </Tag>
          </Tooltip>
        )}
        <Space>
          {!welcome && <ScopeSelector />}
          <Button
            data-testid="language-switch"
            onClick={() => onLanguage(language === "zh-CN" ? "en" : "zh-CN")}
          >
            {t("language.switchTo")}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={150} theme="light">
          <Menu
            mode="inline"
            selectedKeys={[page]}
            onClick={(e) => {
              setPage(e.key as PageId);
              setVisit((v) => v + 1);
            }}
            items={MENU.map((m) => ({
              key: m.id,
              icon: m.icon,
              label: (
                <span data-testid={`menu-${m.id}`}>
                  {t(m.labelKey)}
                  {m.id === "home" && unread > 0 && (
                    <Badge
                      count={unread}
                      size="small"
                      data-testid="home-reminder-badge"
                      title={t("menu.unreadReminders", { count: unread })}
                      style={{ marginInlineStart: 6 }}
                    />
                  )}
                </span>
              ),
            }))}
            style={{ height: "100%", borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content
          style={{
            padding: 16,
            overflow: page === "register" ? "hidden" : "auto",
            minWidth: 0,
          }}
        >
          {content()}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
