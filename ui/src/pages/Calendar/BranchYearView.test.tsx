import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { BranchYear } from "../../bindings/BranchYear";
import type { ScheduledDay } from "../../bindings/ScheduledDay";
import { appToday } from "../../lib/today";
import { OrgProvider } from "../../state/org";
import { demoData } from "../../test/fakeBackend";
import { renderWithApp } from "../../test/render";
import { scheduledDay } from "../../test/scheduledDay";
import { BranchYearView } from "./BranchYearView";

const YEAR = appToday().toDate().getFullYear();
const d = (md: string) => `${YEAR}-${md}`;

const day = (over: Partial<ScheduledDay>): ScheduledDay => scheduledDay(d("01-10"), over);

/** January as planned; February moved out of 春节; June moved by hand out of the week; October all holiday. */
const fixture = (): BranchYear => ({
  branchId: "b1",
  branchName: "蔬菜种植党支部",
  communityId: "c1",
  year: YEAR,
  rules: [{ effectiveFrom: `${YEAR}-01`, rule: "second-weekday" }],
  holidaysKnown: false,
  plans: [
    {
      branchId: "b1",
      effectiveFrom: "2020-01",
      weekday: "wed",
      startTime: "08:30",
      venue: "党群服务中心",
    },
  ],
  days: [
    day({}),
    day({
      month: 2,
      weekStart: d("02-08"),
      weekEnd: d("02-14"),
      fixedDate: d("02-14"),
      date: d("02-09"),
      moved: true,
      reason: "春节",
    }),
    day({
      month: 6,
      weekStart: d("06-08"),
      weekEnd: d("06-14"),
      fixedDate: d("06-12"),
      date: d("06-20"),
      manualReason: "与麦收冲突",
      deviation: true,
    }),
    day({
      month: 10,
      weekStart: d("10-08"),
      weekEnd: d("10-14"),
      fixedDate: d("10-10"),
      date: d("10-10"),
      conflict: true,
      reason: "国庆节",
    }),
  ],
});

type Call = { cmd: string; args: Record<string, unknown> };

function setup(over: (call: Call) => unknown = () => undefined) {
  const calls: Call[] = [];
  const tree = demoData().tree();
  mockIPC((cmd, raw) => {
    const call = { cmd, args: (raw ?? {}) as Record<string, unknown> };
    calls.push(call);
    const answer = over(call);
    if (answer !== undefined) return answer;
    switch (cmd) {
      case "org_tree":
        return tree;
      case "branch_year":
        return fixture();
      case "holiday_year":
        return {
          year: YEAR,
          source: "builtin",
          fileName: null,
          days: [],
          edits: [],
          breaks: [
            { name: "春节", first: d("02-10"), last: d("02-17") },
            { name: "国庆节", first: d("10-01"), last: d("10-14") },
          ],
        };
      case "community_schedule":
        return {
          communityId: "c1",
          rule: "second-weekday",
          rules: [{ effectiveFrom: "1900-01", rule: "second-weekday" }],
          dayShareLimit: 1,
          venues: ["党群服务中心"],
        };
      case "plan_clashes":
      case "branch_clashes":
        return [];
      case "weekday_advice":
        return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((weekday) => ({
          weekday,
          moved: weekday === "mon" ? 2 : 0,
          conflicts: weekday === "sat" ? 1 : 0,
          branchIds: weekday === "fri" ? ["b2"] : [],
        }));
    }
    return null;
  });
  renderWithApp(
    <OrgProvider>
      <BranchYearView branchId="b1" />
    </OrgProvider>,
  );
  return calls;
}

const kindOf = (date: string) => screen.getByTestId(`day-${date}`).getAttribute("data-kind");
const itemOf = (testId: string) =>
  screen.getByTestId(testId).closest(".ant-form-item") as HTMLElement;

describe("branch year view", () => {
  it("marks activity, moved, manual (with deviation), conflict, holiday and week days", async () => {
    setup();
    expect(await screen.findByTestId(`day-${d("01-10")}`)).toHaveAttribute("data-kind", "activity");
    expect(kindOf(d("01-11"))).toBe("week");
    expect(kindOf(d("01-20"))).toBeNull();
    // February: held on the 9th, the fixed 14th is inside the 春节 break.
    expect(kindOf(d("02-09"))).toBe("moved");
    expect(kindOf(d("02-14"))).toBe("holiday");
    expect(kindOf(d("02-16"))).toBe("holiday");
    // June: moved by hand to the 20th, outside the week.
    expect(kindOf(d("06-20"))).toBe("manual");
    expect(screen.getByTestId(`day-${d("06-20")}`)).toHaveAttribute("data-deviation", "true");
    expect(kindOf(d("06-12"))).toBe("week");
    // October: the whole week is a break.
    expect(kindOf(d("10-10"))).toBe("conflict");
    expect(kindOf(d("10-11"))).toBe("holiday");

    expect(screen.getByTestId("week-rule")).toHaveTextContent("活动周：每月8日至14日");
    expect(screen.getByTestId("holidays-unknown")).toHaveTextContent(
      "节假日安排未发布：本年活动日没有按节假日顺延。国务院通知发布后，到“设置 → 节假日安排”点“粘贴放假通知”",
    );
    const list = screen.getByTestId("activity-list");
    expect(within(list).getByText("原定 2月14日，因春节调整")).toBeInTheDocument();
    expect(within(list).getByText("超出活动周")).toBeInTheDocument();
    expect(within(list).getByText(/整个活动周都在国庆节假期内/)).toBeInTheDocument();
    // The advisor names the other branch using Friday and recommends a free, quiet weekday.
    expect(within(screen.getByTestId("advice-fri")).getByText("农机服务")).toBeInTheDocument();
    expect(within(screen.getByTestId("advice-tue")).getByText("推荐")).toBeInTheDocument();
    expect(within(screen.getByTestId("advice-mon")).queryByText("推荐")).toBeNull();
  });

  it("a year whose rule changes names both rules, the second with its month", async () => {
    setup(({ cmd }) =>
      cmd === "branch_year"
        ? {
            ...fixture(),
            rules: [
              { effectiveFrom: `${YEAR}-01`, rule: "second-weekday" },
              { effectiveFrom: `${YEAR}-07`, rule: "second-monday-week" },
            ],
          }
        : undefined,
    );
    expect(await screen.findByTestId("week-rule")).toHaveTextContent(
      /^活动周：每月8日至14日；自7月起 第二个周一起的一周$/,
    );
  });

  it("saving the plan sends weekday, HH:MM time, venue and the YYYY-MM month", async () => {
    const calls = setup(({ cmd, args }) => (cmd === "save_day_plan" ? [args.plan] : undefined));
    await screen.findByTestId("plan-save");
    fireEvent.click(screen.getByTestId("advice-thu")); // choose Thursday from the advisor
    fireEvent.change(screen.getByTestId("plan-start-time"), { target: { value: "19:30" } });
    fireEvent.click(screen.getByTestId("plan-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_day_plan")).toBe(true));
    expect(calls.find((c) => c.cmd === "save_day_plan")?.args).toEqual({
      plan: {
        branchId: "b1",
        effectiveFrom: appToday().format("YYYY-MM"),
        weekday: "thu",
        startTime: "19:30",
        venue: "党群服务中心",
      },
    });
    // The year is read again after the save.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "branch_year")).toHaveLength(2));
  });

  it("the weekday select offers 周一…周日 and sets the plan's weekday", async () => {
    const calls = setup(({ cmd, args }) => (cmd === "save_day_plan" ? [args.plan] : undefined));
    const select = await screen.findByTestId("plan-weekday");
    fireEvent.mouseDown(within(select).getByRole("combobox"));
    fireEvent.click(await screen.findByTitle("周五"));
    fireEvent.click(screen.getByTestId("plan-save"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "save_day_plan")?.args).toMatchObject({
        plan: { weekday: "fri" },
      }),
    );
  });

  const clashWithB2 = [
    {
      kind: "dayOverLimit",
      date: d("07-08"),
      venue: null,
      others: [{ branchId: "b2", branchName: "农机服务型党支部" }],
    },
    {
      kind: "venueOverlap",
      date: d("07-08"),
      venue: "党群服务中心",
      others: [{ branchId: "b2", branchName: "农机服务型党支部" }],
    },
    {
      kind: "dayOverLimit",
      date: d("08-12"),
      venue: null,
      others: [{ branchId: "b2", branchName: "农机服务型党支部" }],
    },
  ];

  it("a weekday that clashes warns before saving, naming the branch and the days", async () => {
    const calls = setup(({ cmd, args }) =>
      cmd === "plan_clashes" ? clashWithB2 : cmd === "save_day_plan" ? [args.plan] : undefined,
    );
    await screen.findByTestId("plan-save");
    fireEvent.click(screen.getByTestId("advice-fri"));
    fireEvent.click(screen.getByTestId("plan-save"));
    const warning = await screen.findByTestId("clash-warning");
    expect(warning).toHaveTextContent(
      "农机服务型党支部：同一天 7月8日、8月12日；同在党群服务中心、时间相近 7月8日",
    );
    expect(calls.find((c) => c.cmd === "plan_clashes")?.args).toMatchObject({
      plan: { branchId: "b1", weekday: "fri" },
    });
    fireEvent.click(screen.getByTestId("clash-choose-again"));
    await waitFor(() => expect(screen.getByTestId("plan-save")).not.toHaveClass("ant-btn-loading"));
    expect(calls.some((c) => c.cmd === "save_day_plan")).toBe(false);

    // Asked again (the closed dialog may still be fading out): this time saved anyway.
    fireEvent.click(screen.getByTestId("plan-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "plan_clashes")).toHaveLength(2));
    const anyway = await screen.findAllByTestId("clash-save-anyway");
    fireEvent.click(anyway[anyway.length - 1]);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "save_day_plan")?.args).toMatchObject({
        plan: { weekday: "fri" },
      }),
    );
  });

  it("a free weekday saves without asking", async () => {
    const calls = setup(({ cmd, args }) => (cmd === "save_day_plan" ? [args.plan] : undefined));
    await screen.findByTestId("plan-save");
    fireEvent.click(screen.getByTestId("plan-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_day_plan")).toBe(true));
    expect(screen.queryByTestId("clash-warning")).toBeNull();
  });

  it("the year rings the days that clash with another branch and says with whom", async () => {
    setup(({ cmd }) =>
      cmd === "branch_clashes"
        ? [
            { ...clashWithB2[0], date: d("01-10") },
            { ...clashWithB2[1], date: d("01-10") },
          ]
        : undefined,
    );
    const day = await screen.findByTestId(`day-${d("01-10")}`);
    await waitFor(() => expect(day).toHaveAttribute("data-clash", "true"));
    expect(day).toHaveAttribute("data-kind", "activity");
    expect(screen.getByTestId(`day-${d("02-09")}`)).not.toHaveAttribute("data-clash");
    expect(screen.getByTestId("legend-clash")).toHaveTextContent("与其他支部冲突");
    expect(
      within(screen.getByTestId("activity-list")).getByText(
        "与农机服务型党支部同一天；与农机服务型党支部同在党群服务中心、时间相近",
      ),
    ).toBeInTheDocument();
  });

  it("a server error on the start time is shown next to it", async () => {
    setup(({ cmd }) => {
      if (cmd === "save_day_plan")
        throw {
          code: "invalid",
          message: "time",
          fields: [{ field: "startTime", rule: "badTime" }],
        };
      return undefined;
    });
    fireEvent.click(await screen.findByTestId("plan-save"));
    expect(
      await within(itemOf("plan-start-time")).findByText("请输入 24 小时制时间，如 08:30"),
    ).toBeInTheDocument();
  });

  it("a malformed time is refused before sending", async () => {
    const calls = setup();
    await screen.findByTestId("plan-save");
    fireEvent.change(screen.getByTestId("plan-start-time"), { target: { value: "8点半" } });
    fireEvent.click(screen.getByTestId("plan-save"));
    expect(
      await within(itemOf("plan-start-time")).findByText("请输入 24 小时制时间，如 08:30"),
    ).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "save_day_plan")).toBe(false);
  });

  it("moving a day by hand needs a reason, then sends the DayMove", async () => {
    const calls = setup(({ cmd, args }) =>
      cmd === "move_day" ? { ...fixture().days[0], ...(args.dayMove as object) } : undefined,
    );
    fireEvent.click(await screen.findByTestId(`day-${d("01-10")}`));
    fireEvent.click(await screen.findByTestId("move-save"));
    expect(await within(itemOf("move-reason")).findByText("请填写调整原因")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "move_day")).toBe(false);
    expect(screen.queryByTestId("move-outside")).toBeNull();
    expect(screen.queryByTestId("move-clear")).toBeNull();

    fireEvent.change(screen.getByTestId("move-reason"), { target: { value: "镇里集中培训" } });
    fireEvent.click(screen.getByTestId("move-save"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "move_day")?.args).toEqual({
        dayMove: { branchId: "b1", year: YEAR, month: 1, date: d("01-10"), reason: "镇里集中培训" },
      }),
    );
  });

  it("a manual move outside the week warns, and can be undone", async () => {
    const calls = setup(({ cmd }) => (cmd === "clear_move" ? fixture().days[2] : undefined));
    fireEvent.click(await screen.findByTestId(`day-${d("06-20")}`));
    await waitFor(() => expect(screen.getByTestId("move-outside")).toHaveTextContent("超出活动周"));
    expect(screen.getByTestId("move-reason")).toHaveValue("与麦收冲突");
    fireEvent.click(screen.getByTestId("move-clear"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "clear_move")?.args).toEqual({
        branchId: "b1",
        year: YEAR,
        month: 6,
      }),
    );
  });

  it("a branch with no plan explains what to do", async () => {
    setup(({ cmd }) =>
      cmd === "branch_year"
        ? { ...fixture(), plans: [], days: [], holidaysKnown: true }
        : undefined,
    );
    await waitFor(() =>
      expect(screen.getByTestId("no-plan")).toHaveTextContent(
        "本支部还没有固定党员活动日，请在右侧选择星期几并保存",
      ),
    );
    expect(screen.queryByTestId("holidays-unknown")).toBeNull();
  });
});
