import { DatePicker, type DatePickerProps } from "antd";
import type { Dayjs } from "dayjs";
import i18n from "../i18n";

/**
 * How a typed day may be written: the first is how a day is shown; the others are read too,
 * as an office writes them (1998-7-1, 1998/7/1, 1998年7月1日, 19980701). A text that is no day
 * ("2030-13-45") is not taken: the box keeps the last valid day and the field's rule says why.
 */
// Each with and without leading zeros: the picker reads a format strictly.
export const DATE_INPUT_FORMATS = [
  "YYYY-MM-DD",
  "YYYY-M-D",
  "YYYY/MM/DD",
  "YYYY/M/D",
  "YYYY.MM.DD",
  "YYYY.M.D",
  "YYYYMMDD",
  // 1998年7月1日 (with or without zeros), whatever language the window shows.
  ...["dateInput.chinese", "dateInput.chinesePadded"].map((key) => i18n.getFixedT("zh-CN")(key)),
];

type Props = Omit<DatePickerProps, "multiple" | "onChange" | "format"> & {
  /** How the chosen day is shown; every form of `DATE_INPUT_FORMATS` is still read. */
  format?: string;
  onChange?: (day: Dayjs | null) => void;
};

/** The one day picker of the forms: antd's, reading every usual way of typing a day. */
export function DateInput({ onChange, format, ...props }: Props) {
  const formats = format ? [format, ...DATE_INPUT_FORMATS] : DATE_INPUT_FORMATS;
  const picker = {
    ...props,
    format: formats,
    onChange: (day: Dayjs | Dayjs[] | null) =>
      onChange?.(Array.isArray(day) ? (day[0] ?? null) : day),
  } as DatePickerProps;
  return <DatePicker {...picker} />;
}
