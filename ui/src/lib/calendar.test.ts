import { describe, expect, it } from "vitest";
import type { ScheduledDay } from "../bindings/ScheduledDay";
import { scheduledDay } from "../test/scheduledDay";
import {
  applyFromMonth,
  breakLength,
  isValidTime,
  markDays,
  monthGrid,
  shortBranchName,
  weekdayOf,
} from "./calendar";

const day = (over: Partial<ScheduledDay>): ScheduledDay =>
  scheduledDay("2024-01-10", { venue: "", ...over });

describe("calendar helpers", () => {
  it("a month grid is Monday first with blanks around it", () => {
    const cells = monthGrid(2024, 6); // 2024-06-01 is a Saturday
    expect(cells.length % 7).toBe(0);
    expect(cells.slice(0, 6).map((c) => c.date)).toEqual([
      null,
      null,
      null,
      null,
      null,
      "2024-06-01",
    ]);
    expect(cells.filter((c) => c.date).length).toBe(30);
    expect(new Set(cells.map((c) => c.key)).size).toBe(cells.length);
    expect(monthGrid(2024, 1)[0].date).toBe("2024-01-01"); // a Monday
  });

  it("weekdays and times", () => {
    expect(weekdayOf("2024-06-12")).toBe("wed");
    expect(weekdayOf("2026-03-15")).toBe("sun");
    expect(isValidTime("08:30")).toBe(true);
    expect(isValidTime("8:30")).toBe(false);
    expect(isValidTime("24:00")).toBe(false);
    expect(breakLength({ name: "春节", first: "2026-02-15", last: "2026-02-23" })).toBe(9);
    expect(shortBranchName("蔬菜种植服务型党支部")).toBe("蔬菜种植");
  });

  it("marks held days before breaks, breaks before the week", () => {
    const mark = markDays(
      [
        day({}),
        day({
          month: 2,
          weekStart: "2024-02-08",
          weekEnd: "2024-02-14",
          fixedDate: "2024-02-14",
          date: "2024-02-09",
          moved: true,
          reason: "春节",
        }),
      ],
      [{ name: "春节", first: "2024-02-10", last: "2024-02-17" }],
    );
    expect(mark("2024-01-10").kind).toBe("activity");
    expect(mark("2024-01-11")).toMatchObject({ kind: "week", inWeek: true });
    expect(mark("2024-01-20").kind).toBe("none");
    expect(mark("2024-02-09").kind).toBe("moved");
    expect(mark("2024-02-14")).toMatchObject({ kind: "holiday", inWeek: true });
    expect(mark("2024-02-16")).toMatchObject({ kind: "holiday", inWeek: false });
  });

  it("a proposal applies from January of a later year, else from this month", () => {
    expect(applyFromMonth(2027, "2026-11-27")).toBe("2027-01");
    expect(applyFromMonth(2026, "2026-11-27")).toBe("2026-11");
    expect(applyFromMonth(2024, "2026-11-27")).toBe("2026-11");
  });
});
