import type { ActivitySummary } from "../bindings/ActivitySummary";
import type { BranchCompliance } from "../bindings/BranchCompliance";
import type { DemoPoint } from "../bindings/DemoPoint";
import type { DemoPointDraft } from "../bindings/DemoPointDraft";
import type { PointScope } from "../bindings/PointScope";
import type { PointStatusChange } from "../bindings/PointStatusChange";
import type { PointSummary } from "../bindings/PointSummary";
import type { ScopeCompliance } from "../bindings/ScopeCompliance";
import type { Team } from "../bindings/Team";
import type { TeamDraft } from "../bindings/TeamDraft";
import type { TeamSuggestion } from "../bindings/TeamSuggestion";
import { call } from "./core";

/** Points of a scope created in `year` (every year with null), by branch and date. */
export const listPoints = (scope: PointScope, year: number | null) =>
  call<PointSummary[]>("list_points", { scope, year });
/** Adds a point (`id` null) or edits one; a status change goes to its history. */
export const savePoint = (id: string | null, draft: DemoPointDraft) =>
  call<DemoPoint>("save_point", { id, draft });
export const pointHistory = (id: string) => call<PointStatusChange[]>("point_history", { id });
/** The activities held at a point, dated (and in order of) the day each took place. */
export const activitiesAtPoint = (pointId: string) =>
  call<ActivitySummary[]>("activities_at_point", { pointId });
/** Makes a point of the activity's branch its venue, or none. */
export const setActivityPoint = (activityId: string, pointId: string | null) =>
  call<null>("set_activity_point", { activityId, pointId });

/** The point an activity takes place at, if any. */
export const pointOfActivity = (activityId: string) =>
  call<DemoPoint | null>("point_of_activity", { activityId });

export const teamsOf = (branchId: string, year: number) =>
  call<Team[]>("teams_of", { branchId, year });
export const saveTeam = (id: string | null, draft: TeamDraft) =>
  call<Team>("save_team", { id, draft });
/** Refused with inUse once a point names the team. */
export const deleteTeam = (id: string) => call<null>("delete_team", { id });
/** A partition of the capable members not yet in a team of the year. */
export const suggestTeams = (branchId: string, year: number) =>
  call<TeamSuggestion>("suggest_teams", { branchId, year });

export const branchCompliance = (branchId: string, year: number) =>
  call<BranchCompliance>("branch_compliance", { branchId, year });
export const scopeCompliance = (scope: PointScope, year: number) =>
  call<ScopeCompliance>("scope_compliance", { scope, year });
