// The 定标准 commands of the fake backend: demonstration points with their status history,
// teams of 5–8 capable members, "suggest teams", and "3+X" compliance at today's date — the
// core's rules in small, enough for screen tests and screenshots.
import type { ActivitySummary } from "../bindings/ActivitySummary";
import type { BranchCompliance } from "../bindings/BranchCompliance";
import type { BranchComplianceRow } from "../bindings/BranchComplianceRow";
import type { ComplianceState } from "../bindings/ComplianceState";
import type { DemoPoint } from "../bindings/DemoPoint";
import type { DemoPointDraft } from "../bindings/DemoPointDraft";
import type { Member } from "../bindings/Member";
import type { PointScope } from "../bindings/PointScope";
import type { PointStatusChange } from "../bindings/PointStatusChange";
import type { PointSummary } from "../bindings/PointSummary";
import type { RuleShortfall } from "../bindings/RuleShortfall";
import type { ScopeCompliance } from "../bindings/ScopeCompliance";
import type { SeatAssignment } from "../bindings/SeatAssignment";
import type { Team } from "../bindings/Team";
import type { TeamDraft } from "../bindings/TeamDraft";
import type { TeamSuggestion } from "../bindings/TeamSuggestion";
import { leaderId, MAX_TEAM_SIZE, MIN_TEAM_SIZE, SEATS } from "../lib/points";
import { todayIso } from "./fakeActivities";

const invalid = (fields: { field: string; rule: string }[]) => ({
  code: "invalid",
  message: fields.map((f) => `${f.field}: ${f.rule}`).join(", "),
  fields,
});
const fail = (code: string, message = code) => ({ code, message, fields: [] });

export type FakeBranch = {
  id: string;
  name: string;
  communityId: string;
  communityName: string;
  townId: string;
};

type Deps = {
  members: Member[];
  seats: Record<string, SeatAssignment[]>;
  branches: () => FakeBranch[];
  /** The activities as the core lists them (`ActivitySummary`, dated by the day each took
   * place), in that order. */
  activities: () => ActivitySummary[];
};

const parse = (s: string) =>
  new Date(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
const daysLeft = (end: string, today: string) =>
  Math.round((parse(end).getTime() - parse(today).getTime()) / 86_400_000) + 1;

function periodState(points: number, start: string, end: string, today: string): ComplianceState {
  if (today < start) return { kind: "notStarted" };
  if (points > 0) return { kind: "met" };
  if (today <= end) return { kind: "notYet", daysLeft: daysLeft(end, today) };
  return { kind: "missed" };
}

function combine(states: ComplianceState[]): ComplianceState {
  if (states.some((s) => s.kind === "missed")) return { kind: "missed" };
  const notYet = states.flatMap((s) => (s.kind === "notYet" ? [s.daysLeft] : []));
  if (notYet.length > 0) return { kind: "notYet", daysLeft: Math.min(...notYet) };
  if (states.some((s) => s.kind === "notStarted")) return { kind: "notStarted" };
  return { kind: "met" };
}

export function fakePoints({ members, seats, branches, activities }: Deps) {
  const points: DemoPoint[] = [];
  const history: Record<string, PointStatusChange[]> = {};
  const teams: Team[] = [];
  /** activity id -> point id: the venue links. */
  const venues: Record<string, string> = {};
  let next = 1;
  const newId = (prefix: string) => `${prefix}${next++}`;
  /** Overridable for tests that need a fixed date. */
  let today = todayIso;

  const capable = (branchId: string) =>
    members.filter((m) => m.branchId === branchId && m.capable && !m.archivedOn);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? "";

  const savePoint = (id: string | null, d: DemoPointDraft): DemoPoint => {
    const errors: { field: string; rule: string }[] = [];
    const name = d.name.trim();
    if (!name) errors.push({ field: "name", rule: "required" });
    else if ([...name].length > 30) errors.push({ field: "name", rule: "tooLong" });
    if (d.createdOn > today()) errors.push({ field: "createdOn", rule: "future" });
    if (!leaderId(d.leader).trim()) errors.push({ field: "leader", rule: "required" });
    if (d.status.kind === "closed") {
      if (d.status.closedOn > today()) errors.push({ field: "closedOn", rule: "future" });
      else if (d.status.closedOn < d.createdOn) errors.push({ field: "closedOn", rule: "badDate" });
      if (!d.status.reason.trim()) errors.push({ field: "reason", rule: "required" });
    }
    if (errors.length > 0) throw invalid(errors);
    const year = Number(d.createdOn.slice(0, 4));
    const leaderOk =
      d.leader.kind === "committee"
        ? members.some(
            (m) =>
              m.id === (d.leader as { memberId: string }).memberId && m.branchId === d.branchId,
          )
        : teams.some(
            (t) =>
              t.id === (d.leader as { teamId: string }).teamId &&
              t.branchId === d.branchId &&
              t.year === year,
          );
    if (!leaderOk) throw invalid([{ field: "leader", rule: "badChoice" }]);
    const before = id ? points.find((p) => p.id === id) : undefined;
    if (id && !before) throw fail("notFound");
    const point: DemoPoint = { ...d, id: id ?? newId("pt"), name };
    const entry = (on: string, status = point.status) => ({ on, status, recordedOn: today() });
    if (!before) {
      points.push(point);
      history[point.id] = [entry(point.createdOn, { kind: "active" })];
      if (point.status.kind === "closed") history[point.id].push(entry(point.status.closedOn));
    } else {
      points[points.indexOf(before)] = point;
      if (JSON.stringify(before.status) !== JSON.stringify(point.status))
        history[point.id].push(
          entry(point.status.kind === "closed" ? point.status.closedOn : today()),
        );
    }
    return point;
  };

  const saveTeam = (id: string | null, d: TeamDraft): Team => {
    const name = d.name.trim();
    if (!name) throw invalid([{ field: "name", rule: "required" }]);
    if (
      teams.some(
        (t) => t.id !== id && t.branchId === d.branchId && t.year === d.year && t.name === name,
      )
    )
      throw fail("duplicate");
    const ids = [...new Set(d.memberIds)];
    if (ids.length < MIN_TEAM_SIZE || ids.length > MAX_TEAM_SIZE) throw fail("teamSize");
    for (const mid of ids) {
      const m = members.find((x) => x.id === mid);
      if (!m) throw fail("notFound");
      if (m.branchId !== d.branchId) throw fail("teamMemberOtherBranch");
      if (!m.capable || m.archivedOn) throw fail("teamMemberNotCapable");
      if (
        teams.some(
          (t) =>
            t.id !== id &&
            t.branchId === d.branchId &&
            t.year === d.year &&
            t.memberIds.includes(mid),
        )
      )
        throw fail("teamMemberTaken");
    }
    const team: Team = { ...d, id: id ?? newId("tm"), name, memberIds: ids };
    const i = teams.findIndex((t) => t.id === id);
    if (i >= 0) teams[i] = team;
    else teams.push(team);
    return team;
  };

  const suggest = (branchId: string, year: number): TeamSuggestion => {
    const taken = new Set(
      teams.filter((t) => t.branchId === branchId && t.year === year).flatMap((t) => t.memberIds),
    );
    const free = capable(branchId)
      .filter((m) => !taken.has(m.id))
      .sort((a, b) => a.specialty.localeCompare(b.specialty) || a.name.localeCompare(b.name));
    if (free.length < MIN_TEAM_SIZE)
      return {
        teams: [],
        leftOut: free.map((m) => m.id),
        note: { kind: "fewerThanFive", capable: free.length },
      };
    const count = Math.ceil(free.length / MAX_TEAM_SIZE);
    const fits = Math.floor(free.length / count) >= MIN_TEAM_SIZE;
    const n = fits ? count : Math.floor(free.length / MIN_TEAM_SIZE);
    const used = fits ? free : free.slice(0, n * MAX_TEAM_SIZE);
    const groups: Member[][] = Array.from({ length: n }, () => []);
    used.forEach((m, i) => {
      groups[Math.floor((i * n) / used.length)].push(m);
    });
    const most = (g: Member[]) => {
      const tally = new Map<string, number>();
      for (const m of g) if (m.specialty) tally.set(m.specialty, (tally.get(m.specialty) ?? 0) + 1);
      return [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";
    };
    return {
      teams: groups.map((g) => ({ memberIds: g.map((m) => m.id), specialty: most(g) })),
      leftOut: free.filter((m) => !used.includes(m)).map((m) => m.id),
      note: null,
    };
  };

  const compliance = (branchId: string, year: number): BranchCompliance => {
    const now = today();
    const yearStart = `${year}-01-01`;
    const yearEnd = `${year}-12-31`;
    const ofYear = points.filter(
      (p) => p.branchId === branchId && p.createdOn.startsWith(`${year}-`) && p.createdOn <= now,
    );
    const yearTeams = teams.filter((t) => t.branchId === branchId && t.year === year);
    const held = seats[branchId] ?? [];
    const committee = SEATS.map((role) => {
      const memberId = held.find((s) => s.role === role)?.memberId ?? null;
      const led = ofYear.filter(
        (p) => memberId && p.leader.kind === "committee" && p.leader.memberId === memberId,
      );
      const state: ComplianceState =
        memberId || now < yearStart
          ? periodState(led.length, yearStart, yearEnd, now)
          : now > yearEnd
            ? { kind: "missed" }
            : { kind: "notYet", daysLeft: daysLeft(yearEnd, now) };
      return {
        role,
        memberId,
        earlierHolders: [],
        points: led.length,
        pointIds: led.map((p) => p.id),
        state,
      };
    });
    const able = capable(branchId);
    const active = new Set(able.map((m) => m.id));
    const teamRows = yearTeams.map((t) => {
      const led = ofYear.filter((p) => p.leader.kind === "team" && p.leader.teamId === t.id);
      const activeSize = t.memberIds.filter((id) => active.has(id)).length;
      return {
        teamId: t.id,
        name: t.name,
        activeSize,
        sizeFlagged: activeSize < MIN_TEAM_SIZE || activeSize > MAX_TEAM_SIZE,
        points: led.length,
        pointIds: led.map((p) => p.id),
        state: periodState(led.length, yearStart, yearEnd, now),
      };
    });
    const inTeam = new Set(yearTeams.flatMap((t) => t.memberIds));
    const ends = ["03-31", "06-30", "09-30", "12-31"];
    const starts = ["01-01", "04-01", "07-01", "10-01"];
    const quarters = [1, 2, 3, 4].map((q) => {
      const [s, e] = [`${year}-${starts[q - 1]}`, `${year}-${ends[q - 1]}`];
      const made = ofYear.filter((p) => p.createdOn >= s && p.createdOn <= e);
      return {
        quarter: q,
        starts: s,
        ends: e,
        points: made.length,
        pointIds: made.map((p) => p.id),
        state: periodState(made.length, s, e, now),
      };
    });
    const committeeState = combine(committee.map((s) => s.state));
    const n = able.length;
    const needed =
      n < MIN_TEAM_SIZE ? 0 : Math.min(Math.ceil(n / MAX_TEAM_SIZE), Math.floor(n / MIN_TEAM_SIZE));
    const formed = yearTeams.length;
    const toForm = Math.max(0, needed - formed);
    const unformed = toForm > 0 ? [periodState(0, yearStart, yearEnd, now)] : [];
    const teamState = combine([...teamRows.map((t) => t.state), ...unformed]);
    const rules: [ComplianceState, string][] = [
      [committeeState, yearEnd],
      [teamState, yearEnd],
      ...quarters.map((q) => [q.state, q.ends] as [ComplianceState, string]),
    ];
    const open = rules.filter(([s]) => s.kind !== "met");
    const state: ComplianceState = rules.some(([s]) => s.kind === "missed")
      ? { kind: "missed" }
      : open.length === 0
        ? { kind: "met" }
        : now < yearStart
          ? { kind: "notStarted" }
          : { kind: "notYet", daysLeft: daysLeft(open.map(([, e]) => e).sort()[0], now) };
    const begun = (s: ComplianceState) => s.kind === "notYet" || s.kind === "missed";
    const lacking = committee.filter((s) => begun(s.state));
    return {
      branchId,
      year,
      required: 3 + Math.max(formed, needed),
      created: ofYear.length,
      fulfilled:
        committee.filter((s) => s.state.kind === "met").length +
        teamRows.filter((t) => t.state.kind === "met").length,
      committee,
      committeeState,
      capable: n,
      teamsNeeded: needed,
      teamsFormed: formed,
      teamsToForm: toForm,
      teams: teamRows,
      teamState,
      teamNote:
        formed === 0
          ? n < MIN_TEAM_SIZE
            ? { kind: "fewerThanFive", capable: n }
            : { kind: "noTeams", capable: n }
          : toForm > 0
            ? { kind: "tooFewTeams", capable: n, needed, formed }
            : null,
      leftOut: able.filter((m) => !inTeam.has(m.id)).map((m) => m.id),
      quarters,
      missing: {
        roles: lacking.map((s) => s.role),
        memberIds: lacking.flatMap((s) => (s.memberId ? [s.memberId] : [])),
        teamIds: teamRows.filter((t) => begun(t.state)).map((t) => t.teamId),
        teamsToForm: unformed.some(begun) ? toForm : 0,
        quarters: quarters.filter((q) => begun(q.state)).map((q) => q.quarter),
      },
      state,
    };
  };

  const inScope = (s: PointScope) => (b: FakeBranch) =>
    (!s.branchId || b.id === s.branchId) &&
    (!s.communityId || b.communityId === s.communityId) &&
    (!s.townId || b.townId === s.townId);

  const scopeCompliance = (scope: PointScope, year: number): ScopeCompliance => {
    const rows: BranchComplianceRow[] = branches()
      .filter(inScope(scope))
      .sort(
        (a, b) => a.communityName.localeCompare(b.communityName) || a.name.localeCompare(b.name),
      )
      .map((b) => ({
        branchId: b.id,
        branchName: b.name,
        communityId: b.communityId,
        communityName: b.communityName,
        compliance: compliance(b.id, year),
      }));
    const cs = rows.map((r) => r.compliance);
    const met = (f: (c: BranchCompliance) => ComplianceState) =>
      cs.filter((c) => f(c).kind === "met").length;
    const short = (c: BranchCompliance): RuleShortfall[] =>
      [
        { rule: { kind: "committee" as const }, state: c.committeeState },
        { rule: { kind: "teams" as const }, state: c.teamState },
        ...c.quarters.map((q) => ({
          rule: { kind: "quarter" as const, quarter: q.quarter },
          state: q.state,
        })),
      ].filter((r) => r.state.kind === "notYet" || r.state.kind === "missed");
    return {
      year,
      today: today(),
      branches: rows,
      rollup: {
        branches: cs.length,
        meetingCommitteeRule: met((c) => c.committeeState),
        meetingTeamRule: met((c) => c.teamState),
        withoutTeams: cs.filter((c) => c.teamNote?.kind === "noTeams").length,
        meetingQuarterRule: [0, 1, 2, 3].map((i) => met((c) => c.quarters[i].state)),
        fullyCompliant: met((c) => c.state),
        required: cs.reduce((n, c) => n + c.required, 0),
        created: cs.reduce((n, c) => n + c.created, 0),
        fulfilled: cs.reduce((n, c) => n + c.fulfilled, 0),
        fallingShort: cs
          .map((c) => ({ branchId: c.branchId, rules: short(c) }))
          .filter((s) => s.rules.length > 0),
      },
    };
  };

  const summary = (p: DemoPoint): PointSummary => {
    const b = branches().find((x) => x.id === p.branchId);
    return {
      point: p,
      branchName: b?.name ?? "",
      communityName: b?.communityName ?? "",
      leaderName:
        p.leader.kind === "committee"
          ? nameOf(p.leader.memberId)
          : (teams.find((t) => t.id === (p.leader as { teamId: string }).teamId)?.name ?? ""),
    };
  };

  const handle = (cmd: string, args: Record<string, unknown>): unknown => {
    switch (cmd) {
      case "list_points": {
        const ok = new Set(
          branches()
            .filter(inScope(args.scope as PointScope))
            .map((b) => b.id),
        );
        const year = args.year as number | null;
        return points
          .filter(
            (p) => ok.has(p.branchId) && (year === null || p.createdOn.startsWith(`${year}-`)),
          )
          .sort(
            (a, b) =>
              a.branchId.localeCompare(b.branchId) || a.createdOn.localeCompare(b.createdOn),
          )
          .map(summary);
      }
      case "save_point":
        return savePoint(args.id as string | null, args.draft as DemoPointDraft);
      case "point_history":
        return history[args.id as string] ?? [];
      case "photos_of":
        return [];
      case "activities_at_point":
        return activities().filter((a) => venues[a.id] === args.pointId);
      case "set_activity_point":
        if (args.pointId) venues[args.activityId as string] = args.pointId as string;
        else delete venues[args.activityId as string];
        return null;
      case "teams_of":
        return teams
          .filter((t) => t.branchId === args.branchId && t.year === args.year)
          .sort((a, b) => a.name.localeCompare(b.name));
      case "save_team":
        return saveTeam(args.id as string | null, args.draft as TeamDraft);
      case "delete_team": {
        const id = args.id as string;
        if (points.some((p) => p.leader.kind === "team" && p.leader.teamId === id))
          throw fail("inUse");
        const i = teams.findIndex((t) => t.id === id);
        if (i < 0) throw fail("notFound");
        teams.splice(i, 1);
        return null;
      }
      case "suggest_teams":
        return suggest(args.branchId as string, args.year as number);
      case "branch_compliance":
        return compliance(args.branchId as string, args.year as number);
      case "scope_compliance":
        return scopeCompliance(args.scope as PointScope, args.year as number);
      default:
        return undefined;
    }
  };

  return {
    handle,
    points,
    teams,
    history,
    venues,
    savePoint,
    saveTeam,
    setToday: (date: string) => {
      today = () => date;
    },
  };
}
