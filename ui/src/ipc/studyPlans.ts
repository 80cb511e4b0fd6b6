import type { ActivityDraft } from "../bindings/ActivityDraft";
import type { HandOut } from "../bindings/HandOut";
import type { StudyPlan } from "../bindings/StudyPlan";
import { call } from "./core";

/** A community's annual study plan: the months that have a topic. */
export const studyPlan = (communityId: string, year: number) =>
  call<StudyPlan>("study_plan", { communityId, year });
/** Saves the whole year; a month left out has no topic. Field errors name `topics.<i>.<field>`. */
export const saveStudyPlan = (plan: StudyPlan) => call<StudyPlan>("save_study_plan", { plan });
/** Gives the month's topic to every branch of the community; never overwrites what they wrote. */
export const handOutStudyTopic = (communityId: string, year: number, month: number) =>
  call<HandOut>("hand_out_study_topic", { communityId, year, month });
/** The draft with its empty plan fields filled from an earlier activity. Nothing is saved. */
export const copyPlanFrom = (sourceId: string, draft: ActivityDraft) =>
  call<ActivityDraft>("copy_plan_from", { sourceId, draft });
