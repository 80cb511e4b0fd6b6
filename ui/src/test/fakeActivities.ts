// The 定规范 commands of the fake backend: activities in three steps, attendance against the
// roll, the lifecycle with its checklist, and the forward-only ledgers — the core's rules in
// small, enough for screen tests and screenshots.
import type { Activity } from "../bindings/Activity";
import type { ActivityDetail } from "../bindings/ActivityDetail";
import type { ActivityDraft } from "../bindings/ActivityDraft";
import type { ActivityStatus } from "../bindings/ActivityStatus";
import type { ActivitySummary } from "../bindings/ActivitySummary";
import type { AttendanceEntry } from "../bindings/AttendanceEntry";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { BranchHome } from "../bindings/BranchHome";
import type { HandOut } from "../bindings/HandOut";
import type { HeldRequirement } from "../bindings/HeldRequirement";
import type { Member } from "../bindings/Member";
import type { Problem } from "../bindings/Problem";
import type { ScheduledDay } from "../bindings/ScheduledDay";
import type { StepEntry } from "../bindings/StepEntry";
import type { StudyPlan } from "../bindings/StudyPlan";
import type { StudyTopic } from "../bindings/StudyTopic";
import type { Suggestion } from "../bindings/Suggestion";
import {
  draftOf,
  emptyStep,
  latestPostponedDay,
  nextProblemStatuses,
  nextSuggestionStatuses,
  STEPS,
  stepEntries,
} from "../lib/activity";
import { isValidTime } from "../lib/calendar";
import { appToday, appTodayIso } from "../lib/today";

const invalid = (fields: { field: string; rule: string }[]) => ({
  code: "invalid",
  message: fields.map((f) => `${f.field}: ${f.rule}`).join(", "),
  fields,
});

export const todayIso = appTodayIso;

/** The plan half of an activity or a study topic: what a new plan can start from. */
type Template = Pick<ActivityDraft, "topic" | "kinds" | "leader"> & { steps: StepEntry[] };

const fromTopic = (t: StudyTopic): Template => ({
  topic: t.topic,
  kinds: t.kinds,
  leader: "",
  steps: [t.theory, t.practice, t.exchange].map((planContent) => ({
    ...emptyStep(),
    planContent,
  })),
});

const fromActivity = (a: Activity): Template => ({
  topic: a.topic,
  kinds: a.kinds,
  leader: a.leader,
  steps: stepEntries(a.steps).map((e) => ({
    ...emptyStep(),
    planContent: e.planContent,
    planLeader: e.planLeader,
    planMaterials: e.planMaterials,
    planMinutes: e.planMinutes,
    practiceForms: e.practiceForms,
  })),
});

/** The core's fill_empty: only empty plan fields take the template's; returns whether any did. */
function fillEmpty(d: ActivityDraft, t: Template): { draft: ActivityDraft; filled: boolean } {
  let filled = false;
  const take = <T>(mine: T, theirs: T, empty: (v: T) => boolean): T => {
    if (empty(mine) && !empty(theirs)) {
      filled = true;
      return theirs;
    }
    return mine;
  };
  const str = (v: string) => !v.trim();
  const list = (v: readonly unknown[]) => v.length === 0;
  const mine = stepEntries(d.steps);
  const draft: ActivityDraft = {
    ...d,
    topic: take(d.topic, t.topic, str),
    kinds: take(d.kinds, t.kinds, list),
    leader: take(d.leader, t.leader, str),
    steps: STEPS.map((step, i) => ({
      step,
      entry: {
        ...mine[i],
        planContent: take(mine[i].planContent, t.steps[i].planContent, str),
        planLeader: take(mine[i].planLeader, t.steps[i].planLeader, str),
        planMaterials: take(mine[i].planMaterials, t.steps[i].planMaterials, str),
        planMinutes: take(mine[i].planMinutes, t.steps[i].planMinutes, (v) => !v),
        practiceForms: take(mine[i].practiceForms, t.steps[i].practiceForms, list),
      },
    })),
  };
  return { draft, filled };
}

type Deps = {
  members: Member[];
  names: Record<string, string>;
  /** The branch's activity day of a month, from the schedule fake. */
  dayOf: (branchId: string, year: number, month: number) => ScheduledDay | undefined;
};

export function fakeActivities({ members, names, dayOf }: Deps) {
  const activities: Activity[] = [];
  const attendance: Record<string, AttendanceEntry[]> = {};
  const audit: Record<string, AuditEntry[]> = {};
  const suggestions: Suggestion[] = [];
  const problems: Problem[] = [];
  /** Study plans by `community/year`; every branch of the fake belongs to community c1. */
  const studyPlans: Record<string, StudyTopic[]> = {};
  let next = 1;
  const newId = (prefix: string) => `${prefix}${next++}`;

  const roll = (a: Activity) =>
    members
      .filter((m) => m.branchId === a.branchId)
      .filter((m) => !m.archivedOn || m.archivedOn > a.date)
      .filter((m) => !m.joinedOn || m.joinedOn <= a.date)
      .map((m) => ({ memberId: m.id, name: m.name, seat: m.seat }));

  /** The core's Activity::took_place_on: a held activity's held day, else its date. */
  const tookPlaceOn = (a: Activity) => (a.status.state === "held" && a.heldOn ? a.heldOn : a.date);

  const rateOf = (a: Activity) => {
    const list = attendance[a.id] ?? [];
    return a.attendanceTaken && list.length > 0
      ? list.filter((e) => e.present).length / list.length
      : null;
  };

  const missing = (a: Activity): HeldRequirement[] => {
    const out: HeldRequirement[] = [];
    const entries = stepEntries(a.steps);
    if (!entries[0].recordDone.trim()) out.push("theoryStudyRecord");
    if (!entries[1].recordDone.trim()) out.push("practicalTrainingRecord");
    if (!entries[2].recordDone.trim()) out.push("interactiveImprovementRecord");
    if (!a.attendanceTaken) out.push("attendance");
    return out;
  };

  const detail = (id: string): ActivityDetail => {
    const a = get(id);
    return {
      activity: a,
      tookPlaceOn: tookPlaceOn(a),
      branchName: names[a.branchId],
      roll: roll(a),
      attendance: attendance[id] ?? [],
      attendanceRate: rateOf(a),
      missing: missing(a),
      suggestions: suggestions.filter((s) => s.activityId === id),
      problems: problems.filter((p) => p.activityId === id),
      audit: audit[id] ?? [],
    };
  };

  const get = (id: string) => {
    const a = activities.find((x) => x.id === id);
    if (!a) throw { code: "notFound", message: `activity ${id}`, fields: [] };
    return a;
  };

  const validated = (d: ActivityDraft): ActivityDraft => {
    const errors: { field: string; rule: string }[] = [];
    if (!d.topic.trim()) errors.push({ field: "topic", rule: "required" });
    else if (d.topic.trim().length > 60) errors.push({ field: "topic", rule: "tooLong" });
    if (d.kinds.length === 0) errors.push({ field: "kinds", rule: "required" });
    if (d.month !== null && Number(d.date.slice(5, 7)) !== d.month)
      errors.push({ field: "date", rule: "badDate" });
    if (!isValidTime(d.startTime)) errors.push({ field: "startTime", rule: "badTime" });
    if (errors.length > 0) throw invalid(errors);
    const entries = stepEntries(d.steps);
    return {
      ...d,
      topic: d.topic.trim(),
      steps: STEPS.map((step, i) => ({
        step,
        entry: {
          ...entries[i],
          practiceForms: step === "practicalTraining" ? entries[i].practiceForms : [],
        },
      })),
    };
  };

  const ofDay = (branchId: string, year: number, month: number) =>
    activities.find((a) => a.branchId === branchId && a.year === year && a.month === month);

  const summary = (a: Activity): ActivitySummary => ({
    id: a.id,
    month: a.month,
    topic: a.topic,
    kinds: a.kinds,
    date: tookPlaceOn(a),
    plannedDate: tookPlaceOn(a) !== a.date ? a.date : null,
    startTime: a.startTime,
    status: a.status,
    stepsRecorded: a.steps.filter((s) => s.entry.recordDone.trim()).length,
    attendanceRate: rateOf(a),
    suggestions: suggestions.filter((s) => s.activityId === a.id).length,
    problems: problems.filter((p) => p.activityId === a.id).length,
  });

  const log = (id: string, field: string, before: string, after: string) => {
    if (before === after) return;
    audit[id] = [
      ...(audit[id] ?? []),
      { at: `${todayIso()}T10:00:00`, actor: "书记", field, before, after },
    ];
  };

  const allowed = (from: ActivityStatus, to: ActivityStatus) =>
    from.state === "planned" ? to.state !== "planned" : from.state === "postponed";

  const saveSuggestion = (s: Suggestion): Suggestion => {
    const errors: { field: string; rule: string }[] = [];
    if (!s.text.trim()) errors.push({ field: "text", rule: "required" });
    if (s.receivedOn > todayIso()) errors.push({ field: "receivedOn", rule: "future" });
    if ((s.status === "answered" || s.status === "adopted") && !s.response.trim())
      errors.push({ field: "response", rule: "required" });
    if (errors.length > 0) throw invalid(errors);
    if (!s.id) {
      const saved = { ...s, id: newId("s") };
      suggestions.push(saved);
      return saved;
    }
    const i = suggestions.findIndex((x) => x.id === s.id);
    const old = suggestions[i];
    if (old.status !== s.status && !nextSuggestionStatuses(old.status).includes(s.status))
      throw invalid([{ field: "status", rule: "badChoice" }]);
    suggestions[i] = s;
    return s;
  };

  const saveProblem = (p: Problem): Problem => {
    const errors: { field: string; rule: string }[] = [];
    if (!p.person.trim()) errors.push({ field: "person", rule: "required" });
    if (!p.description.trim()) errors.push({ field: "description", rule: "required" });
    if (p.raisedOn > todayIso()) errors.push({ field: "raisedOn", rule: "future" });
    if (p.status === "solved") {
      if (!p.help.trim()) errors.push({ field: "help", rule: "required" });
      if (!p.solvedOn) errors.push({ field: "solvedOn", rule: "required" });
      else if (p.solvedOn > todayIso()) errors.push({ field: "solvedOn", rule: "future" });
      else if (p.solvedOn < p.raisedOn) errors.push({ field: "solvedOn", rule: "badDate" });
    }
    if (errors.length > 0) throw invalid(errors);
    const clean = { ...p, solvedOn: p.status === "solved" ? p.solvedOn : null };
    if (!p.id) {
      const saved = { ...clean, id: newId("p") };
      problems.push(saved);
      return saved;
    }
    const i = problems.findIndex((x) => x.id === p.id);
    const old = problems[i];
    if (old.status !== p.status && !nextProblemStatuses(old.status).includes(p.status))
      throw invalid([{ field: "status", rule: "badChoice" }]);
    problems[i] = clean;
    return clean;
  };

  const handle = (cmd: string, args: Record<string, unknown>): unknown => {
    switch (cmd) {
      case "draft_for_day": {
        const { branchId, year, month } = args as { branchId: string; year: number; month: number };
        const day = dayOf(branchId, year, month);
        if (!day) throw invalid([{ field: "month", rule: "badChoice" }]);
        const draft: ActivityDraft = {
          branchId,
          month,
          topic: "",
          kinds: [],
          date: day.date,
          startTime: day.startTime,
          venue: day.venue,
          leader: "",
          steps: [],
        };
        return draft;
      }
      case "plan_activity": {
        const d = validated(args.draft as ActivityDraft);
        if (d.month !== null && ofDay(d.branchId, Number(d.date.slice(0, 4)), d.month))
          throw { code: "duplicate", message: "activity of this activity day", fields: [] };
        const a: Activity = {
          ...d,
          id: newId("a"),
          year: Number(d.date.slice(0, 4)),
          status: { state: "planned" },
          heldOn: null,
          residentsPresent: 0,
          attendanceTaken: false,
        };
        activities.push(a);
        return detail(a.id);
      }
      case "update_activity": {
        const id = args.id as string;
        const before = get(id);
        const d = validated(args.draft as ActivityDraft);
        if (before.heldOn && d.date !== before.date)
          throw invalid([{ field: "date", rule: "badChoice" }]);
        const after: Activity = { ...before, ...d, year: Number(d.date.slice(0, 4)) };
        if (before.status.state === "held") {
          log(id, "topic", before.topic, after.topic);
          log(id, "venue", before.venue, after.venue);
          log(id, "leader", before.leader, after.leader);
          const b = stepEntries(before.steps);
          const n = stepEntries(after.steps);
          STEPS.forEach((s, i) => {
            log(id, `${s}.recordDone`, b[i].recordDone, n[i].recordDone);
          });
        }
        activities[activities.indexOf(before)] = after;
        return detail(id);
      }
      case "set_attendance": {
        const id = args.id as string;
        const a = get(id);
        const entries = args.entries as AttendanceEntry[];
        const r = roll(a);
        for (const e of entries) {
          if (!r.some((m) => m.memberId === e.memberId))
            throw { code: "notOnRoll", message: e.memberId, fields: [] };
          if (!e.present && !e.absenceReason)
            throw invalid([{ field: `attendance.${e.memberId}`, rule: "required" }]);
        }
        if (entries.length !== r.length) throw invalid([{ field: "attendance", rule: "required" }]);
        attendance[id] = entries;
        const updated = {
          ...a,
          residentsPresent: args.residentsPresent as number,
          attendanceTaken: true,
        };
        activities[activities.indexOf(a)] = updated;
        return detail(id);
      }
      case "change_status": {
        const id = args.id as string;
        const a = get(id);
        const status = args.status as ActivityStatus;
        const heldOn = (args.heldOn as string | null | undefined) ?? null;
        if (!allowed(a.status, status))
          throw {
            code: "badTransition",
            message: `${a.status.state} → ${status.state}`,
            fields: [],
          };
        if (heldOn && status.state !== "held")
          throw invalid([{ field: "heldOn", rule: "badChoice" }]);
        const updated: Activity = { ...a, status };
        if (status.state === "held") {
          if (missing(a).length > 0)
            throw { code: "notReadyToHold", message: missing(a).join(", "), fields: [] };
          // The core's activity::held_on: a postponed activity on the day given (by default
          // the day postponed to), between the planned day and three months on, not after today.
          if (a.status.state === "postponed") {
            const day = heldOn ?? a.status.newDate;
            if (day < a.date || day > latestPostponedDay(a.date))
              throw invalid([{ field: "heldOn", rule: "badDate" }]);
            if (day > todayIso()) throw invalid([{ field: "heldOn", rule: "future" }]);
            updated.heldOn = day;
          } else if (heldOn && heldOn !== a.date)
            throw invalid([{ field: "heldOn", rule: "badDate" }]);
          else if (a.date > todayIso())
            throw { code: "beforeItsDay", message: a.date, fields: [], subject: a.date };
        }
        if (status.state === "postponed") {
          if (!status.reason.trim()) throw invalid([{ field: "reason", rule: "required" }]);
          if (status.newDate <= a.date || status.newDate > latestPostponedDay(a.date))
            throw invalid([{ field: "newDate", rule: "badDate" }]);
        }
        if (status.state === "cancelled" && !status.reason.trim())
          throw invalid([{ field: "reason", rule: "required" }]);
        if (status.state === "planned" && a.status.state === "postponed") {
          updated.date = a.status.newDate;
          updated.year = Number(updated.date.slice(0, 4));
        }
        log(id, "status", a.status.state, status.state);
        if (updated.heldOn) log(id, "heldOn", a.date, updated.heldOn);
        activities[activities.indexOf(a)] = updated;
        return detail(id);
      }
      case "set_back_held": {
        // The core's api::activities::set_back_held: a held activity, a reason, planned again.
        const id = args.id as string;
        const a = get(id);
        const reason = (args.reason as string).trim();
        if (a.status.state !== "held")
          throw { code: "badTransition", message: `${a.status.state} → planned`, fields: [] };
        if (!reason) throw invalid([{ field: "reason", rule: "required" }]);
        log(id, "status", "held", "planned");
        log(id, "setBackReason", "", reason);
        if (a.heldOn) log(id, "heldOn", a.heldOn, "");
        activities[activities.indexOf(a)] = { ...a, status: { state: "planned" }, heldOn: null };
        return detail(id);
      }
      case "photos_of":
        return [];
      case "study_plan": {
        const { communityId, year } = args as { communityId: string; year: number };
        const plan: StudyPlan = {
          communityId,
          year,
          topics: studyPlans[`${communityId}/${year}`] ?? [],
        };
        return plan;
      }
      case "save_study_plan": {
        const plan = args.plan as StudyPlan;
        const errors: { field: string; rule: string }[] = [];
        const seen = new Set<number>();
        plan.topics.forEach((t, i) => {
          if (t.month < 1 || t.month > 12 || seen.has(t.month))
            errors.push({ field: `topics.${i}.month`, rule: "badChoice" });
          seen.add(t.month);
          if (!t.topic.trim()) errors.push({ field: `topics.${i}.topic`, rule: "required" });
          else if (t.topic.trim().length > 60)
            errors.push({ field: `topics.${i}.topic`, rule: "tooLong" });
          for (const f of ["theory", "practice", "exchange"] as const)
            if (t[f].trim().length > 500)
              errors.push({ field: `topics.${i}.${f}`, rule: "tooLong" });
        });
        if (errors.length > 0) throw invalid(errors);
        const topics = [...plan.topics].sort((a, b) => a.month - b.month);
        studyPlans[`${plan.communityId}/${plan.year}`] = topics;
        return { ...plan, topics };
      }
      case "hand_out_study_topic": {
        const { communityId, year, month } = args as {
          communityId: string;
          year: number;
          month: number;
        };
        const topic = (studyPlans[`${communityId}/${year}`] ?? []).find((t) => t.month === month);
        if (!topic) throw invalid([{ field: "month", rule: "badChoice" }]);
        const report: HandOut = { created: [], filled: [], kept: [], noDay: [] };
        const branches = Object.entries(names).sort(([, a], [, b]) => a.localeCompare(b));
        for (const [branchId, name] of branches) {
          const existing = ofDay(branchId, year, month);
          if (existing && existing.status.state === "planned") {
            const { draft, filled } = fillEmpty(draftOf(existing), fromTopic(topic));
            if (!filled) report.kept.push(name);
            else {
              Object.assign(existing, { ...draft, month: existing.month });
              report.filled.push(name);
            }
          } else if (existing) report.kept.push(name);
          else {
            const day = dayOf(branchId, year, month);
            if (!day) {
              report.noDay.push(name);
              continue;
            }
            const { draft } = fillEmpty(
              { ...(handle("draft_for_day", { branchId, year, month }) as ActivityDraft) },
              fromTopic(topic),
            );
            handle("plan_activity", { draft });
            report.created.push(name);
          }
        }
        return report;
      }
      case "copy_plan_from": {
        const source = get(args.sourceId as string);
        return fillEmpty(args.draft as ActivityDraft, fromActivity(source)).draft;
      }
      case "activity_detail":
        return detail(args.id as string);
      case "activities_of_year":
        return activities
          .filter((a) => a.branchId === args.branchId && a.year === args.year)
          .map(summary)
          .sort((a, b) => a.date.localeCompare(b.date));
      case "save_suggestion":
        return saveSuggestion(args.suggestion as Suggestion);
      case "save_problem":
        return saveProblem(args.problem as Problem);
      case "suggestions_of":
        return suggestions.filter((s) => s.branchId === args.branchId);
      case "problems_of":
        return problems.filter((p) => p.branchId === args.branchId);
      case "branch_home": {
        const branchId = args.branchId as string;
        const today = todayIso();
        const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
        const this_ = ofDay(branchId, y, m);
        const fromIso = appToday().subtract(3, "month").format("YYYY-MM-DD");
        const home: BranchHome = {
          branchId,
          thisMonthDay: dayOf(branchId, y, m) ?? null,
          thisMonth: this_ ? detail(this_.id) : null,
          recent: activities
            .filter((a) => a.branchId === branchId)
            .map(summary)
            .filter((a) => a.date >= fromIso && a.date <= today)
            .sort((a, b) => b.date.localeCompare(a.date)),
          openSuggestions: suggestions.filter(
            (s) => s.branchId === branchId && s.status === "received",
          ),
          openProblems: problems.filter((p) => p.branchId === branchId && p.status === "open"),
        };
        return home;
      }
      default:
        return undefined;
    }
  };
  /** Every activity as the core lists it, by the day each took place. */
  const summaries = () =>
    activities
      .map(summary)
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return { handle, activities, summaries, attendance, suggestions, problems, studyPlans };
}
