import type { TFunction } from "i18next";
import type { BranchClash } from "../bindings/BranchClash";
import { dayText, listText, sentencesText } from "./text";

/**
 * The clashes the core found (api::schedule::branch_clashes / plan_clashes), in words: one
 * line per other branch, "农机服务型党支部：同一天 7月13日、8月10日；党群服务中心 时间相近 7月13日".
 */
export function clashLines(t: TFunction, clashes: readonly BranchClash[]): string[] {
  const fmt = (date: string) => dayText(t, date);
  const byBranch = new Map<string, { name: string; day: string[]; venue: Map<string, string[]> }>();
  for (const c of clashes) {
    for (const o of c.others) {
      const entry = byBranch.get(o.branchId) ?? {
        name: o.branchName,
        day: [],
        venue: new Map<string, string[]>(),
      };
      if (c.kind === "dayOverLimit") entry.day.push(c.date);
      else {
        const venue = c.venue ?? "";
        entry.venue.set(venue, [...(entry.venue.get(venue) ?? []), c.date]);
      }
      byBranch.set(o.branchId, entry);
    }
  }
  return [...byBranch.values()].map(({ name, day, venue }) => {
    const parts: string[] = [];
    if (day.length > 0) parts.push(t("clash.sameDay", { dates: listText(t, day.map(fmt)) }));
    for (const [v, dates] of venue)
      parts.push(t("clash.sameVenue", { venue: v, dates: listText(t, dates.map(fmt)) }));
    return t("clash.line", { branch: name, what: sentencesText(t, parts) });
  });
}

/** For the year view: what clashes on `date`, "与 农机服务型党支部 同一天", or null. */
export function clashNotes(t: TFunction, clashes: readonly BranchClash[]) {
  const notes = new Map<string, string[]>();
  for (const c of clashes) {
    const names = listText(
      t,
      c.others.map((o) => o.branchName),
    );
    const note =
      c.kind === "dayOverLimit"
        ? t("clash.dayNote", { branches: names })
        : t("clash.venueNote", { branches: names, venue: c.venue ?? "" });
    notes.set(c.date, [...(notes.get(c.date) ?? []), note]);
  }
  return (date: string): string | null => {
    const found = notes.get(date);
    return found ? sentencesText(t, found) : null;
  };
}
