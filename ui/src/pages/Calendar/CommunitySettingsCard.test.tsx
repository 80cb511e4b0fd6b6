import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { CommunityYear } from "../../bindings/CommunityYear";
import { setAppToday } from "../../lib/today";
import { fakeSchedule } from "../../test/fakeSchedule";
import { renderWithApp } from "../../test/render";
import { CommunityMonthView } from "./CommunityMonthView";

type Call = { cmd: string; args: Record<string, unknown> };

/** The community month view over the fake schedule backend; returns the IPC calls made. */
function setup(prepare: (schedule: ReturnType<typeof fakeSchedule>) => void = () => {}) {
  const calls: Call[] = [];
  const schedule = fakeSchedule({ b1: "蔬菜种植党支部", b2: "农机服务党支部" }, () => "c1");
  prepare(schedule);
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const answer = schedule(cmd, args);
    return answer === undefined ? null : answer;
  });
  renderWithApp(<CommunityMonthView communityId="c1" />);
  return calls;
}

const history = () => screen.getByTestId("rule-history");

/** Types a month into the rule's month picker and confirms it, as a keyboard user does. */
async function chooseMonth(text: string) {
  const input = screen.getByTestId("community-rule-from");
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: "Enter", code: "Enter" });
  await waitFor(() => expect(input).toHaveValue(text));
}

describe("community activity-week rule from a month on", () => {
  // The view opens on the app's month: this test's day is 1 March 2026 (setup resets it after).
  beforeEach(() => setAppToday("2026-03-01"));

  it("a change sends the chosen month; the history and the year's tag show both rules", async () => {
    const calls = setup();
    const select = await screen.findByTestId("community-rule");
    expect(screen.getByTestId("community-rule-from")).toHaveValue("2026年3月");
    fireEvent.mouseDown(within(select).getByRole("combobox"));
    fireEvent.click(await screen.findByTitle("第二个周一起的一周"));
    await chooseMonth("2026年7月");
    fireEvent.click(screen.getByTestId("community-rule-save"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "change_week_rule")?.args).toEqual({
        change: { communityId: "c1", effectiveFrom: "2026-07", rule: "second-monday-week" },
      }),
    );
    expect(await within(history()).findByTestId("rule-2026-07")).toHaveTextContent(
      "2026年7月 起 第二个周一起的一周",
    );
    expect(within(history()).getByTestId("rule-1900-01")).toHaveTextContent("最初 每月8日至14日");
    // The form starts afresh: this month and the rule in force in it.
    expect(screen.getByTestId("community-rule-from")).toHaveValue("2026年3月");
    expect(screen.getByTestId("community-rule")).toHaveTextContent("每月8日至14日");
    expect(screen.queryByTestId("rule-delete-1900-01")).toBeNull();
    expect(screen.getByTestId("rule-delete-2026-07")).toBeInTheDocument();
    expect(screen.getByTestId("week-rule")).toHaveTextContent(
      /^活动周：每月8日至14日；自7月起 第二个周一起的一周$/,
    );
    // March, the month shown, keeps days 8–14.
    expect(screen.getByTestId("cday-2026-03-11")).toHaveClass("in-week");
    expect(screen.getByTestId("cday-2026-03-15")).not.toHaveClass("in-week");
    // The year is read again with the rule of each month.
    const year = calls.filter((c) => c.cmd === "community_year");
    expect(year.length).toBeGreaterThanOrEqual(2);
  });

  it("the rule already in force writes nothing and says so", async () => {
    const calls = setup();
    fireEvent.click(await screen.findByTestId("community-rule-save"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "change_week_rule")?.args).toEqual({
        change: { communityId: "c1", effectiveFrom: "2026-03", rule: "second-weekday" },
      }),
    );
    expect(await screen.findByText("该月起已是每月8日至14日，无需更改")).toBeInTheDocument();
    expect(within(history()).getAllByRole("listitem")).toHaveLength(1);
  });

  it("a later rule is deleted and its months follow the rule before it again", async () => {
    const calls = setup((schedule) =>
      schedule("change_week_rule", {
        change: { communityId: "c1", effectiveFrom: "2026-07", rule: "second-calendar-row" },
      }),
    );
    expect(await screen.findByTestId("week-rule")).toHaveTextContent(
      "活动周：每月8日至14日；自7月起 月历第二行",
    );
    fireEvent.click(screen.getByTestId("rule-delete-2026-07"));
    fireEvent.click(await screen.findByRole("button", { name: "确 定" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "delete_week_rule")?.args).toEqual({
        communityId: "c1",
        effectiveFrom: "2026-07",
      }),
    );
    await waitFor(() => expect(screen.queryByTestId("rule-2026-07")).toBeNull());
    expect(screen.getByTestId("week-rule")).toHaveTextContent(/^活动周：每月8日至14日$/);
  });

  it("the fake's year follows each month's rule, like the core", () => {
    const schedule = fakeSchedule({ b1: "蔬菜种植党支部" }, () => "c1");
    schedule("change_week_rule", {
      change: { communityId: "c1", effectiveFrom: "2026-07", rule: "second-monday-week" },
    });
    const cy = schedule("community_year", { communityId: "c1", year: 2026 }) as CommunityYear;
    const days = cy.branches[0].days;
    expect(days[5].weekStart).toBe("2026-06-08");
    expect(days[6].weekStart).toBe("2026-07-13");
    expect(days[6].rule).toBe("second-monday-week");
    expect(days[6].date).toBe("2026-07-15");
  });
});
