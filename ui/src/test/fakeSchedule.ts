// The 定时间 commands of the fake backend: a small, honest imitation of the core's rules
// (the three activity-week rules with their history by month, holiday breaks, moves), enough
// for screen tests and screenshots.
import type { ActivityWeekRule } from "../bindings/ActivityWeekRule";
import type { BranchYear } from "../bindings/BranchYear";
import type { Clash } from "../bindings/Clash";
import type { CommunitySchedule } from "../bindings/CommunitySchedule";
import type { CommunitySharing } from "../bindings/CommunitySharing";
import type { CommunityYear } from "../bindings/CommunityYear";
import type { DayMove } from "../bindings/DayMove";
import type { DayPlan } from "../bindings/DayPlan";
import type { HolidayBreak } from "../bindings/HolidayBreak";
import type { HolidayYear } from "../bindings/HolidayYear";
import type { Proposal } from "../bindings/Proposal";
import type { Reminder } from "../bindings/Reminder";
import type { ScheduledDay } from "../bindings/ScheduledDay";
import type { ScheduleScope } from "../bindings/ScheduleScope";
import type { UpcomingDay } from "../bindings/UpcomingDay";
import type { WeekdayAdvice } from "../bindings/WeekdayAdvice";
import type { WeekdayChoice } from "../bindings/WeekdayChoice";
import type { WeekdayWishes } from "../bindings/WeekdayWishes";
import type { WeekRuleChange } from "../bindings/WeekRuleChange";
import type { WeekRuleFrom } from "../bindings/WeekRuleFrom";
import { isoDate, isoMonth, isValidTime, mondayIndex, WEEKDAYS, within } from "../lib/calendar";
import { appToday, appTodayIso } from "../lib/today";

/** Breaks of the years the fake knows (from the 2024 and 2026 State Council schedules). */
export const FAKE_BREAKS: Record<number, HolidayBreak[]> = {
  2024: [
    { name: "元旦", first: "2023-12-30", last: "2024-01-01" },
    { name: "春节", first: "2024-02-10", last: "2024-02-17" },
    { name: "清明节", first: "2024-04-04", last: "2024-04-06" },
    { name: "劳动节", first: "2024-05-01", last: "2024-05-05" },
    { name: "端午节", first: "2024-06-08", last: "2024-06-10" },
    { name: "中秋节", first: "2024-09-15", last: "2024-09-17" },
    { name: "国庆节", first: "2024-10-01", last: "2024-10-07" },
  ],
  2026: [
    { name: "元旦", first: "2026-01-01", last: "2026-01-03" },
    { name: "春节", first: "2026-02-15", last: "2026-02-23" },
    { name: "清明节", first: "2026-04-04", last: "2026-04-06" },
    { name: "劳动节", first: "2026-05-01", last: "2026-05-05" },
    { name: "端午节", first: "2026-06-19", last: "2026-06-21" },
    { name: "中秋节", first: "2026-09-25", last: "2026-09-27" },
    { name: "国庆节", first: "2026-10-01", last: "2026-10-07" },
  ],
};

type Names = Record<string, string>;
const invalid = (field: string, rule: string) => ({
  code: "invalid",
  message: `${field}: ${rule}`,
  fields: [{ field, rule }],
});

/** First day of the month's activity week under `rule` (see src/activity_week.rs). */
const weekStartDay = (rule: ActivityWeekRule, year: number, month: number) => {
  const fromMonday = mondayIndex(year, month, 1);
  if (rule === "second-monday-week") return 1 + ((7 - fromMonday) % 7) + 7;
  if (rule === "second-calendar-row") return 1 + 7 - fromMonday;
  return 8;
};

/** The rule in force in `ym`: the latest row from that month or before (rows sorted). */
const ruleFor = (rules: readonly WeekRuleFrom[], ym: string): ActivityWeekRule =>
  [...rules].reverse().find((r) => r.effectiveFrom <= ym)?.rule ?? "second-weekday";

const thisMonth = () => appTodayIso().slice(0, 7);

export function fakeSchedule(names: Names, communityOf: (branchId: string) => string) {
  const sharing: Record<string, CommunitySharing> = {};
  const ruleHistory: Record<string, WeekRuleFrom[]> = {};
  const plans: DayPlan[] = [
    {
      branchId: "b1",
      effectiveFrom: "2020-01",
      weekday: "wed",
      startTime: "08:30",
      venue: "党群服务中心",
    },
    {
      branchId: "b2",
      effectiveFrom: "2020-01",
      weekday: "fri",
      startTime: "14:00",
      venue: "农机合作社",
    },
  ];
  const moves: DayMove[] = [];
  const wishes: Record<string, WeekdayWishes> = {};
  const edits: HolidayYear["edits"] = [];

  const rulesOf = (communityId: string): WeekRuleFrom[] =>
    ruleHistory[communityId] ?? [{ effectiveFrom: "1900-01", rule: "second-weekday" }];

  /** January's rule of the year, then each change during it. */
  const yearRules = (communityId: string, year: number): WeekRuleFrom[] => {
    const out: WeekRuleFrom[] = [];
    for (let month = 1; month <= 12; month++) {
      const ym = isoMonth(year, month);
      const rule = ruleFor(rulesOf(communityId), ym);
      if (out.at(-1)?.rule !== rule) out.push({ effectiveFrom: ym, rule });
    }
    return out;
  };

  const scheduleOf = (communityId: string): CommunitySchedule => {
    const s = sharing[communityId] ?? {
      communityId,
      dayShareLimit: 1,
      venues: ["党群服务中心", "农机合作社"],
    };
    const rules = rulesOf(communityId);
    return { ...s, rule: ruleFor(rules, thisMonth()), rules };
  };

  const planFor = (branchId: string, ym: string) =>
    plans
      .filter((p) => p.branchId === branchId && p.effectiveFrom <= ym)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];

  const days = (branchId: string, year: number): ScheduledDay[] => {
    const breaks = FAKE_BREAKS[year] ?? [];
    const inBreak = (date: string) => breaks.find((b) => within(date, b.first, b.last));
    const out: ScheduledDay[] = [];
    for (let month = 1; month <= 12; month++) {
      const ym = isoMonth(year, month);
      const plan = planFor(branchId, ym);
      if (!plan) continue;
      const rule = ruleFor(rulesOf(communityOf(branchId)), ym);
      const start = weekStartDay(rule, year, month);
      const window = [0, 1, 2, 3, 4, 5, 6].map((i) => isoDate(year, month, start + i));
      const fixedDay =
        start + ((WEEKDAYS.indexOf(plan.weekday) - mondayIndex(year, month, start) + 7) % 7);
      const fixed = isoDate(year, month, fixedDay);
      let date = fixed;
      let moved = false;
      let conflict = false;
      const hb = inBreak(fixed);
      if (hb) {
        const free = window
          .filter((d) => !inBreak(d))
          .sort(
            (a, b) =>
              Math.abs(Number(a.slice(8)) - fixedDay) - Math.abs(Number(b.slice(8)) - fixedDay),
          );
        if (free.length > 0) {
          date = free[0];
          moved = true;
        } else conflict = true;
      }
      const manual = moves.find(
        (m) => m.branchId === branchId && m.year === year && m.month === month,
      );
      out.push({
        branchId,
        year,
        month,
        weekStart: window[0],
        weekEnd: window[6],
        rule,
        weekday: plan.weekday,
        fixedDate: fixed,
        date: manual?.date ?? date,
        moved,
        conflict: conflict && !manual,
        reason: hb?.name ?? null,
        manualReason: manual?.reason ?? null,
        deviation: !!manual && !within(manual.date, window[0], window[6]),
        startTime: plan.startTime,
        venue: plan.venue,
      });
    }
    return out;
  };

  const branchYear = (branchId: string, year: number): BranchYear => ({
    branchId,
    branchName: names[branchId],
    communityId: communityOf(branchId),
    year,
    rules: yearRules(communityOf(branchId), year),
    holidaysKnown: year in FAKE_BREAKS,
    plans: plans.filter((p) => p.branchId === branchId),
    days: days(branchId, year),
  });

  const branchesOf = (communityId: string) =>
    Object.keys(names).filter((id) => communityOf(id) === communityId);

  const communityYear = (communityId: string, year: number): CommunityYear => {
    const s = scheduleOf(communityId);
    const branches = branchesOf(communityId).map((id) => branchYear(id, year));
    const byDate = new Map<string, string[]>();
    for (const b of branches)
      for (const d of b.days) byDate.set(d.date, [...(byDate.get(d.date) ?? []), b.branchId]);
    const clashes: Clash[] = [...byDate]
      .filter(([, ids]) => ids.length > s.dayShareLimit)
      .map(([date, ids]) => ({ kind: "dayOverLimit", date, venue: null, branchIds: ids }));
    return {
      communityId,
      communityName: "张家庄社区",
      year,
      settings: s,
      rules: yearRules(communityId, year),
      holidaysKnown: year in FAKE_BREAKS,
      branches,
      clashes,
    };
  };

  const holidayYear = (year: number): HolidayYear => ({
    year,
    source: year in FAKE_BREAKS ? "builtin" : edits.length > 0 ? "manual" : "none",
    fileName: null,
    days: (FAKE_BREAKS[year] ?? []).map((b) => ({ name: b.name, date: b.first, isOffDay: true })),
    edits: edits.filter((e) => e.date.startsWith(String(year))),
    breaks: FAKE_BREAKS[year] ?? [],
  });

  const inScope = (scope: ScheduleScope, branchId: string) =>
    (!scope.branchId || scope.branchId === branchId) &&
    (!scope.communityId || communityOf(branchId) === scope.communityId);

  /** Activity days from the app's day on, this year and next, soonest first. */
  const upcoming = (scope: ScheduleScope): UpcomingDay[] => {
    const today = appToday();
    const t0 = Date.UTC(today.year(), today.month(), today.date());
    return Object.keys(names)
      .filter((id) => inScope(scope, id))
      .flatMap((id) => [...days(id, today.year()), ...days(id, today.year() + 1)])
      .map((day) => ({
        branchName: names[day.branchId],
        communityName: "张家庄社区",
        daysUntil: Math.round((Date.parse(`${day.date}T00:00:00Z`) - t0) / 86_400_000),
        day,
      }))
      .filter((u) => u.daysUntil >= 0)
      .sort((a, b) => a.day.date.localeCompare(b.day.date));
  };
  /** Reminders already given (branch|date|kind), as the core's reminder_sent table. */
  const remindersSent = new Set<string>();

  /** Answers a schedule command, or undefined when it is not one. */
  return (cmd: string, args: Record<string, unknown>): unknown => {
    switch (cmd) {
      case "community_schedule":
        return scheduleOf(args.communityId as string);
      case "save_community_schedule": {
        const s = args.settings as CommunitySharing;
        sharing[s.communityId] = s;
        return scheduleOf(s.communityId);
      }
      case "change_week_rule": {
        const c = args.change as WeekRuleChange;
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(c.effectiveFrom))
          throw invalid("effectiveFrom", "badDate");
        const rules = rulesOf(c.communityId);
        if (ruleFor(rules, c.effectiveFrom) !== c.rule) {
          const kept = rules.filter((r) => r.effectiveFrom !== c.effectiveFrom);
          const before = ruleFor(kept, c.effectiveFrom);
          const next = before === c.rule ? kept : [...kept, { ...c }];
          ruleHistory[c.communityId] = next
            .map(({ effectiveFrom, rule }) => ({ effectiveFrom, rule }))
            .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
        }
        return scheduleOf(c.communityId);
      }
      case "delete_week_rule": {
        const id = args.communityId as string;
        const rules = rulesOf(id);
        if (rules[0]?.effectiveFrom === args.effectiveFrom)
          throw invalid("effectiveFrom", "badChoice");
        ruleHistory[id] = rules.filter((r) => r.effectiveFrom !== args.effectiveFrom);
        return scheduleOf(id);
      }
      case "week_rules_in_year":
        return yearRules(args.communityId as string, args.year as number);
      case "branch_year":
        return branchYear(args.branchId as string, args.year as number);
      case "save_day_plan": {
        const plan = args.plan as DayPlan;
        if (!isValidTime(plan.startTime)) throw invalid("startTime", "badTime");
        const i = plans.findIndex(
          (p) => p.branchId === plan.branchId && p.effectiveFrom === plan.effectiveFrom,
        );
        if (i >= 0) plans.splice(i, 1);
        plans.push(plan);
        return plans.filter((p) => p.branchId === plan.branchId);
      }
      // Clashes between branches are the core's (api::schedule::plan_clashes); the fake
      // reports none, and a test that needs some answers these commands itself.
      case "plan_clashes":
      case "branch_clashes":
        return [];
      case "delete_day_plan": {
        const i = plans.findIndex(
          (p) => p.branchId === args.branchId && p.effectiveFrom === args.effectiveFrom,
        );
        if (i >= 0) plans.splice(i, 1);
        return plans.filter((p) => p.branchId === args.branchId);
      }
      case "move_day": {
        const m = args.dayMove as DayMove;
        if (!m.reason.trim()) throw invalid("reason", "required");
        const i = moves.findIndex(
          (x) => x.branchId === m.branchId && x.year === m.year && x.month === m.month,
        );
        if (i >= 0) moves.splice(i, 1);
        moves.push(m);
        return days(m.branchId, m.year).find((d) => d.month === m.month);
      }
      case "clear_move": {
        const i = moves.findIndex(
          (x) => x.branchId === args.branchId && x.year === args.year && x.month === args.month,
        );
        if (i >= 0) moves.splice(i, 1);
        return days(args.branchId as string, args.year as number).find(
          (d) => d.month === args.month,
        );
      }
      case "community_year":
        return communityYear(args.communityId as string, args.year as number);
      case "weekday_advice": {
        const id = args.branchId as string;
        const year = args.year as number;
        const others = branchesOf(communityOf(id)).filter((b) => b !== id);
        return WEEKDAYS.map((weekday): WeekdayAdvice => {
          const ds = days(id, year).map((d) => d.month);
          return {
            weekday,
            moved:
              weekday === "mon"
                ? 2
                : weekday === "sat" || weekday === "sun"
                  ? 3
                  : ds.length > 0
                    ? 0
                    : 0,
            conflicts: weekday === "sat" ? 1 : 0,
            branchIds: others.filter((o) => planFor(o, `${year}-12`)?.weekday === weekday),
          };
        });
      }
      case "weekday_wishes":
        return (
          wishes[args.branchId as string] ?? {
            branchId: args.branchId,
            preferred: [],
            impossible: [],
          }
        );
      case "save_weekday_wishes": {
        const w = args.wishes as WeekdayWishes;
        wishes[w.branchId] = w;
        return w;
      }
      case "propose_weekdays": {
        const ids = branchesOf(args.communityId as string);
        const proposal: Proposal = {
          outcome: "assigned",
          assignments: ids.map((branchId, i) => ({
            branchId,
            weekday: WEEKDAYS[(i * 2) % 7],
            preferred: true,
            moved: 0,
            conflicts: 0,
          })),
          totalMoved: 0,
          holidayClashes: [],
        };
        return proposal;
      }
      case "apply_weekdays": {
        for (const c of args.choices as WeekdayChoice[]) {
          const prev = planFor(c.branchId, args.effectiveFrom as string);
          plans.push({
            branchId: c.branchId,
            effectiveFrom: args.effectiveFrom as string,
            weekday: c.weekday,
            startTime: prev?.startTime ?? "08:30",
            venue: prev?.venue ?? "",
          });
        }
        return communityYear(
          args.communityId as string,
          Number(String(args.effectiveFrom).slice(0, 4)),
        );
      }
      case "upcoming_days":
        return upcoming(args.scope as ScheduleScope).slice(0, args.count as number);
      case "due_reminders": {
        // As the core: each branch's next day, three days ahead and on the day, each once.
        const due: Reminder[] = [];
        const seen = new Set<string>();
        for (const u of upcoming(args.scope as ScheduleScope)) {
          if (seen.has(u.day.branchId)) continue;
          seen.add(u.day.branchId);
          const kind = u.daysUntil === 0 ? "onDay" : u.daysUntil <= 3 ? "before" : null;
          if (!kind || remindersSent.has(`${u.day.branchId}|${u.day.date}|${kind}`)) continue;
          due.push({
            kind,
            branchId: u.day.branchId,
            branchName: u.branchName,
            date: u.day.date,
            daysUntil: u.daysUntil,
            startTime: u.day.startTime,
            venue: u.day.venue,
          });
        }
        return due;
      }
      case "mark_reminders_shown":
        for (const r of args.shown as Reminder[]) {
          remindersSent.add(`${r.branchId}|${r.date}|${r.kind}`);
        }
        return null;
      case "export_ics":
        return { events: 12, path: args.path };
      case "holiday_year":
        return holidayYear(args.year as number);
      case "edit_holiday_day": {
        const date = args.date as string;
        const i = edits.findIndex((e) => e.date === date);
        if (i >= 0) edits.splice(i, 1);
        if (args.kind) edits.push({ date, kind: args.kind as "off", name: args.name as string });
        return holidayYear(Number(date.slice(0, 4)));
      }
      case "import_holiday_file":
        throw { code: "importFile", message: "第 3 行：日期无效", fields: [] };
      case "plugin:dialog|save":
        return "/home/user/日历.ics";
      default:
        return undefined;
    }
  };
}
