// Pure helpers for the 定规范 screens: the three steps, drafts, attendance sheets and the
// forward-only ledger statuses. No IPC here.
import dayjs from "dayjs";
import type { AbsenceReason } from "../bindings/AbsenceReason";
import type { Activity } from "../bindings/Activity";
import type { ActivityDraft } from "../bindings/ActivityDraft";
import type { ActivityKind } from "../bindings/ActivityKind";
import type { ActivityStatus } from "../bindings/ActivityStatus";
import type { AttendanceEntry } from "../bindings/AttendanceEntry";
import type { HeldRequirement } from "../bindings/HeldRequirement";
import type { PracticeForm } from "../bindings/PracticeForm";
import type { ProblemStatus } from "../bindings/ProblemStatus";
import type { RollMember } from "../bindings/RollMember";
import type { Step } from "../bindings/Step";
import type { StepEntry } from "../bindings/StepEntry";
import type { SuggestionStatus } from "../bindings/SuggestionStatus";

/** The three steps, in order (三步走). */
export const STEPS: readonly Step[] = [
  "theoryStudy",
  "practicalTraining",
  "interactiveImprovement",
];
export const KINDS: readonly ActivityKind[] = [
  "studyTraining",
  "technicalLecture",
  "experienceExchange",
  "onSiteObservation",
];
export const PRACTICE_FORMS: readonly PracticeForm[] = [
  "onSiteTeaching",
  "observationVisit",
  "handsOnPractice",
];
export const ABSENCE_REASONS: readonly AbsenceReason[] = [
  "migrantWork",
  "illness",
  "leave",
  "other",
];
export const HELD_REQUIREMENTS: readonly HeldRequirement[] = [
  "theoryStudyRecord",
  "practicalTrainingRecord",
  "interactiveImprovementRecord",
  "attendance",
];

export const emptyStep = (): StepEntry => ({
  planContent: "",
  planLeader: "",
  planMaterials: "",
  planMinutes: 0,
  practiceForms: [],
  recordDone: "",
  recordNotes: "",
});

/** The entry of each step in order; a step the server left out is empty. */
export function stepEntries(steps: ActivityDraft["steps"]): StepEntry[] {
  return STEPS.map((step) => steps.find((s) => s.step === step)?.entry ?? emptyStep());
}

/** The draft to edit an existing activity with. */
export function draftOf(a: Activity): ActivityDraft {
  return {
    branchId: a.branchId,
    month: a.month,
    topic: a.topic,
    kinds: a.kinds,
    date: a.date,
    startTime: a.startTime,
    venue: a.venue,
    leader: a.leader,
    steps: a.steps,
  };
}

/** An extra activity (not of an activity day): today, the usual start time. */
export function extraDraft(branchId: string, today: string): ActivityDraft {
  return {
    branchId,
    month: null,
    topic: "",
    kinds: [],
    date: today,
    startTime: "08:30",
    venue: "",
    leader: "",
    steps: [],
  };
}

export type StatusName = ActivityStatus["state"];
export const STATUS_COLOR: Record<StatusName, string> = {
  planned: "blue",
  held: "green",
  postponed: "orange",
  cancelled: "default",
};

/**
 * How long a postponed activity may wait: the core's MAX_POSTPONE_MONTHS. It is postponed to,
 * and held on, a day at most this many months after the day it was planned for.
 */
export const POSTPONE_MONTHS = 3;

/** The latest day an activity planned for `planned` (YYYY-MM-DD) may be postponed to or held on. */
export const latestPostponedDay = (planned: string) =>
  dayjs(planned).add(POSTPONE_MONTHS, "month").format("YYYY-MM-DD");

/**
 * The days a postponed activity may be recorded as held on (the core's rule, checked again
 * there): from the day it was planned for to `today`, at most POSTPONE_MONTHS later; and the
 * day offered first — the day it was postponed to, or today if that has not come yet.
 */
export function heldDayChoice(
  planned: string,
  postponedTo: string,
  today: string,
): { earliest: string; latest: string; offered: string } {
  const latestAllowed = latestPostponedDay(planned);
  const latest = today < latestAllowed ? today : latestAllowed;
  let offered = postponedTo > latest ? latest : postponedTo;
  if (offered < planned) offered = planned;
  return { earliest: planned, latest, offered };
}

/** Whether the lifecycle still allows holding, postponing or cancelling. */
export const isOpen = (status: ActivityStatus) =>
  status.state === "planned" || status.state === "postponed";

/** Rate 0–1 as a whole percentage, or null before attendance is taken. */
export const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 100));

/** One row of the attendance sheet; `present` null until marked. */
export type SheetRow = { present: boolean | null; reason: AbsenceReason | null; note: string };
export type Sheet = Record<string, SheetRow>;

/** The sheet from what was saved; members not in it are unmarked. */
export function sheetOf(roll: RollMember[], saved: AttendanceEntry[]): Sheet {
  const sheet: Sheet = {};
  for (const m of roll) {
    const e = saved.find((x) => x.memberId === m.memberId);
    sheet[m.memberId] = e
      ? { present: e.present, reason: e.absenceReason, note: e.note }
      : { present: null, reason: null, note: "" };
  }
  return sheet;
}

export const allPresent = (sheet: Sheet): Sheet =>
  Object.fromEntries(
    Object.entries(sheet).map(([id, row]) => [id, { ...row, present: true, reason: null }]),
  );

export type SheetProblems = { unmarked: string[]; noReason: string[] };

/** Who is not marked yet, and who is absent without a reason. */
export function sheetProblems(roll: RollMember[], sheet: Sheet): SheetProblems {
  const unmarked = roll.filter((m) => sheet[m.memberId]?.present == null).map((m) => m.memberId);
  const noReason = roll
    .filter((m) => sheet[m.memberId]?.present === false && !sheet[m.memberId]?.reason)
    .map((m) => m.memberId);
  return { unmarked, noReason };
}

/** Exactly one entry per member on the roll, in roll order. Call after `sheetProblems` is clear. */
export function entriesOf(roll: RollMember[], sheet: Sheet): AttendanceEntry[] {
  return roll.map((m) => {
    const row = sheet[m.memberId];
    const present = row?.present === true;
    return {
      memberId: m.memberId,
      present,
      absenceReason: present ? null : (row?.reason ?? null),
      note: row?.note.trim() ?? "",
    };
  });
}

/** The statuses a suggestion may move to next (statuses only move forward). */
export function nextSuggestionStatuses(s: SuggestionStatus): SuggestionStatus[] {
  switch (s) {
    case "received":
      return ["answered", "adopted", "passedUp"];
    case "answered":
      return ["adopted", "passedUp"];
    default:
      return [];
  }
}

/** The statuses a problem may move to next: open → solved / passed up; passed up → solved. */
export function nextProblemStatuses(s: ProblemStatus): ProblemStatus[] {
  switch (s) {
    case "open":
      return ["solved", "passedUp"];
    case "passedUp":
      return ["solved"];
    default:
      return [];
  }
}

/** Answered and adopted need a response; passing up does not. */
export const needsResponse = (s: SuggestionStatus) => s === "answered" || s === "adopted";

export const SUGGESTION_COLOR: Record<SuggestionStatus, string> = {
  received: "blue",
  answered: "cyan",
  adopted: "green",
  passedUp: "purple",
};
export const PROBLEM_COLOR: Record<ProblemStatus, string> = {
  open: "orange",
  solved: "green",
  passedUp: "purple",
};

/** Still to handle, as the branch home counts them: a suggestion received, a problem open. */
export const suggestionIsOpen = (s: SuggestionStatus) => s === "received";
export const problemIsOpen = (s: ProblemStatus) => s === "open";
