// The one place that turns core errors into words. Never match on `message`: it is for logs.
import type { FormInstance } from "antd";
import type { TFunction } from "i18next";
import type { ApiError } from "./bindings/ApiError";
import type { ChainBreak } from "./bindings/ChainBreak";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { FieldError } from "./bindings/FieldError";
import type { FieldRule } from "./bindings/FieldRule";
import type { HeldRequirement } from "./bindings/HeldRequirement";
import type { ImportFileReason } from "./bindings/ImportFileReason";
import type { ImportProblem } from "./bindings/ImportProblem";
import { listText, sentencesText } from "./lib/text";
import { appYear } from "./lib/today";

/** Records keyed by the generated unions, so a new Rust variant fails the type check here. */
export const ERROR_KEYS: Record<ErrorCode, string> = {
  invalid: "errors.invalid",
  notFound: "errors.notFound",
  duplicate: "errors.duplicate",
  seatCount: "errors.seatCount",
  seatOtherBranch: "errors.seatOtherBranch",
  seatArchivedMember: "errors.seatArchivedMember",
  seatTwice: "errors.seatTwice",
  memberHoldsSeat: "errors.memberHoldsSeat",
  inUse: "errors.inUse",
  registerNotEmpty: "errors.registerNotEmpty",
  memberBoundToBranch: "errors.memberBoundToBranch",
  importRows: "errors.importRows",
  importFile: "errors.importFile",
  database: "errors.database",
  io: "errors.io",
  databaseDamaged: "errors.databaseDamaged",
  diskFull: "errors.diskFull",
  readOnly: "errors.readOnly",
  fileMissing: "errors.fileMissing",
  internal: "errors.internal",
  notOnRoll: "errors.notOnRoll",
  notReadyToHold: "errors.notReadyToHold",
  badTransition: "errors.badTransition",
  beforeItsDay: "errors.beforeItsDay",
  teamSize: "errors.teamSize",
  teamMemberTaken: "errors.teamMemberTaken",
  teamMemberNotCapable: "errors.teamMemberNotCapable",
  teamMemberOtherBranch: "errors.teamMemberOtherBranch",
  notAnImage: "errors.notAnImage",
  pathNotChosen: "errors.pathNotChosen",
  fileTooLarge: "errors.fileTooLarge",
  outputIsDataFile: "errors.outputIsDataFile",
  reviewTransition: "errors.reviewTransition",
  reviewLocked: "errors.reviewLocked",
  reviewAltered: "errors.reviewAltered",
  tooManyBallots: "errors.tooManyBallots",
  lowTurnout: "errors.lowTurnout",
  ballotFile: "errors.ballotFile",
  branchNotInReview: "errors.branchNotInReview",
  branchesWithoutBallots: "errors.branchesWithoutBallots",
  noFont: "errors.noFont",
  missingGlyph: "errors.missingGlyph",
  reviewNotFinalised: "errors.reviewNotFinalised",
  notABackup: "errors.notABackup",
  backupDamaged: "errors.backupDamaged",
  backupTooNew: "errors.backupTooNew",
  databaseBusy: "errors.databaseBusy",
  batchRunning: "errors.batchRunning",
  notAnExchange: "errors.notAnExchange",
  exchangeDamaged: "errors.exchangeDamaged",
  exchangeTooNew: "errors.exchangeTooNew",
  exchangeConflicts: "errors.exchangeConflicts",
  exchangeRefused: "errors.exchangeRefused",
};

export const RULE_KEYS: Record<FieldRule, string> = {
  required: "rules.required",
  tooLong: "rules.tooLong",
  badPhone: "rules.badPhone",
  badYear: "rules.badYear",
  badDate: "rules.badDate",
  badGender: "rules.badGender",
  badChoice: "rules.badChoice",
  future: "rules.future",
  badTime: "rules.badTime",
  badCharacters: "rules.badCharacters",
};

export const IMPORT_PROBLEM_KEYS: Record<ImportProblem, string> = {
  missingName: "importProblem.missingName",
  nameTooLong: "importProblem.nameTooLong",
  missingBranch: "importProblem.missingBranch",
  unknownBranch: "importProblem.unknownBranch",
  ambiguousBranch: "importProblem.ambiguousBranch",
  badGender: "importProblem.badGender",
  badBirthYear: "importProblem.badBirthYear",
  badPhone: "importProblem.badPhone",
  badJoinedDate: "importProblem.badJoinedDate",
  badCapableFlag: "importProblem.badCapableFlag",
  specialtyTooLong: "importProblem.specialtyTooLong",
  duplicateInRegister: "importProblem.duplicateInRegister",
  duplicateInFile: "importProblem.duplicateInFile",
};

/** Why a member file could not be read at all; `subject` names a missing column. */
export const IMPORT_FILE_KEYS: Record<ImportFileReason, string> = {
  notASpreadsheet: "importFile.notASpreadsheet",
  noSheet: "importFile.noSheet",
  empty: "importFile.empty",
  missingColumn: "importFile.missingColumn",
  noMemberRows: "importFile.noMemberRows",
  badCsv: "importFile.badCsv",
  changed: "importFile.changed",
  tooLarge: "importFile.tooLarge",
};

/**
 * Which form a field error belongs to: "name" means 姓名 in one and 名称 in the other.
 * dayPlan: the fixed-day card; move: moving one activity day; holiday: a hand edit of a day;
 * community: a community's activity-day settings; activity: an activity's plan and records;
 * status: postponing or cancelling an activity; attendance: the sign-in sheet; suggestion and
 * problem: the two ledgers; point: a demonstration point (and closing it); team: a team of
 * capable members; studyPlan: one month of a community's annual study plan; review: the
 * quarterly review (its items, comments and ballots).
 */
export type FormKind =
  | "member"
  | "org"
  | "dayPlan"
  | "move"
  | "holiday"
  | "community"
  | "weekRule"
  | "activity"
  | "status"
  | "attendance"
  | "suggestion"
  | "problem"
  | "point"
  | "team"
  | "studyPlan"
  | "review";

const DUPLICATE_KEYS: Partial<Record<FormKind, string>> = {
  member: "errors.duplicateMember",
  activity: "errors.duplicateActivity",
  team: "errors.duplicateTeam",
  review: "errors.duplicateReview",
};

/** "In use" in the words of what was refused (a team that created a point). */
const IN_USE_KEYS: Partial<Record<FormKind, string>> = {
  team: "errors.teamInUse",
};

export const EARLIEST_BIRTH_YEAR = 1900;
export const MIN_JOIN_AGE = 18;
export const latestBirthYear = () => appYear() - MIN_JOIN_AGE;

/** The sentence for an error; `kind` picks a form's own words for duplicate and in-use. */
export function errorMessage(t: TFunction, error: ApiError, kind?: FormKind): string {
  const own =
    kind &&
    (error.code === "duplicate"
      ? DUPLICATE_KEYS[kind]
      : error.code === "inUse"
        ? IN_USE_KEYS[kind]
        : undefined);
  if (error.code === "reviewAltered" && error.chainBreak) {
    return t("errors.reviewAlteredNamed", {
      review: reviewLabel(t, error.chainBreak),
      what: breakText(t, error.chainBreak),
    });
  }
  const reason = error.code === "importFile" && error.importReason;
  if (reason) return t(IMPORT_FILE_KEYS[reason], { subject: error.subject ?? "" });
  return t(own ?? ERROR_KEYS[error.code] ?? ERROR_KEYS.internal, { subject: error.subject ?? "" });
}

/** The review a chain break is about: 杏花社区 2026 年第 3 季度, or its id. */
export function reviewLabel(t: TFunction, broken: ChainBreak): string {
  const r = broken.review;
  return r
    ? t("reviews.reviewLabel", { community: r.community, year: r.year, quarter: r.quarter })
    : broken.reviewId;
}

/**
 * What is wrong, in words: the parts that changed (选票、汇总票数), else the kind of break;
 * a removed tail also says how many entries the review counts and the log still holds.
 */
export function breakText(t: TFunction, broken: ChainBreak): string {
  if (broken.kind === "data" && broken.parts.length > 0) {
    return t("reviews.partsChanged", {
      parts: listText(
        t,
        broken.parts.map((p) => t(`reviews.part.${p}`)),
      ),
    });
  }
  const kind = t(`reviews.breakKind.${broken.kind}`);
  if (broken.kind === "head" && broken.anchored && broken.logged) {
    return `${kind}${t("reviews.headCounts", {
      anchored: broken.anchored.entries,
      logged: broken.logged.entries,
    })}`;
  }
  return kind;
}

/**
 * A holiday file the core could not read: its message says what is wrong with the file (line,
 * field), which is the one case where the text is shown (under a fixed Chinese lead-in).
 */
export function holidayImportMessage(
  t: TFunction,
  error: ApiError,
  key: "errors.holidayFile" | "errors.holidayNotice" = "errors.holidayFile",
): string {
  if (error.code === "importFile") return t(key, { detail: error.message });
  return errorMessage(t, error);
}

/** The checklist items "held" still needs, as one phrase ("第一步 理论学习的记录、出席登记"). */
export function missingText(t: TFunction, missing: readonly HeldRequirement[]): string {
  return listText(
    t,
    missing.map((m) => t(`requirement.${m}`)),
  );
}

export function importProblemMessage(t: TFunction, problem: ImportProblem): string {
  return t(IMPORT_PROBLEM_KEYS[problem]);
}

/** A sentence for one field error: the form's own wording, else the rule's generic one. */
export function fieldMessage(t: TFunction, form: FormKind, error: FieldError): string {
  const key = `fieldErrors.${form}.${error.field}.${error.rule}`;
  return t(key, { maxYear: latestBirthYear(), defaultValue: t(RULE_KEYS[error.rule]) });
}

/**
 * Shows a save error where it belongs: field errors (and duplicates, on `duplicateField`)
 * next to their fields; anything else is returned as a sentence for a toast.
 * Returns null when everything was placed on the form.
 */
export function placeFormError(
  t: TFunction,
  form: FormInstance,
  kind: FormKind,
  error: ApiError,
  fieldNames: readonly string[],
  duplicateField = "name",
): string | null {
  const known = new Set(fieldNames);
  if (error.code === "duplicate") {
    const text = t(DUPLICATE_KEYS[kind] ?? "errors.duplicateOrg");
    form.setFields([{ name: duplicateField, errors: [text] }]);
    return null;
  }
  if (error.code === "invalid" && error.fields.length > 0) {
    const byField = new Map<string, string[]>();
    const stray: string[] = [];
    for (const fe of error.fields) {
      const text = fieldMessage(t, kind, fe);
      if (known.has(fe.field)) byField.set(fe.field, [...(byField.get(fe.field) ?? []), text]);
      else stray.push(text);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    return stray.length > 0 ? sentencesText(t, stray) : null;
  }
  return errorMessage(t, error, kind);
}
