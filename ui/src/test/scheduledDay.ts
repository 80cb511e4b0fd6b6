import dayjs from "dayjs";
import type { ScheduledDay } from "../bindings/ScheduledDay";

/**
 * An activity day as the core sends it, on `date` as planned: a Wednesday-type day in its
 * month's 8th–14th week (second-weekday) at 08:30 in 党群服务中心, not moved. Tests override what they look at.
 */
export function scheduledDay(date: string, over: Partial<ScheduledDay> = {}): ScheduledDay {
  const day = dayjs(date);
  const month = day.format("YYYY-MM");
  return {
    branchId: "b1",
    year: day.year(),
    month: day.month() + 1,
    weekStart: `${month}-08`,
    weekEnd: `${month}-14`,
    rule: "second-weekday",
    weekday: "wed",
    fixedDate: date,
    date,
    moved: false,
    conflict: false,
    reason: null,
    manualReason: null,
    deviation: false,
    startTime: "08:30",
    venue: "党群服务中心",
    ...over,
  };
}
