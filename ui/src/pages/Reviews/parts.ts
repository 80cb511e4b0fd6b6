import type { Mark } from "../../bindings/Mark";
import type { ReviewerGroup } from "../../bindings/ReviewerGroup";

/** Keys of the paper-ballot entry: 1 满意, 2 基本满意, 3 不满意, 0 未评, 4 (or +) 多选. */
export const MARK_KEYS: Record<string, Mark> = {
  "1": "satisfied",
  "2": "fairlySatisfied",
  "3": "dissatisfied",
  "0": "noRating",
  "4": "twoRatings",
  "+": "twoRatings",
};

export const GROUP_KEYS: Record<string, ReviewerGroup> = { "1": "member", "2": "resident" };

/** The entry key of a mark, to show a saved sheet in the entry row again (多选 is "4"). */
export const keyOfMark = (mark: Mark) =>
  Object.keys(MARK_KEYS).find((k) => MARK_KEYS[k] === mark) ?? "0";

export const keyOfGroup = (group: ReviewerGroup) =>
  Object.keys(GROUP_KEYS).find((k) => GROUP_KEYS[k] === group) ?? "1";

export const MARK_COLOURS: Record<Mark, string> = {
  satisfied: "green",
  fairlySatisfied: "blue",
  dissatisfied: "red",
  noRating: "default",
  twoRatings: "orange",
};

/** A rate 0–1 as "83.3%", or "—". */
export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;

export const score = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : value.toFixed(1);
