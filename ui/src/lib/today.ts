// The app's day. The shell decides it (the machine's day, or one fixed with `--today`) and tells
// the window at start-up through app_info; every "this month", default date and "not in the
// future" check in the window goes by it. The browser's clock only keeps it moving past
// midnight, as the shell's clock does.
import dayjs, { type Dayjs } from "dayjs";

/** Whole days from the browser's day to the app's (0 unless the day was fixed). */
let shiftDays = 0;

/** Takes the shell's day (YYYY-MM-DD) as the app's today. */
export function setAppToday(iso: string) {
  shiftDays = dayjs(iso).startOf("day").diff(dayjs().startOf("day"), "day");
}

/** The app's day, at midnight. */
export const appToday = (): Dayjs => dayjs().add(shiftDays, "day").startOf("day");

/** The app's day as YYYY-MM-DD. */
export const appTodayIso = () => appToday().format("YYYY-MM-DD");

/** The app's year. */
export const appYear = () => appToday().year();
