// The activity week is a named, per-community setting ("second week" is ambiguous), so every
// screen that shows activity dates also shows which rule those dates follow. A community may
// change its rule from a month on: a year's dates can follow two rules, and the tag names both.
import { Tag } from "antd";
import type { TFunction } from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityWeekRule } from "../bindings/ActivityWeekRule";
import type { WeekRuleFrom } from "../bindings/WeekRuleFrom";
import { weekRulesInYear } from "../ipc/schedule";
import { withNote } from "../lib/text";

/**
 * A year's rules as the core lists them (January's, then each change with its first month):
 * "每月8日至14日", or "每月8日至14日；自7月起 第二个周一起的一周".
 */
export function yearRulesText(t: TFunction, rules: readonly WeekRuleFrom[]): string {
  return rules
    .map((r, i) => {
      const rule = t(`weekRule.${r.rule}`);
      return i === 0
        ? rule
        : t("calendar.ruleFromMonth", { month: Number(r.effectiveFrom.slice(5, 7)), rule });
    })
    .reduce((earlier, later) => t("calendar.rulesThen", { earlier, later }));
}

/**
 * 活动周：每月8日至14日 — for one rule, or a year's rules — with a note (e.g. the communities it
 * applies to) when given.
 */
export function WeekRuleTag({
  rule,
  rules,
  note,
  color = "red",
  testId = "week-rule",
}: {
  rule?: ActivityWeekRule;
  rules?: readonly WeekRuleFrom[];
  note?: string;
  color?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const named =
    rules && rules.length > 0 ? yearRulesText(t, rules) : rule ? t(`weekRule.${rule}`) : null;
  if (!named) return null;
  const label = t("calendar.ruleHeader", { rule: named });
  return (
    <Tag color={color} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {note ? withNote(t, label, note) : label}
    </Tag>
  );
}

/**
 * The rules these communities' dates follow over `year`, by community id. A community whose
 * rules cannot be read is left out (its tag is simply not shown).
 */
export function useWeekRules(
  communityIds: readonly string[],
  year: number,
): Record<string, WeekRuleFrom[]> {
  const [rules, setRules] = useState<Record<string, WeekRuleFrom[]>>({});
  const key = [...new Set(communityIds)].sort().join(",");

  useEffect(() => {
    let live = true;
    const ids = key ? key.split(",") : [];
    void Promise.all(
      ids.map((id) =>
        weekRulesInYear(id, year).then(
          (r) => [id, r] as const,
          () => null,
        ),
      ),
    ).then((all) => {
      if (!live) return;
      const next: Record<string, WeekRuleFrom[]> = {};
      for (const found of all) if (found) next[found[0]] = found[1];
      setRules(next);
    });
    return () => {
      live = false;
    };
  }, [key, year]);

  return rules;
}
