import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { BranchYear } from "../../bindings/BranchYear";
import type { CommunityYear } from "../../bindings/CommunityYear";
import type { Proposal } from "../../bindings/Proposal";
import type { ScheduledDay } from "../../bindings/ScheduledDay";
import { appToday } from "../../lib/today";
import { renderWithApp } from "../../test/render";
import { scheduledDay } from "../../test/scheduledDay";
import { ProposalView } from "./AutoAssignCard";
import { CommunityMonthView } from "./CommunityMonthView";

// The view opens on the current month, so the fixture lives there.
const now = appToday();
const YEAR = now.year();
const d = (day: number) => now.date(day).format("YYYY-MM-DD");

const held = (branchId: string, date: string, startTime: string): ScheduledDay =>
  scheduledDay(date, { branchId, startTime });

const branch = (branchId: string, branchName: string, days: ScheduledDay[]): BranchYear => ({
  branchId,
  branchName,
  communityId: "c1",
  year: YEAR,
  rules: [{ effectiveFrom: `${YEAR}-01`, rule: "second-weekday" }],
  holidaysKnown: true,
  plans: [{ branchId, effectiveFrom: "2020-01", weekday: "wed", startTime: "08:30", venue: "" }],
  days,
});

const community: CommunityYear = {
  communityId: "c1",
  communityName: "张家庄社区",
  year: YEAR,
  settings: {
    communityId: "c1",
    rule: "second-weekday",
    rules: [{ effectiveFrom: "1900-01", rule: "second-weekday" }],
    dayShareLimit: 1,
    venues: ["党群服务中心"],
  },
  rules: [{ effectiveFrom: `${YEAR}-01`, rule: "second-weekday" }],
  holidaysKnown: true,
  branches: [
    branch("b1", "蔬菜种植党支部", [held("b1", d(10), "08:30")]),
    branch("b2", "农机服务党支部", [held("b2", d(10), "14:00")]),
    branch("b3", "果树管护党支部", [held("b3", d(12), "09:00")]),
  ],
  clashes: [{ kind: "dayOverLimit", date: d(10), venue: null, branchIds: ["b1", "b2"] }],
};

type Call = { cmd: string; args: Record<string, unknown> };

function setup(proposal?: Proposal) {
  const calls: Call[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "community_year":
        return community;
      case "holiday_year":
        return { year: YEAR, source: "builtin", fileName: null, days: [], edits: [], breaks: [] };
      case "weekday_wishes":
        return { branchId: args.branchId, preferred: [], impossible: [] };
      case "propose_weekdays":
        return proposal;
      case "apply_weekdays":
        return community;
      case "save_community_schedule":
        return args.settings;
    }
    return null;
  });
  renderWithApp(<CommunityMonthView communityId="c1" />);
  return calls;
}

/** A day cell's chips as "name time": the name and the time are drawn apart (the name may shrink). */
const chipTexts = (cell: HTMLElement) =>
  [...cell.querySelectorAll(".mcal-chip")].map(
    (c) =>
      `${c.querySelector(".mcal-chip-name")?.textContent} ${c.querySelector(".mcal-chip-time")?.textContent}`,
  );

describe("community month view", () => {
  it("puts every branch's day in its cell and shows the day-over-limit clash", async () => {
    setup();
    const tenth = await screen.findByTestId(`cday-${d(10)}`);
    expect(chipTexts(tenth)).toContain("蔬菜种植 08:30");
    expect(chipTexts(tenth)).toContain("农机服务 14:00");
    expect(tenth).toHaveAttribute("data-clash", "true");
    const twelfth = screen.getByTestId(`cday-${d(12)}`);
    expect(chipTexts(twelfth)).toContain("果树管护 09:00");
    expect(twelfth).not.toHaveAttribute("data-clash");
    expect(twelfth).toHaveClass("in-week");
    expect(within(screen.getByTestId(`cday-${d(11)}`)).queryByText(/\d\d:\d\d/)).toBeNull();

    const clashes = screen.getByTestId("clash-list");
    expect(
      within(clashes).getByText(
        `${now.date(10).format("M月D日")}：同一天超过 1 个支部（蔬菜种植党支部、农机服务党支部）`,
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId("branch-legend")).getByText("果树管护党支部"),
    ).toBeInTheDocument();
  });

  it("a proposal is shown as a table and applied from the chosen month", async () => {
    const calls = setup({
      outcome: "assigned",
      assignments: [
        { branchId: "b1", weekday: "wed", preferred: true, moved: 0, conflicts: 0 },
        { branchId: "b2", weekday: "thu", preferred: false, moved: 2, conflicts: 0 },
        { branchId: "b3", weekday: "fri", preferred: true, moved: 1, conflicts: 0 },
      ],
      totalMoved: 3,
      holidayClashes: [],
    });
    fireEvent.click(await screen.findByTestId("propose"));
    const table = await screen.findByTestId("proposal");
    const row = (id: string) => table.querySelector(`tr[data-row-key="${id}"]`) as HTMLElement;
    expect(within(row("b1")).getByText("蔬菜种植党支部")).toBeInTheDocument();
    expect(within(row("b1")).getByText("周三")).toBeInTheDocument();
    expect(within(row("b1")).getByText("是")).toBeInTheDocument();
    expect(within(row("b2")).getByText("周四")).toBeInTheDocument();
    expect(within(row("b2")).getByText("否")).toBeInTheDocument();
    expect(within(row("b2")).getByText("2")).toBeInTheDocument();
    expect(within(table).getByText("全年共 3 次节假日调整")).toBeInTheDocument();
    expect(screen.queryByTestId("proposal-holiday-clashes")).toBeNull();

    fireEvent.click(screen.getByTestId("apply-weekdays"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "apply_weekdays")?.args).toEqual({
        communityId: "c1",
        effectiveFrom: now.format("YYYY-MM"),
        choices: [
          { branchId: "b1", weekday: "wed" },
          { branchId: "b2", weekday: "thu" },
          { branchId: "b3", weekday: "fri" },
        ],
      }),
    );
    expect(calls.find((c) => c.cmd === "propose_weekdays")?.args).toEqual({
      communityId: "c1",
      year: YEAR,
    });
  });

  it("saves the day-share limit and the venues (the rule changes on its own, from a month)", async () => {
    const calls = setup();
    fireEvent.change(await screen.findByTestId("community-limit"), { target: { value: "2" } });
    fireEvent.click(screen.getByTestId("community-save"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "save_community_schedule")?.args).toEqual({
        settings: {
          communityId: "c1",
          dayShareLimit: 2,
          venues: ["党群服务中心"],
        },
      }),
    );
    expect(calls.some((c) => c.cmd === "change_week_rule")).toBe(false);
  });
});

describe("an infeasible proposal", () => {
  const show = (proposal: Proposal) =>
    renderWithApp(
      <ProposalView
        proposal={proposal}
        limit={1}
        name={(id) => ({ b7: "养殖党支部", b8: "电商党支部" })[id] ?? id}
        from={appToday()}
        onFrom={() => {}}
        onApply={() => {}}
        busy={false}
      />,
    );

  it("days that holiday moves would crowd are named before applying", () => {
    show({
      outcome: "assigned",
      assignments: [
        { branchId: "b7", weekday: "sat", preferred: true, moved: 2, conflicts: 0 },
        { branchId: "b8", weekday: "sun", preferred: true, moved: 2, conflicts: 0 },
      ],
      totalMoved: 4,
      holidayClashes: [
        { kind: "dayOverLimit", date: "2024-02-09", venue: null, branchIds: ["b7", "b8"] },
      ],
    });
    const warning = screen.getByTestId("proposal-holiday-clashes");
    expect(warning).toHaveTextContent("有 1 天的支部数超过每天 1 个");
    expect(warning).toHaveTextContent("2月9日：养殖党支部、电商党支部");
    expect(screen.getByTestId("apply-weekdays")).toBeEnabled();
  });

  it("too many branches for the limit says how high the limit must go", () => {
    show({
      outcome: "infeasible",
      reason: { kind: "tooManyBranches", branches: 8, places: 7, neededLimit: 2 },
      unplaced: [],
    });
    expect(screen.getByTestId("proposal-infeasible")).toHaveTextContent(
      "8 个支部但每周只有 7 天 × 限额 1 = 7 个位置，请把每天可容纳的支部数提高到 2",
    );
    expect(screen.queryByTestId("apply-weekdays")).toBeNull();
  });

  it("excluded weekdays name the branches left without a day", () => {
    show({ outcome: "infeasible", reason: { kind: "weekdaysExcluded" }, unplaced: ["b7", "b8"] });
    expect(screen.getByTestId("proposal-infeasible")).toHaveTextContent(
      "这些支部可选的星期几都已排满：养殖党支部、电商党支部",
    );
  });
});
