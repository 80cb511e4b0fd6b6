import type { ActivityDetail } from "../bindings/ActivityDetail";
import type { ActivityDraft } from "../bindings/ActivityDraft";
import type { ActivityStatus } from "../bindings/ActivityStatus";
import type { ActivitySummary } from "../bindings/ActivitySummary";
import type { AttendanceEntry } from "../bindings/AttendanceEntry";
import type { BranchHome } from "../bindings/BranchHome";
import type { Problem } from "../bindings/Problem";
import type { Suggestion } from "../bindings/Suggestion";
import { call } from "./core";

/** A draft prefilled from the branch's activity day of that month (rejects `month` if none). */
export const draftForDay = (branchId: string, year: number, month: number) =>
  call<ActivityDraft>("draft_for_day", { branchId, year, month });
export const planActivity = (draft: ActivityDraft) =>
  call<ActivityDetail>("plan_activity", { draft });
export const updateActivity = (id: string, draft: ActivityDraft) =>
  call<ActivityDetail>("update_activity", { id, draft });
/** `entries` must hold exactly one entry per member on the roll. */
export const setAttendance = (id: string, entries: AttendanceEntry[], residentsPresent: number) =>
  call<ActivityDetail>("set_attendance", { id, entries, residentsPresent });
/**
 * `heldOn`: the day a postponed activity took place, when it is marked held (null: the day it
 * was postponed to). The core checks it and counts the activity on that day.
 */
export const changeStatus = (id: string, status: ActivityStatus, heldOn: string | null = null) =>
  call<ActivityDetail>("change_status", { id, status, heldOn });
/** Sets back an activity marked held by mistake; the reason is kept in its history. */
export const setBackHeld = (id: string, reason: string) =>
  call<ActivityDetail>("set_back_held", { id, reason });
export const activityDetail = (id: string) => call<ActivityDetail>("activity_detail", { id });
export const activitiesOfYear = (branchId: string, year: number) =>
  call<ActivitySummary[]>("activities_of_year", { branchId, year });

export const saveSuggestion = (suggestion: Suggestion) =>
  call<Suggestion>("save_suggestion", { suggestion });
export const saveProblem = (problem: Problem) => call<Problem>("save_problem", { problem });
export const suggestionsOf = (branchId: string) =>
  call<Suggestion[]>("suggestions_of", { branchId });
export const problemsOf = (branchId: string) => call<Problem[]>("problems_of", { branchId });

export const branchHome = (branchId: string) => call<BranchHome>("branch_home", { branchId });
