import { invoke } from "@tauri-apps/api/core";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { appTodayIso, setAppToday } from "../lib/today";
import { OrgProvider } from "../state/org";
import { closeReminders } from "../state/reminders";
import { installFakeBackend } from "../test/fakeBackend";
import { renderWithApp } from "../test/render";
import { AppShell } from "./AppShell";

vi.mock("@tauri-apps/plugin-notification", () => ({
  isPermissionGranted: vi.fn(async () => true),
  requestPermission: vi.fn(async () => "granted"),
  sendNotification: vi.fn(),
}));

/** The fake's 蔬菜种植党支部 meets on Wednesdays: 9 December 2026 is its December day. */
const DAY = "2026-12-09";

function shell(initialPage: "home" | "calendar") {
  return renderWithApp(
    <OrgProvider>
      <AppShell
        info={{
          version: "0.1.0",
          dbPath: "/tmp/planner.sqlite3",
          registerEmpty: false,
          today: appTodayIso(),
          todayFixed: true,
          readOnly: false,
        }}
        language="zh-CN"
        onLanguage={() => {}}
        settings={{ language: "zh-CN", reminderDaysBefore: 3, autoBackupKeep: 10 }}
        onSettings={async () => {}}
        initialPage={initialPage}
      />
    </OrgProvider>,
  );
}

describe("activity-day reminders in the window", () => {
  beforeEach(() => closeReminders());

  it("three days ahead: a badge on 首页 while elsewhere, the list on 首页, no toast", async () => {
    setAppToday("2026-12-06");
    const backend = installFakeBackend();
    shell("calendar");
    const badge = await screen.findByTestId("home-reminder-badge");
    expect(badge).toHaveTextContent("1");
    expect(document.querySelector(".ant-notification-notice")).toBeNull();
    expect(backend.calls.filter((c) => c.cmd === "mark_reminders_shown")).toHaveLength(1);
    // The top bar says the day is fixed, so nobody takes it for the machine's day.
    expect(screen.getByTestId("fixed-day")).toHaveTextContent("按 2026年12月6日 运行");

    fireEvent.click(screen.getByTestId("menu-home"));
    const list = await screen.findByTestId("home-reminders");
    expect(
      within(list).getByText(/蔬菜种植党支部 3 天后（12月9日 08:30，党群服务中心）/),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId("home-reminder-badge")).toBeNull());

    fireEvent.click(within(list).getByTestId("home-reminder-close"));
    await waitFor(() => expect(screen.queryByTestId("home-reminders")).toBeNull());
  });

  it("on the day itself the reminder says 今天; one given before is not given again", async () => {
    setAppToday(DAY);
    installFakeBackend();
    shell("home");
    const list = await screen.findByTestId("home-reminders");
    expect(within(list).getByText(/蔬菜种植党支部 今天（12月9日 08:30/)).toBeInTheDocument();
    // Seen on 首页 at once: no badge is left over.
    await waitFor(() => expect(screen.queryByTestId("home-reminder-badge")).toBeNull());
    const due = await invoke("due_reminders", {
      scope: { townId: null, communityId: null, branchId: null },
    });
    expect(due).toEqual([]);
  });

  it("a day without a reminder shows no list and no badge", async () => {
    setAppToday("2026-12-01");
    const backend = installFakeBackend();
    shell("calendar");
    await waitFor(() => expect(backend.calls.some((c) => c.cmd === "due_reminders")).toBe(true));
    expect(screen.queryByTestId("home-reminder-badge")).toBeNull();
    fireEvent.click(screen.getByTestId("menu-home"));
    await screen.findByTestId("menu-home");
    expect(screen.queryByTestId("home-reminders")).toBeNull();
  });
});
