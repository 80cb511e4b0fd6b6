// Pure helpers for the calendar views: month grids, which day is what. No IPC here.
import type { HolidayBreak } from "../bindings/HolidayBreak";
import type { ScheduledDay } from "../bindings/ScheduledDay";
import type { Weekday } from "../bindings/Weekday";
import { appTodayIso } from "./today";

export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD` of a year, month (1–12) and day. */
export const isoDate = (year: number, month: number, day: number) =>
  `${year}-${pad(month)}-${pad(day)}`;

/** `YYYY-MM`. */
export const isoMonth = (year: number, month: number) => `${year}-${pad(month)}`;

/** The app's day as YYYY-MM-DD (see lib/today). */
export const isoToday = appTodayIso;

/**
 * The month a proposal for `year` applies from by default: January of a year still ahead, else
 * this month (months already past keep their days unless the user picks an earlier month).
 */
export function applyFromMonth(year: number, today: string): string {
  const thisYear = Number(today.slice(0, 4));
  return year > thisYear ? isoMonth(year, 1) : today.slice(0, 7);
}

export const daysInMonth = (year: number, month: number) => new Date(year, month, 0).getDate();

/** Monday = 0 … Sunday = 6. */
export const mondayIndex = (year: number, month: number, day: number) =>
  (new Date(year, month - 1, day).getDay() + 6) % 7;

export const weekdayOf = (date: string): Weekday => {
  const [y, m, d] = date.split("-").map(Number);
  return WEEKDAYS[mondayIndex(y, m, d)];
};

/** One cell of a month grid: a date, or a blank (date null) with a key of its own. */
export type GridCell = { key: string; date: string | null };

/**
 * A Monday-first month, cells row by row (7 per row); days of other months are blanks, so every
 * date appears in exactly one grid and test ids stay unique.
 */
export function monthGrid(year: number, month: number): GridCell[] {
  const blank = (n: number): GridCell => ({
    key: `${isoMonth(year, month)}-blank${n}`,
    date: null,
  });
  const cells: GridCell[] = [];
  for (let i = 0; i < mondayIndex(year, month, 1); i++) cells.push(blank(cells.length));
  for (let d = 1; d <= daysInMonth(year, month); d++) {
    const date = isoDate(year, month, d);
    cells.push({ key: date, date });
  }
  while (cells.length % 7 !== 0) cells.push(blank(cells.length));
  return cells;
}

/** ISO dates compare as strings. */
export const within = (date: string, first: string, last: string) => date >= first && date <= last;

export const breakOf = (breaks: readonly HolidayBreak[], date: string) =>
  breaks.find((b) => within(date, b.first, b.last)) ?? null;

/** Inclusive day count of a break. */
export function breakLength(b: HolidayBreak): number {
  const ms = Date.parse(`${b.last}T00:00:00Z`) - Date.parse(`${b.first}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

/**
 * What a day cell of the branch year view shows, strongest first:
 * manual (moved by hand) > conflict (whole week a holiday) > moved (held on a day moved for a
 * holiday) > activity (the activity day) > holiday (inside a break) > week (inside the activity
 * week) > none.
 */
export type DayKind = "activity" | "moved" | "manual" | "conflict" | "week" | "holiday" | "none";

export function activityKind(day: ScheduledDay): Exclude<DayKind, "week" | "holiday" | "none"> {
  if (day.manualReason !== null) return "manual";
  if (day.conflict) return "conflict";
  if (day.moved) return "moved";
  return "activity";
}

export type DayMark = { kind: DayKind; day: ScheduledDay | null; inWeek: boolean };

/** The mark of every date a branch's days or the year's breaks touch; other dates are "none". */
export function markDays(days: readonly ScheduledDay[], breaks: readonly HolidayBreak[]) {
  const held = new Map(days.map((d) => [d.date, d]));
  return (date: string): DayMark => {
    const month = Number(date.slice(5, 7));
    const ofMonth = days.find((d) => d.month === month);
    const inWeek = !!ofMonth && within(date, ofMonth.weekStart, ofMonth.weekEnd);
    const day = held.get(date);
    if (day) return { kind: activityKind(day), day, inWeek };
    if (breakOf(breaks, date)) return { kind: "holiday", day: null, inWeek };
    return { kind: inWeek ? "week" : "none", day: null, inWeek };
  };
}

/** "08:30" style, 24-hour. */
export const isValidTime = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value.trim());

/** A branch's name without the common suffix, for crowded cells. */
export const shortBranchName = (name: string) =>
  name.replace(/(服务型)?党支部$/, "").replace(/ branch$/i, "") || name;

/** Distinct colours for branches in the community view. */
export const BRANCH_COLOURS = [
  "#1565c0",
  "#2e7d32",
  "#6a1b9a",
  "#ef6c00",
  "#00838f",
  "#ad1457",
  "#4e342e",
  "#455a64",
  "#9e9d24",
  "#5d4037",
];
