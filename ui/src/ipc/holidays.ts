import { open } from "@tauri-apps/plugin-dialog";
import type { HolidayEditKind } from "../bindings/HolidayEditKind";
import type { HolidayYear } from "../bindings/HolidayYear";
import { call, toApiError } from "./core";

export const holidayYear = (year: number) => call<HolidayYear>("holiday_year", { year });
export const importHolidayFile = (path: string) =>
  call<HolidayYear>("import_holiday_file", { path });
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
