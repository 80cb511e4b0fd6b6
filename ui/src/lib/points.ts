// Pure helpers for the 定标准 screens: categories, seats, traffic lights, drafts and the
// nearest deadline. No IPC here.
import type { TFunction } from "i18next";
import type { BranchCompliance } from "../bindings/BranchCompliance";
import type { CommitteeRole } from "../bindings/CommitteeRole";
import type { ComplianceState } from "../bindings/ComplianceState";
import type { DemoPoint } from "../bindings/DemoPoint";
import type { DemoPointDraft } from "../bindings/DemoPointDraft";
import type { PointCategory } from "../bindings/PointCategory";
import type { PointLeader } from "../bindings/PointLeader";
import type { PointScope } from "../bindings/PointScope";
import type { PointStatus } from "../bindings/PointStatus";
import type { Scope } from "./orgTree";
import { clausesText, listText } from "./text";

export const POINT_CATEGORIES: readonly PointCategory[] = [
  "planting",
  "breeding",
  "processing",
  "ecommerce",
  "services",
  "culture",
  "other",
];

/** The "3": the committee seats, in board order. */
export const SEATS: readonly CommitteeRole[] = ["secretary", "organising", "publicity"];

/** A team ("X") has 5 to 8 capable members; fewer than 5 capable members means no team rule. */
export const MIN_TEAM_SIZE = 5;
export const MAX_TEAM_SIZE = 8;

export type StateKind = ComplianceState["kind"];

/** Traffic lights: green, amber, red, grey. */
export const STATE_COLOR: Record<StateKind, string> = {
  met: "#52c41a",
  notYet: "#faad14",
  missed: "#f5222d",
  notStarted: "#bfbfbf",
};
/** The antd Tag colour of each state. */
export const STATE_TAG: Record<StateKind, string> = {
  met: "success",
  notYet: "warning",
  missed: "error",
  notStarted: "default",
};

/**
 * What the branch still lacks, in words, from the core's `missing` (rules not met in periods
 * that have begun): shown beside the overall light so a 未达标 always says which rule. Empty
 * when nothing is missing.
 */
export function shortfallText(t: TFunction, c: BranchCompliance): string {
  const m = c.missing;
  const items = [
    m.roles.length > 0 &&
      t("points.shortSeats", {
        roles: listText(
          t,
          m.roles.map((r) => t(`seat.${r}`)),
        ),
      }),
    m.teamIds.length > 0 && t("points.shortTeams", { count: m.teamIds.length }),
    m.teamsToForm > 0 && t("points.shortToForm", { count: m.teamsToForm }),
    m.quarters.length > 0 &&
      t("points.shortQuarters", {
        quarters: listText(
          t,
          m.quarters.map((quarter) => t("points.quarter", { quarter })),
        ),
      }),
  ].filter((item): item is string => Boolean(item));
  return items.length ? t("points.shortfall", { items: clausesText(t, items) }) : "";
}

/** The point commands' scope for the top-bar scope; none means every branch. */
export function pointScope(scope: Scope | null): PointScope {
  return {
    townId: scope?.kind === "town" ? scope.id : null,
    communityId: scope?.kind === "community" ? scope.id : null,
    branchId: scope?.kind === "branch" ? scope.id : null,
  };
}

export type LeaderKind = PointLeader["kind"];

/** What the point form holds, before it becomes a draft. */
export type PointFormValues = {
  name: string;
  category: PointCategory;
  location?: string;
  createdOn: string;
  leaderKind: LeaderKind;
  /** The committee member's or the team's id, by `leaderKind`. */
  leader?: string;
  memberIds?: string[];
  description?: string;
};

export function leaderOf(kind: LeaderKind, id: string): PointLeader {
  return kind === "committee" ? { kind, memberId: id } : { kind, teamId: id };
}

export const leaderId = (leader: PointLeader) =>
  leader.kind === "committee" ? leader.memberId : leader.teamId;

/** The draft `save_point` takes; texts trimmed, the status kept as given. */
export function pointDraft(
  branchId: string,
  v: PointFormValues,
  status: PointStatus,
): DemoPointDraft {
  return {
    branchId,
    name: v.name.trim(),
    category: v.category,
    location: (v.location ?? "").trim(),
    createdOn: v.createdOn,
    leader: leaderOf(v.leaderKind, v.leader ?? ""),
    memberIds: v.memberIds ?? [],
    description: (v.description ?? "").trim(),
    status,
  };
}

/** An existing point's draft with another status (closing or reopening it). */
export function withStatus(point: DemoPoint, status: PointStatus): DemoPointDraft {
  const { id: _id, ...draft } = point;
  return { ...draft, status };
}

export type Deadline =
  | { rule: "committee"; daysLeft: number }
  | { rule: "teams"; daysLeft: number }
  | { rule: "quarter"; quarter: number; daysLeft: number };

/** The rule not yet met whose period ends first (null when nothing is running short). */
export function nearestDeadline(c: BranchCompliance): Deadline | null {
  const all: Deadline[] = [];
  if (c.committeeState.kind === "notYet")
    all.push({ rule: "committee", daysLeft: c.committeeState.daysLeft });
  if (c.teamState.kind === "notYet") all.push({ rule: "teams", daysLeft: c.teamState.daysLeft });
  for (const q of c.quarters)
    if (q.state.kind === "notYet")
      all.push({ rule: "quarter", quarter: q.quarter, daysLeft: q.state.daysLeft });
  all.sort((a, b) => a.daysLeft - b.daysLeft);
  return all[0] ?? null;
}

/** Seats and teams with a point, out of how many. */
export function counts(c: BranchCompliance) {
  return {
    seatsMet: c.committee.filter((s) => s.state.kind === "met").length,
    teamsMet: c.teams.filter((s) => s.state.kind === "met").length,
    teams: c.teams.length,
    quartersMet: c.quarters.filter((q) => q.state.kind === "met").length,
  };
}
