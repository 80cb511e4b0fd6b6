import { describe, expect, it } from "vitest";
import type { RollMember } from "../bindings/RollMember";
import {
  allPresent,
  entriesOf,
  heldDayChoice,
  latestPostponedDay,
  nextProblemStatuses,
  nextSuggestionStatuses,
  sheetOf,
  sheetProblems,
  stepEntries,
} from "./activity";

const roll: RollMember[] = [
  { memberId: "m1", name: "王建国", seat: "secretary" },
  { memberId: "m2", name: "李秀英", seat: null },
];

describe("activity helpers", () => {
  it("statuses only move forward", () => {
    expect(nextSuggestionStatuses("received")).toEqual(["answered", "adopted", "passedUp"]);
    expect(nextSuggestionStatuses("answered")).toEqual(["adopted", "passedUp"]);
    expect(nextSuggestionStatuses("adopted")).toEqual([]);
    expect(nextSuggestionStatuses("passedUp")).toEqual([]);
    expect(nextProblemStatuses("open")).toEqual(["solved", "passedUp"]);
    expect(nextProblemStatuses("passedUp")).toEqual(["solved"]);
    expect(nextProblemStatuses("solved")).toEqual([]);
  });

  it("the sheet starts unmarked, and an absence needs a reason", () => {
    const sheet = sheetOf(roll, []);
    expect(sheetProblems(roll, sheet)).toEqual({ unmarked: ["m1", "m2"], noReason: [] });
    const marked = allPresent(sheet);
    marked.m2 = { present: false, reason: null, note: "" };
    expect(sheetProblems(roll, marked)).toEqual({ unmarked: [], noReason: ["m2"] });
    marked.m2 = { present: false, reason: "leave", note: " 家中有事 " };
    expect(entriesOf(roll, marked)).toEqual([
      { memberId: "m1", present: true, absenceReason: null, note: "" },
      { memberId: "m2", present: false, absenceReason: "leave", note: "家中有事" },
    ]);
  });

  it("steps come out as the three, in order, empty where missing", () => {
    const entries = stepEntries([
      {
        step: "interactiveImprovement",
        entry: { ...stepEntries([])[0], recordDone: "交流" },
      },
    ]);
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => e.recordDone)).toEqual(["", "", "交流"]);
  });

  // The days are given, not read: planned 8 March 2025, postponed to the 20th.
  it("a postponed activity is offered the day it was postponed to, within the core's window", () => {
    expect(heldDayChoice("2025-03-08", "2025-03-20", "2025-04-10")).toEqual({
      earliest: "2025-03-08",
      latest: "2025-04-10",
      offered: "2025-03-20",
    });
    // Today (the 15th) is before the day postponed to: today is offered, nothing later.
    expect(heldDayChoice("2025-03-08", "2025-03-20", "2025-03-15")).toEqual({
      earliest: "2025-03-08",
      latest: "2025-03-15",
      offered: "2025-03-15",
    });
    // Long after: three months after the planned day is the last one.
    expect(heldDayChoice("2025-03-08", "2025-06-08", "2025-12-01").latest).toBe("2025-06-08");
    expect(latestPostponedDay("2025-11-30")).toBe("2026-02-28");
  });
});
