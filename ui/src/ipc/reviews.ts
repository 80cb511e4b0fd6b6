import type { BallotDraft } from "../bindings/BallotDraft";
import type { BranchResult } from "../bindings/BranchResult";
import type { ChainCheck } from "../bindings/ChainCheck";
import type { GroupTotals } from "../bindings/GroupTotals";
import type { ItemDraft } from "../bindings/ItemDraft";
import type { QuarterRanking } from "../bindings/QuarterRanking";
import type { ReviewDetail } from "../bindings/ReviewDetail";
import type { ReviewerGroup } from "../bindings/ReviewerGroup";
import type { ReviewSettings } from "../bindings/ReviewSettings";
import type { ReviewSummary } from "../bindings/ReviewSummary";
import { call } from "./core";

/** 评议: every write returns the whole review again (state, tally, audit). */
export const listReviews = (communityId: string) =>
  call<ReviewSummary[]>("list_reviews", { communityId });
/** The community's review of a quarter, or null before it is opened. */
export const findReview = (communityId: string, year: number, quarter: number) =>
  call<ReviewDetail | null>("find_review", { communityId, year, quarter });
export const openReview = (communityId: string, year: number, quarter: number) =>
  call<ReviewDetail>("open_review", { communityId, year, quarter });
/** Starts collecting with the numbers of members and residents taking part. */
export const startCollecting = (id: string, members: number, residents: number) =>
  call<ReviewDetail>("start_collecting", { id, members, residents });
/** `acceptLowTurnout`: the user saw a low turnout and goes on (else the core refuses). */
export const tallyReview = (id: string, acceptLowTurnout = false) =>
  call<ReviewDetail>("tally_review", { id, acceptLowTurnout });
export const resumeCollecting = (id: string) => call<ReviewDetail>("resume_collecting", { id });
export const finaliseReview = (id: string, acceptLowTurnout = false) =>
  call<ReviewDetail>("finalise_review", { id, acceptLowTurnout });
export const reopenReview = (id: string, reason: string) =>
  call<ReviewDetail>("reopen_review", { id, reason });
export const setReviewers = (id: string, group: ReviewerGroup, registered: number) =>
  call<ReviewDetail>("set_reviewers", { id, group, registered });
/** Adds a sheet (`ballotId` null) or corrects one. */
export const saveBallot = (id: string, ballotId: string | null, draft: BallotDraft) =>
  call<ReviewDetail>("save_ballot", { id, ballotId, draft });
/** Corrects a saved sheet (marks, comments, group); refused once tallied or finalised. */
export const updateBallot = (ballotId: string, draft: BallotDraft) =>
  call<ReviewDetail>("update_ballot", { ballotId, draft });
export const deleteBallot = (ballotId: string) => call<ReviewDetail>("delete_ballot", { ballotId });
export const setTotals = (id: string, totals: GroupTotals) =>
  call<ReviewDetail>("set_totals", { id, totals });
export const setReviewComment = (id: string, branchId: string, comment: string) =>
  call<ReviewDetail>("set_review_comment", { id, branchId, comment });
export const saveRectificationItem = (id: string, itemId: string | null, draft: ItemDraft) =>
  call<ReviewDetail>("save_rectification_item", { id, itemId, draft });
export const setReviewSettings = (id: string, settings: ReviewSettings) =>
  call<ReviewDetail>("set_review_settings", { id, settings });
export const refreshReviewFacts = (id: string) =>
  call<ReviewDetail>("refresh_review_facts", { id });
export const verifyReviewAudit = () => call<ChainCheck>("verify_review_audit");
export const branchReviewHistory = (branchId: string) =>
  call<BranchResult[]>("branch_review_history", { branchId });
export const communityReviewRanking = (communityId: string) =>
  call<QuarterRanking[]>("community_review_ranking", { communityId });
