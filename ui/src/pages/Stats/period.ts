// Pure helpers of the 统计 page: the period the picker describes, and figures as words.
import type { Dayjs } from "dayjs";
import type { StatsPeriod } from "../../bindings/StatsPeriod";

export type PeriodKind = StatsPeriod["kind"];
export const PERIOD_KINDS: PeriodKind[] = ["month", "quarter", "year", "custom"];

/** What the picker holds: a kind, a day inside the month/quarter/year, and a custom range. */
export type PeriodChoice = { kind: PeriodKind; at: Dayjs; range: [Dayjs, Dayjs] };

export const quarterOf = (d: Dayjs) => Math.floor(d.month() / 3) + 1;

export function toStatsPeriod(choice: PeriodChoice): StatsPeriod {
  const { at } = choice;
  switch (choice.kind) {
    case "month":
      return { kind: "month", year: at.year(), month: at.month() + 1 };
    case "quarter":
      return { kind: "quarter", year: at.year(), quarter: quarterOf(at) };
    case "year":
      return { kind: "year", year: at.year() };
    case "custom":
      return {
        kind: "custom",
        from: choice.range[0].format("YYYY-MM-DD"),
        to: choice.range[1].format("YYYY-MM-DD"),
      };
  }
}

/** The change against last year as a share; null when last year had nothing to compare with. */
export function yearOnYear(now: number, last: number): number | null {
  return last > 0 ? (now - last) / last : null;
}

/** 0.8765 → "87.7%"; null → "—". */
export function percent(rate: number | null | undefined): string {
  return rate == null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

/** "↑ 12.5%", "↓ 3.0%", "0.0%", or "—" when there is no base. */
export function changeText(change: number | null): string {
  if (change === null) return "—";
  const arrow = change > 0 ? "↑ " : change < 0 ? "↓ " : "";
  return `${arrow}${percent(Math.abs(change))}`;
}
