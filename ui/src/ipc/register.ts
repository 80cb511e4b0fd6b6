import type { Branch } from "../bindings/Branch";
import type { BranchDraft } from "../bindings/BranchDraft";
import type { Community } from "../bindings/Community";
import type { CommunityDraft } from "../bindings/CommunityDraft";
import type { Member } from "../bindings/Member";
import type { MemberDraft } from "../bindings/MemberDraft";
import type { MemberQuery } from "../bindings/MemberQuery";
import type { OrgTree } from "../bindings/OrgTree";
import type { SeatAssignment } from "../bindings/SeatAssignment";
import type { Town } from "../bindings/Town";
import type { TownDraft } from "../bindings/TownDraft";
import { call } from "./core";

export const orgTree = () => call<OrgTree>("org_tree");

export const saveTown = (id: string | null, draft: TownDraft) =>
  call<Town>("save_town", { id, draft });
export const saveCommunity = (id: string | null, draft: CommunityDraft) =>
  call<Community>("save_community", { id, draft });
export const saveBranch = (id: string | null, draft: BranchDraft) =>
  call<Branch>("save_branch", { id, draft });

export const listMembers = (query: MemberQuery) => call<Member[]>("list_members", { query });
export const saveMember = (id: string | null, draft: MemberDraft) =>
  call<Member>("save_member", { id, draft });
export const archiveMember = (id: string) => call<Member>("archive_member", { id });
export const restoreMember = (id: string) => call<Member>("restore_member", { id });
export const deleteMember = (id: string) => call<null>("delete_member", { id });

export const committee = (branchId: string) => call<SeatAssignment[]>("committee", { branchId });
export const setCommittee = (branchId: string, seats: SeatAssignment[]) =>
  call<SeatAssignment[]>("set_committee", { branchId, seats });
