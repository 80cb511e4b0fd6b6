import { invoke } from "@tauri-apps/api/core";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import App from "./App";
import i18n from "./i18n";
import { isoDate, mondayIndex } from "./lib/calendar";
import { appToday } from "./lib/today";
import { installFakeBackend } from "./test/fakeBackend";

const rowsOf = (table: HTMLElement) =>
  within(table)
    .queryAllByRole("row")
    .filter((r) => r.getAttribute("data-row-key"));

describe("App", () => {
  it("a database that does not open shows why and offers only a restore", async () => {
    const backend = installFakeBackend({
      problem: { code: "database", message: "file is not a database", fields: [] },
    });
    render(<App />);
    const page = await screen.findByTestId("rescue-page");
    expect(within(page).getByText("数据库文件无法打开")).toBeInTheDocument();
    expect(screen.getByTestId("rescue-reason")).toHaveTextContent("file is not a database");
    expect(screen.getByTestId("backup-restore")).toBeInTheDocument();
    expect(screen.queryByTestId("backup-now")).toBeNull();
    // No page of the app shows the empty stand-in database as if it were the data.
    expect(screen.queryByTestId("menu-register")).toBeNull();
    expect(screen.queryByTestId("start-demo")).toBeNull();
    await waitFor(() => expect(backend.calls.map((c) => c.cmd)).toContain("list_backups"));
  });

  it("a read-only database is marked in the top bar", async () => {
    installFakeBackend({ readOnly: true });
    render(<App />);
    expect(await screen.findByTestId("read-only")).toHaveTextContent("只读");
  });

  it("first run: the demo button loads the demo and opens the register", async () => {
    const backend = installFakeBackend({ empty: true });
    render(<App />);
    fireEvent.click(await screen.findByTestId("start-demo"));
    expect(await screen.findByText("枳沟镇")).toBeInTheDocument();
    expect(backend.calls.map((c) => c.cmd)).toContain("load_demo");
    expect(screen.getByText(/请在左侧选择一个支部/)).toBeInTheDocument();
  });

  it("first run: starting empty asks for a town first", async () => {
    installFakeBackend({ empty: true });
    render(<App />);
    fireEvent.click(await screen.findByTestId("start-empty"));
    expect(
      await screen.findByText("还没有镇（街道）。先添加一个镇，再添加社区和支部。"),
    ).toBeInTheDocument();
    expect(screen.getByTestId("empty-add-town")).toBeInTheDocument();
  });

  it("home lists branches whose committee is incomplete and opens one in the register", async () => {
    installFakeBackend();
    render(<App />);
    const todo = await screen.findByTestId("home-todo");
    expect(within(todo).getByText("蔬菜种植党支部")).toBeInTheDocument();
    expect(within(todo).getByText("支部委员 1/3")).toBeInTheDocument();
    fireEvent.click(within(todo).getByText("农机服务党支部"));
    await waitFor(() =>
      expect(screen.getByTestId("scope-title")).toHaveTextContent("农机服务党支部"),
    );
    const table = screen.getByTestId("member-table");
    await waitFor(() => expect(rowsOf(table)).toHaveLength(1));
    expect(within(table).getByText("孙铁柱")).toBeInTheDocument();
  });

  it("register: a branch shows its committee and members; search filters them", async () => {
    installFakeBackend();
    render(<App />);
    fireEvent.click(await screen.findByTestId("menu-register"));
    fireEvent.click(await screen.findByText("蔬菜种植党支部"));
    expect(await screen.findByText("支部成员")).toBeInTheDocument();
    const table = screen.getByTestId("member-table");
    await waitFor(() => expect(rowsOf(table)).toHaveLength(3));
    expect(within(table).getByText("支部书记")).toBeInTheDocument();

    fireEvent.change(screen.getByTestId("member-search"), { target: { value: "果树" } });
    await waitFor(() => expect(rowsOf(table)).toHaveLength(1));
    expect(within(table).getByText("李秀英")).toBeInTheDocument();
  });

  it("the language switch changes the UI and saves the choice", async () => {
    const backend = installFakeBackend();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("menu-register")).toHaveTextContent("组织"));
    fireEvent.click(screen.getByTestId("language-switch"));
    await waitFor(() => expect(screen.getByTestId("menu-register")).toHaveTextContent("Register"));
    expect(backend.calls).toContainEqual({
      cmd: "save_settings",
      args: { settings: { language: "en", reminderDaysBefore: 3, autoBackupKeep: 10 } },
    });
    await i18n.changeLanguage("zh-CN");
  });

  it("home lists the next activity days of every branch", async () => {
    const backend = installFakeBackend();
    render(<App />);
    const card = await screen.findByTestId("upcoming");
    await waitFor(() =>
      expect(within(card).getAllByText("蔬菜种植党支部").length).toBeGreaterThan(0),
    );
    expect(within(card).getAllByText("农机服务党支部").length).toBeGreaterThan(0);
    // Both branches are in 张家庄社区: one rule, without community names.
    expect(await within(card).findByTestId("upcoming-week-rule")).toHaveTextContent(
      /^活动周：每月8日至14日$/,
    );
    expect(backend.calls).toContainEqual({
      cmd: "upcoming_days",
      args: { scope: { townId: null, communityId: null, branchId: null }, count: 8 },
    });
    expect(backend.calls.map((c) => c.cmd)).toContain("due_reminders");
  });

  it("calendar: a branch's new weekday shows in its year view", async () => {
    installFakeBackend();
    render(<App />);
    fireEvent.click(within(await screen.findByTestId("home-todo")).getByText("蔬菜种植党支部"));
    fireEvent.click(await screen.findByTestId("menu-calendar"));
    await waitFor(() =>
      expect(screen.getByTestId("calendar-title")).toHaveTextContent("蔬菜种植党支部"),
    );
    const now = appToday().toDate();
    const year = now.getFullYear();
    const month = now.getMonth() + 1;
    // In the second-weekday rule the activity week is days 8–14.
    const inWeek = (weekday: number) =>
      isoDate(year, month, 8 + ((weekday - mondayIndex(year, month, 8) + 7) % 7));
    const wednesday = inWeek(2);
    const friday = inWeek(4);
    expect(screen.getByTestId(`day-${wednesday}`)).toHaveAttribute("data-kind", "activity");

    fireEvent.click(screen.getByTestId("advice-fri"));
    fireEvent.click(screen.getByTestId("plan-save"));
    await waitFor(() =>
      expect(screen.getByTestId(`day-${friday}`)).toHaveAttribute("data-kind", "activity"),
    );
    expect(screen.getByTestId(`day-${wednesday}`)).toHaveAttribute("data-kind", "week");
  });

  it("settings: the reminder days are saved with the language", async () => {
    const backend = installFakeBackend();
    render(<App />);
    fireEvent.click(await screen.findByTestId("menu-settings"));
    const days = await screen.findByTestId("settings-reminder-days");
    expect(days).toHaveValue("3");
    fireEvent.change(days, { target: { value: "5" } });
    fireEvent.click(screen.getByTestId("settings-reminder-save"));
    await waitFor(() =>
      expect(backend.calls).toContainEqual({
        cmd: "save_settings",
        args: { settings: { language: "zh-CN", reminderDaysBefore: 5, autoBackupKeep: 10 } },
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("holidays-card")).toHaveTextContent(
        "数据来源：国务院办公厅节假日安排（holiday-cn，MIT）",
      ),
    );
  });
});

describe("App: 活动记录", () => {
  it("asks for a branch, then plans this month's activity day from the schedule", async () => {
    const backend = installFakeBackend();
    render(<App />);
    fireEvent.click(await screen.findByTestId("menu-activities"));
    const choose = await screen.findByTestId("activities-choose");
    fireEvent.click(within(choose).getByText("蔬菜种植党支部"));
    expect(
      await screen.findByText(
        "还没有活动记录。先在活动日历设置固定活动日，再为本月活动日制定计划。",
      ),
    ).toBeInTheDocument();
    expect(await screen.findByTestId("week-rule")).toHaveTextContent("活动周：每月8日至14日");

    fireEvent.click(screen.getByTestId("plan-this-month"));
    const now = appToday().toDate();
    const month = now.getMonth() + 1;
    await screen.findByTestId("activity-editor");
    expect(backend.calls.find((c) => c.cmd === "draft_for_day")?.args).toEqual({
      branchId: "b1",
      year: now.getFullYear(),
      month,
    });
    expect(screen.getByTestId("activity-start-time")).toHaveValue("08:30");
    expect(screen.getByTestId("activity-venue")).toHaveValue("党群服务中心");
    // b1 meets in the activity week (days 8–14) of the month.
    const date = (screen.getByTestId("activity-date") as HTMLInputElement).value;
    expect(date.slice(0, 7)).toBe(isoDate(now.getFullYear(), month, 1).slice(0, 7));
    expect(Number(date.slice(8))).toBeGreaterThanOrEqual(8);
    expect(Number(date.slice(8))).toBeLessThanOrEqual(14);

    // Choosing 活动记录 again goes back to the list.
    fireEvent.click(screen.getByTestId("menu-activities"));
    expect(await screen.findByTestId("plan-this-month")).toBeInTheDocument();
    expect(screen.queryByTestId("activity-editor")).toBeNull();
  });

  it("the year list shows the activity-week rules of the branch's community that year", async () => {
    const backend = installFakeBackend();
    const year = appToday().toDate().getFullYear();
    await invoke("change_week_rule", {
      change: { communityId: "c1", effectiveFrom: `${year}-07`, rule: "second-monday-week" },
    });
    render(<App />);
    fireEvent.click(await screen.findByTestId("menu-activities"));
    fireEvent.click(
      within(await screen.findByTestId("activities-choose")).getByText("农机服务党支部"),
    );
    expect(await screen.findByTestId("week-rule")).toHaveTextContent(
      "活动周：每月8日至14日；自7月起 第二个周一起的一周",
    );
    expect(backend.calls).toContainEqual({
      cmd: "week_rules_in_year",
      args: { communityId: "c1", year },
    });
  });

  it("示范点 sits after 活动记录 and asks for a scope first", async () => {
    installFakeBackend();
    render(<App />);
    const menu = await screen.findByTestId("menu-points");
    expect(menu).toHaveTextContent("示范点");
    const labels = screen.getAllByTestId(/^menu-/).map((m) => m.getAttribute("data-testid"));
    expect(labels.indexOf("menu-points")).toBe(labels.indexOf("menu-activities") + 1);
    fireEvent.click(menu);
    await waitFor(() =>
      expect(screen.getByTestId("points-choose")).toHaveTextContent("请在顶部选择"),
    );
  });
});
