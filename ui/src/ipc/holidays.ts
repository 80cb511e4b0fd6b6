import { open } from "@tauri-apps/plugin-dialog";
import type { HolidayEditKind } from "../bindings/HolidayEditKind";
import type { HolidayYear } from "../bindings/HolidayYear";
import type { YearSchedule } from "../bindings/YearSchedule";
import { call, toApiError } from "./core";

export const holidayYear = (year: number) => call<HolidayYear>("holiday_year", { year });
export const importHolidayFile = (path: string) =>
  call<HolidayYear>("import_holiday_file", { path });
/** What the pasted notice says for `year` (nothing saved). */
export const readHolidayNotice = (year: number, text: string) =>
  call<YearSchedule>("read_holiday_notice", { year, text });
/** Saves the notice's days as the year's schedule. */
export const saveHolidayNotice = (year: number, text: string) =>
  call<HolidayYear>("save_holiday_notice", { year, text });
/** `kind: null` removes the hand edit of that day. */
export const editHolidayDay = (date: string, kind: HolidayEditKind | null, name: string) =>
  call<HolidayYear>("edit_holiday_day", { date, kind, name });

/** Asks for a holiday schedule (holiday-cn JSON or .ics); null when the user cancels. */
export async function pickHolidayFile(filterName: string): Promise<string | null> {
  try {
    const picked = await open({
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions: ["json", "ics"] }],
    });
    return typeof picked === "string" ? picked : null;
  } catch (raw) {
    throw toApiError(raw);
  }
}
