// Fixtures for the 评议 screens: a review of 张家庄社区 (c1) with its two branches, and a tally
// with exact figures (the tally rules live in the core; screens only show them).
import type { BranchTally } from "../bindings/BranchTally";
import type { Counts } from "../bindings/Counts";
import type { FactSheet } from "../bindings/FactSheet";
import type { RatingFigures } from "../bindings/RatingFigures";
import type { ReviewDetail } from "../bindings/ReviewDetail";
import type { ReviewState } from "../bindings/ReviewState";

export const BRANCHES = [
  { branchId: "b1", branchName: "蔬菜种植党支部" },
  { branchId: "b2", branchName: "农机服务党支部" },
];

const facts = (branchId: string, branchName: string): FactSheet => ({
  branchId,
  branchName,
  year: 2026,
  quarter: 3,
  daysScheduled: 3,
  daysHeld: 2,
  movedDays: [{ month: 9, date: "2026-09-16", reason: "秋收", deviation: true }],
  activitiesHeld: 2,
  extraActivities: 0,
  threeStepsComplete: 1,
  membersPresent: 18,
  membersOnRoll: 20,
  attendanceRate: 0.9,
  residentsPresent: 6,
  pointsAdded: 1,
  pointsRequired: 4,
  pointsFulfilled: 3,
  complianceState: { kind: "notYet", daysLeft: 30 },
  quarterState: { kind: "met" },
  suggestions: 3,
  suggestionsAnswered: 2,
  problems: 2,
  problemsSolved: 1,
  carriedItems: [],
  carriedOpen: 0,
});

export function counts(s: number, f: number, d: number, none = 0, two = 0): Counts {
  return { satisfied: s, fairlySatisfied: f, dissatisfied: d, noRating: none, twoRatings: two };
}

/** Figures of counts with the default formula (基本满意 counts) and weights 100/60/0. */
export function figures(c: Counts): RatingFigures {
  const valid = c.satisfied + c.fairlySatisfied + c.dissatisfied;
  const invalid = c.noRating + c.twoRatings;
  return {
    counts: c,
    valid,
    invalid,
    total: valid + invalid,
    rate: valid ? (c.satisfied + c.fairlySatisfied) / valid : null,
    score: valid ? (c.satisfied * 100 + c.fairlySatisfied * 60) / valid : null,
  };
}

export function line(
  branchId: string,
  member: Counts,
  resident: Counts,
  rank: number | null,
  flagged: boolean,
  groupsFlagged: { member?: boolean; resident?: boolean } = {},
): BranchTally {
  const combined = counts(
    member.satisfied + resident.satisfied,
    member.fairlySatisfied + resident.fairlySatisfied,
    member.dissatisfied + resident.dissatisfied,
    member.noRating + resident.noRating,
    member.twoRatings + resident.twoRatings,
  );
  return {
    branchId,
    member: figures(member),
    resident: figures(resident),
    combined: figures(combined),
    rank,
    flagged,
    memberFlagged: groupsFlagged.member ?? false,
    residentFlagged: groupsFlagged.resident ?? false,
  };
}

export function reviewDetail(state: ReviewState, over: Partial<ReviewDetail> = {}): ReviewDetail {
  return {
    review: {
      id: "r1",
      communityId: "c1",
      communityName: "张家庄社区",
      year: 2026,
      quarter: 3,
      state,
      openedOn: "2026-10-08",
    },
    settings: {
      fairlyCountsAsSatisfied: true,
      weights: { satisfied: 100, fairlySatisfied: 60, dissatisfied: 0 },
      thresholdPercent: 80,
      combination: { kind: "pooled" },
    },
    branches: BRANCHES.map((b) => ({
      ...b,
      facts: facts(b.branchId, b.branchName),
      comment: "",
      items: [],
    })),
    reviewers: [
      { group: "member", registered: 4, sheets: 0, lowTurnout: false, percent: 0 },
      { group: "resident", registered: 10, sheets: 0, lowTurnout: false, percent: 0 },
    ],
    ballots: [],
    totals: [],
    tally: {
      settings: {
        fairlyCountsAsSatisfied: true,
        weights: { satisfied: 100, fairlySatisfied: 60, dissatisfied: 0 },
        thresholdPercent: 80,
        combination: { kind: "pooled" },
      },
      rateFormula: "满意率 = (满意 + 基本满意) ÷ 有效票",
      scoreFormula: "得分 = (满意 × 100 + 基本满意 × 60 + 不满意 × 0) ÷ 有效票",
      combinationFormula: "综合满意率、综合得分：党员票和群众票合在一起计算，每张票同等计",
      branches: BRANCHES.map((b) =>
        line(b.branchId, counts(0, 0, 0), counts(0, 0, 0), null, false),
      ),
      sheets: [0, 0],
    },
    audit: [],
    reopenings: [],
    ...over,
  };
}
