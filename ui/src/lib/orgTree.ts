// Pure helpers over the org tree the core sends; no IPC here so they are easy to test.
import type { BranchNode } from "../bindings/BranchNode";
import type { CommunityNode } from "../bindings/CommunityNode";
import type { MemberQuery } from "../bindings/MemberQuery";
import type { OrgTree } from "../bindings/OrgTree";
import type { ScheduleScope } from "../bindings/ScheduleScope";
import type { TownNode } from "../bindings/TownNode";

export type ScopeKind = "town" | "community" | "branch";
/** Where the user is looking: one town, community or branch. */
export type Scope = { kind: ScopeKind; id: string };

/** The full committee: secretary, organising member, publicity member. */
export const COMMITTEE_SEATS = 3;

export const scopeKey = (scope: Scope) => `${scope.kind}:${scope.id}`;

export function parseScopeKey(key: string): Scope | null {
  const at = key.indexOf(":");
  const kind = key.slice(0, at);
  if (kind !== "town" && kind !== "community" && kind !== "branch") return null;
  return { kind, id: key.slice(at + 1) };
}

export type BranchPlace = { town: TownNode; community: CommunityNode; node: BranchNode };

export function allBranches(tree: OrgTree): BranchPlace[] {
  return tree.towns.flatMap((town) =>
    town.communities.flatMap((community) =>
      community.branches.map((node) => ({ town, community, node })),
    ),
  );
}

export function findTown(tree: OrgTree, id: string) {
  return tree.towns.find((t) => t.town.id === id) ?? null;
}

export function findCommunity(tree: OrgTree, id: string) {
  for (const town of tree.towns) {
    const community = town.communities.find((c) => c.community.id === id);
    if (community) return { town, community };
  }
  return null;
}

export function findBranch(tree: OrgTree, id: string): BranchPlace | null {
  return allBranches(tree).find((p) => p.node.branch.id === id) ?? null;
}

/** The scope's display name, or null when it no longer exists in the tree. */
export function scopeName(tree: OrgTree, scope: Scope): string | null {
  switch (scope.kind) {
    case "town":
      return findTown(tree, scope.id)?.town.name ?? null;
    case "community":
      return findCommunity(tree, scope.id)?.community.community.name ?? null;
    case "branch":
      return findBranch(tree, scope.id)?.node.branch.name ?? null;
  }
}

/** The town a scope sits in, used to preset "add community". */
export function townOf(tree: OrgTree, scope: Scope | null): string | undefined {
  if (!scope) return undefined;
  if (scope.kind === "town") return scope.id;
  if (scope.kind === "community") return findCommunity(tree, scope.id)?.town.town.id;
  return findBranch(tree, scope.id)?.town.town.id;
}

/** The community a scope sits in, used to preset "add branch". */
export function communityOf(tree: OrgTree, scope: Scope | null): string | undefined {
  if (!scope || scope.kind === "town") return undefined;
  if (scope.kind === "community") return scope.id;
  return findBranch(tree, scope.id)?.community.community.id;
}

export function memberQuery(scope: Scope, includeArchived: boolean): MemberQuery {
  return {
    townId: scope.kind === "town" ? scope.id : null,
    communityId: scope.kind === "community" ? scope.id : null,
    branchId: scope.kind === "branch" ? scope.id : null,
    includeArchived,
  };
}

export function counts(tree: OrgTree) {
  const branches = allBranches(tree);
  return {
    towns: tree.towns.length,
    communities: tree.towns.reduce((n, t) => n + t.communities.length, 0),
    branches: branches.length,
    members: branches.reduce((n, b) => n + b.node.activeMembers, 0),
  };
}

/** Branches whose committee is not complete: the first thing to fix. */
export const branchesMissingSeats = (tree: OrgTree) =>
  allBranches(tree).filter((p) => p.node.seatsFilled < COMMITTEE_SEATS);

/** Branch choices grouped by community, for selects. */
export function branchOptions(tree: OrgTree) {
  return tree.towns.flatMap((town) =>
    town.communities.map((c) => ({
      label: `${town.town.name} / ${c.community.name}`,
      title: c.community.name,
      options: c.branches.map((b) => ({ value: b.branch.id, label: b.branch.name })),
    })),
  );
}

/** The schedule commands' scope for the top-bar scope; none means every branch. */
export function scheduleScope(scope: Scope | null): ScheduleScope {
  return {
    townId: scope?.kind === "town" ? scope.id : null,
    communityId: scope?.kind === "community" ? scope.id : null,
    branchId: scope?.kind === "branch" ? scope.id : null,
  };
}
