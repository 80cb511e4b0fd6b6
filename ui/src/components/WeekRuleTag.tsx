// The activity week is a named, per-community setting ("second week" is ambiguous), so every
// screen that shows activity dates also shows which rule those dates follow.
import { Tag } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityWeekRule } from "../bindings/ActivityWeekRule";
import { communitySchedule } from "../ipc/schedule";
import { withNote } from "../lib/text";

/** 活动周：每月8日至14日 — with a note (e.g. the communities it applies to) when given. */
export function WeekRuleTag({
  rule,
  note,
  color = "red",
  testId = "week-rule",
}: {
  rule: ActivityWeekRule;
  note?: string;
  color?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const label = t("calendar.ruleHeader", { rule: t(`weekRule.${rule}`) });
  return (
    <Tag color={color} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {note ? withNote(t, label, note) : label}
    </Tag>
  );
}

/**
 * The rules of these communities, by community id, from each community's schedule settings.
 * A community whose settings cannot be read is left out (its tag is simply not shown).
 */
export function useWeekRules(communityIds: readonly string[]): Record<string, ActivityWeekRule> {
  const [rules, setRules] = useState<Record<string, ActivityWeekRule>>({});
  const key = [...new Set(communityIds)].sort().join(",");

  useEffect(() => {
    let live = true;
    const ids = key ? key.split(",") : [];
    void Promise.all(ids.map((id) => communitySchedule(id).catch(() => null))).then((all) => {
      if (!live) return;
      const next: Record<string, ActivityWeekRule> = {};
      for (const s of all) if (s) next[s.communityId] = s.rule;
      setRules(next);
    });
    return () => {
      live = false;
    };
  }, [key]);

  return rules;
}
