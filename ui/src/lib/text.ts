// Punctuation that joins words differs by language (、，；（）： in Chinese, ASCII in English), so
// components join and annotate through these helpers and never write it themselves.
import dayjs from "dayjs";
import type { TFunction } from "i18next";

/** Names in a row: 甲、乙 / A, B. */
export const listText = (t: TFunction, items: readonly string[]): string =>
  items.join(t("common.listSeparator"));

/** Clauses of one sentence: 未评 0，多选 1 / no rating 0, two ratings 1. */
export const clausesText = (t: TFunction, items: readonly string[]): string =>
  items.join(t("common.clauseSeparator"));

/** Whole statements one after the other: …；… / …; … */
export const sentencesText = (t: TFunction, items: readonly string[]): string =>
  items.join(t("common.sentenceSeparator"));

/** A value with a note in brackets: 王建国（支部书记） / Wang (Secretary). */
export const withNote = (t: TFunction, text: string | number, note: string | number): string =>
  t("common.withNote", { text, note });

/** A label and its value: 负责人：张三 / Owner: Zhang. An empty value leaves the label and colon. */
export const labelled = (t: TFunction, label: string, value: string | number): string =>
  t("common.labelled", { label, value });

/** A month (1–12) by itself: 3月 / March. */
export const monthName = (t: TFunction, month: number): string =>
  dayjs(new Date(2000, month - 1, 1)).format(t("calendar.monthFormat"));

/** A month (1–12) where room is short, as on a chart axis: 3月 / Mar. */
export const monthShortName = (t: TFunction, month: number): string =>
  dayjs(new Date(2000, month - 1, 1)).format(t("calendar.monthShortFormat"));

/** A day as the calendars write it: 12月9日 / Dec 9. */
export const dayText = (t: TFunction, date: string): string =>
  dayjs(date).format(t("calendar.dateFormat"));
