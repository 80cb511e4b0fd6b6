import { save } from "@tauri-apps/plugin-dialog";
import type { BranchClash } from "../bindings/BranchClash";
import type { BranchYear } from "../bindings/BranchYear";
import type { CommunitySchedule } from "../bindings/CommunitySchedule";
import type { CommunitySharing } from "../bindings/CommunitySharing";
import type { CommunityYear } from "../bindings/CommunityYear";
import type { DayMove } from "../bindings/DayMove";
import type { DayPlan } from "../bindings/DayPlan";
import type { IcsOutcome } from "../bindings/IcsOutcome";
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
import { call, toApiError } from "./core";

export const communitySchedule = (communityId: string) =>
  call<CommunitySchedule>("community_schedule", { communityId });
export const saveCommunitySchedule = (settings: CommunitySharing) =>
  call<CommunitySchedule>("save_community_schedule", { settings });
/** The community's activity-week rule from a month on; earlier months keep theirs. */
export const changeWeekRule = (change: WeekRuleChange) =>
  call<CommunitySchedule>("change_week_rule", { change });
export const deleteWeekRule = (communityId: string, effectiveFrom: string) =>
  call<CommunitySchedule>("delete_week_rule", { communityId, effectiveFrom });
/** The rules a year's dates follow: January's, then each change during the year. */
export const weekRulesInYear = (communityId: string, year: number) =>
  call<WeekRuleFrom[]>("week_rules_in_year", { communityId, year });

export const branchYear = (branchId: string, year: number) =>
  call<BranchYear>("branch_year", { branchId, year });
export const saveDayPlan = (plan: DayPlan) => call<DayPlan[]>("save_day_plan", { plan });
/** The clashes `plan` would bring with the community's other branches; nothing is saved. */
export const planClashes = (plan: DayPlan) => call<BranchClash[]>("plan_clashes", { plan });
/** The clashes of a branch's year with the community's other branches. */
export const branchClashes = (branchId: string, year: number) =>
  call<BranchClash[]>("branch_clashes", { branchId, year });
export const deleteDayPlan = (branchId: string, effectiveFrom: string) =>
  call<DayPlan[]>("delete_day_plan", { branchId, effectiveFrom });
export const moveDay = (dayMove: DayMove) => call<ScheduledDay>("move_day", { dayMove });
export const clearMove = (branchId: string, year: number, month: number) =>
  call<ScheduledDay>("clear_move", { branchId, year, month });

export const communityYear = (communityId: string, year: number) =>
  call<CommunityYear>("community_year", { communityId, year });

export const weekdayAdvice = (branchId: string, year: number) =>
  call<WeekdayAdvice[]>("weekday_advice", { branchId, year });
export const weekdayWishes = (branchId: string) =>
  call<WeekdayWishes>("weekday_wishes", { branchId });
export const saveWeekdayWishes = (wishes: WeekdayWishes) =>
  call<WeekdayWishes>("save_weekday_wishes", { wishes });
export const proposeWeekdays = (communityId: string, year: number) =>
  call<Proposal>("propose_weekdays", { communityId, year });
export const applyWeekdays = (
  communityId: string,
  effectiveFrom: string,
  choices: WeekdayChoice[],
) => call<CommunityYear>("apply_weekdays", { communityId, effectiveFrom, choices });

export const upcomingDays = (scope: ScheduleScope, count: number) =>
  call<UpcomingDay[]>("upcoming_days", { scope, count });
export const dueReminders = (scope: ScheduleScope) => call<Reminder[]>("due_reminders", { scope });
export const markRemindersShown = (shown: Reminder[]) =>
  call<null>("mark_reminders_shown", { shown });

export const exportIcs = (scope: ScheduleScope, year: number, path: string) =>
  call<IcsOutcome>("export_ics", { scope, year, path });

/** Every branch: the scope reminders and "all" views use. */
export const ALL_SCOPE: ScheduleScope = { townId: null, communityId: null, branchId: null };

/** Asks where to write the calendar file; null when the user cancels. */
export async function pickIcsFile(defaultPath: string, filterName: string) {
  try {
    return await save({ defaultPath, filters: [{ name: filterName, extensions: ["ics"] }] });
  } catch (raw) {
    throw toApiError(raw);
  }
}
