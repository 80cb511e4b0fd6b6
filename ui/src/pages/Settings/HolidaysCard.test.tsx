import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import type { HolidayEdit } from "../../bindings/HolidayEdit";
import type { HolidayYear } from "../../bindings/HolidayYear";
import { setAppToday } from "../../lib/today";
import { renderWithApp } from "../../test/render";
import { HolidaysCard } from "./HolidaysCard";

/** 2026 as the built-in schedule has it (two breaks, one make-up workday). */
const Y2026: HolidayYear = {
  year: 2026,
  source: "builtin",
  fileName: null,
  days: [
    { name: "国庆节", date: "2026-10-01", isOffDay: true },
    { name: "国庆节", date: "2026-10-07", isOffDay: true },
    { name: "国庆节", date: "2026-10-10", isOffDay: false },
  ],
  edits: [],
  breaks: [{ name: "国庆节", first: "2026-10-01", last: "2026-10-07" }],
};

/** 2027 as an imported holiday-cn file gives it. */
const Y2027: HolidayYear = {
  year: 2027,
  source: "imported",
  fileName: "2027.json",
  days: [{ name: "元旦", date: "2027-01-01", isOffDay: true }],
  edits: [],
  breaks: [{ name: "元旦", first: "2027-01-01", last: "2027-01-03" }],
};

const unpublished = (year: number): HolidayYear => ({
  year,
  source: "none",
  fileName: null,
  days: [],
  edits: [],
  breaks: [],
});

type Call = { cmd: string; args: Record<string, unknown> };

/**
 * A holiday backend: years by number (unknown years unpublished), hand edits kept per day,
 * the dialog answering `picked`, the import answering `imported` or failing with `refuse`.
 */
function backend(opts: { picked?: string | null; refuse?: ApiError } = {}) {
  const years = new Map<number, HolidayYear>([[2026, Y2026]]);
  const edits: HolidayEdit[] = [];
  const yearOf = (year: number): HolidayYear => {
    const base = years.get(year) ?? unpublished(year);
    const own = edits.filter((e) => e.date.startsWith(String(year)));
    return {
      ...base,
      source: base.source === "none" && own.length > 0 ? "manual" : base.source,
      edits: own,
    };
  };
  const calls: Call[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "holiday_year":
        return yearOf(args.year as number);
      case "plugin:dialog|open":
        return opts.picked === undefined ? "/home/u/2027.json" : opts.picked;
      case "import_holiday_file":
        if (opts.refuse) throw opts.refuse;
        years.set(2027, Y2027);
        return yearOf(2027);
      case "read_holiday_notice":
        if (!(args.text as string).includes("元旦"))
          throw { code: "importFile", message: "放假通知：没有读到放假安排", fields: [] };
        return { year: args.year, papers: [], days: Y2027.days };
      case "save_holiday_notice":
        years.set(2027, { ...Y2027, fileName: "国务院放假通知" });
        return yearOf(2027);
      case "edit_holiday_day": {
        const date = args.date as string;
        const i = edits.findIndex((e) => e.date === date);
        if (i >= 0) edits.splice(i, 1);
        if (args.kind) {
          edits.push({ date, kind: args.kind as HolidayEdit["kind"], name: args.name as string });
        }
        return yearOf(Number(date.slice(0, 4)));
      }
    }
    return null;
  });
  return calls;
}

const source = () => screen.getByTestId("holiday-source");

async function render() {
  renderWithApp(<HolidaysCard />);
  await waitFor(() => expect(source()).toHaveTextContent("内置"));
}

/** Types a day into the edit's date picker and confirms it, as a keyboard user does. */
async function chooseDate(date: string) {
  const input = screen.getByPlaceholderText("日期");
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: date } });
  fireEvent.keyDown(input, { key: "Enter", code: "Enter" });
  await waitFor(() => expect(input).toHaveValue(date));
}

async function pickYear(year: number) {
  fireEvent.mouseDown(within(screen.getByTestId("holiday-year")).getByRole("combobox"));
  const options = await screen.findAllByTitle(String(year));
  fireEvent.click(options[options.length - 1]);
}

describe("holiday settings", () => {
  // The card opens on the app's year: this test's day is 1 March 2026 (setup resets it after).
  beforeEach(() => setAppToday("2026-03-01"));

  it("a hand edit of a day is saved and listed as a hand edit, and can be removed", async () => {
    const calls = backend();
    await render();
    const edits = screen.getByTestId("holiday-edits");
    expect(within(edits).getByText("没有手动修改")).toBeInTheDocument();

    await chooseDate("2026-10-08");
    fireEvent.click(within(screen.getByTestId("holiday-edit-kind")).getByText("休"));
    fireEvent.change(screen.getByTestId("holiday-edit-name"), { target: { value: " 国庆节 " } });
    fireEvent.click(screen.getByTestId("holiday-edit-add"));

    const row = await within(edits).findByText("10月8日");
    expect(calls.filter((c) => c.cmd === "edit_holiday_day")).toEqual([
      { cmd: "edit_holiday_day", args: { date: "2026-10-08", kind: "off", name: "国庆节" } },
    ]);
    // Marked as a hand edit: under 手动修改, with its kind as a tag and the name given.
    const item = row.closest(".ant-list-item") as HTMLElement;
    expect(within(item).getByText("休")).toBeInTheDocument();
    expect(within(item).getByText("国庆节")).toBeInTheDocument();
    expect(within(edits).queryByText("没有手动修改")).toBeNull();
    // The published days stay as they were: the edit is not mixed into them.
    expect(screen.getByTestId("holiday-days")).not.toHaveTextContent("10月8日");

    fireEvent.click(screen.getByTestId("holiday-edit-remove-2026-10-08"));
    expect(await within(edits).findByText("没有手动修改")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "edit_holiday_day").at(-1)?.args).toEqual({
      date: "2026-10-08",
      kind: null,
      name: "",
    });
  });

  it("a hand edit needs a date before anything is sent", async () => {
    const calls = backend();
    await render();
    fireEvent.click(screen.getByTestId("holiday-edit-add"));
    expect(await screen.findByText("日期无效")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "edit_holiday_day")).toBe(false);
  });

  it("a year without a published schedule is tagged 未发布, and 手动录入 once edited", async () => {
    const calls = backend();
    await render();
    await pickYear(2029);
    await waitFor(() => expect(source()).toHaveTextContent("未发布"));
    expect(screen.getByText(/这一年的节假日安排还没有/)).toBeInTheDocument();
    expect(screen.queryByTestId("holiday-breaks")).toBeNull();
    expect(calls.at(-1)).toEqual({ cmd: "holiday_year", args: { year: 2029 } });

    await chooseDate("2029-10-01");
    fireEvent.click(within(screen.getByTestId("holiday-edit-kind")).getByText("休"));
    fireEvent.change(screen.getByTestId("holiday-edit-name"), { target: { value: "国庆节" } });
    fireEvent.click(screen.getByTestId("holiday-edit-add"));
    await waitFor(() => expect(source()).toHaveTextContent("手动录入"));
  });

  it("imports a file picked in the dialog and switches to its year", async () => {
    const calls = backend();
    await render();
    expect(within(screen.getByTestId("holiday-breaks")).getByText("国庆节")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("holiday-import"));

    expect(await screen.findByText("已导入 2027 年节假日安排")).toBeInTheDocument();
    await waitFor(() => expect(source()).toHaveTextContent("已导入 2027.json"));
    expect(within(screen.getByTestId("holiday-breaks")).getByText("元旦")).toBeInTheDocument();
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|open");
    expect(dialog?.args.options).toMatchObject({
      multiple: false,
      filters: [{ name: "节假日安排（JSON 或 iCal）", extensions: ["json", "ics"] }],
    });
    expect(calls.filter((c) => c.cmd === "import_holiday_file")).toEqual([
      { cmd: "import_holiday_file", args: { path: "/home/u/2027.json" } },
    ]);
  });

  it("a cancelled dialog imports nothing", async () => {
    const calls = backend({ picked: null });
    await render();
    fireEvent.click(screen.getByTestId("holiday-import"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "plugin:dialog|open")).toBe(true));
    expect(calls.some((c) => c.cmd === "import_holiday_file")).toBe(false);
    expect(source()).toHaveTextContent("内置");
  });

  it("a file the core cannot read is explained in Chinese, with the core's line", async () => {
    backend({ refuse: { code: "importFile", message: "第 3 行：日期无效", fields: [] } });
    await render();
    fireEvent.click(screen.getByTestId("holiday-import"));
    expect(await screen.findByText("无法读取节假日文件：第 3 行：日期无效")).toBeInTheDocument();
    expect(source()).toHaveTextContent("内置");
  });

  it("any other import error gets its own Chinese sentence, not the core's log text", async () => {
    backend({ refuse: { code: "io", message: "Permission denied (os error 13)", fields: [] } });
    await render();
    fireEvent.click(screen.getByTestId("holiday-import"));
    expect(
      await screen.findByText("无法读写文件，请检查文件是否被其他程序打开"),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Permission denied/)).toBeNull();
  });

  it("a pasted notice is read, shown for checking and saved as the year's schedule", async () => {
    setAppToday("2026-12-05");
    const calls = backend();
    await render();
    fireEvent.click(screen.getByTestId("holiday-notice"));
    const text = await screen.findByTestId("holiday-notice-text");
    fireEvent.change(text, { target: { value: "会议通知" } });
    fireEvent.click(screen.getByTestId("holiday-notice-read"));
    expect(await screen.findByTestId("holiday-notice-problem")).toHaveTextContent(
      "没有读到放假安排",
    );
    fireEvent.change(text, { target: { value: "一、元旦：1月1日（周五）放假。" } });
    fireEvent.click(screen.getByTestId("holiday-notice-read"));
    expect(await screen.findByTestId("holiday-notice-summary")).toHaveTextContent(
      "放假 1 天，调休上班 0 天",
    );
    expect(calls.filter((c) => c.cmd === "save_holiday_notice")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("holiday-notice-save"));
    await waitFor(() => expect(source()).toHaveTextContent("国务院放假通知"));
    const saved = calls.find((c) => c.cmd === "save_holiday_notice");
    expect(saved?.args).toEqual({ year: 2026, text: "一、元旦：1月1日（周五）放假。" });
  });
});
