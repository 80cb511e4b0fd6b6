import { describe, expect, it } from "vitest";
import type { BranchCompliance } from "../bindings/BranchCompliance";
import type { DemoPoint } from "../bindings/DemoPoint";
import { counts, leaderOf, nearestDeadline, pointDraft, pointScope, withStatus } from "./points";

const board = (over: Partial<BranchCompliance>): BranchCompliance => ({
  branchId: "b1",
  year: 2026,
  required: 3,
  created: 0,
  fulfilled: 0,
  committee: [],
  committeeState: { kind: "met" },
  capable: 0,
  teamsNeeded: 0,
  teamsFormed: 0,
  teamsToForm: 0,
  teams: [],
  teamState: { kind: "met" },
  teamNote: null,
  leftOut: [],
  quarters: [],
  missing: { roles: [], memberIds: [], teamIds: [], teamsToForm: 0, quarters: [] },
  state: { kind: "met" },
  ...over,
});

describe("point helpers", () => {
  it("builds the leader union by kind", () => {
    expect(leaderOf("committee", "m1")).toEqual({ kind: "committee", memberId: "m1" });
    expect(leaderOf("team", "t1")).toEqual({ kind: "team", teamId: "t1" });
  });

  it("trims the texts of a draft and keeps the status", () => {
    const d = pointDraft(
      "b1",
      {
        name: " 点 ",
        category: "culture",
        location: " 村东 ",
        createdOn: "2026-05-01",
        leaderKind: "team",
        leader: "t1",
      },
      { kind: "active" },
    );
    expect(d).toEqual({
      branchId: "b1",
      name: "点",
      category: "culture",
      location: "村东",
      createdOn: "2026-05-01",
      leader: { kind: "team", teamId: "t1" },
      memberIds: [],
      description: "",
      status: { kind: "active" },
    });
  });

  it("closing keeps every other field of the point", () => {
    const p: DemoPoint = {
      id: "p1",
      ...pointDraft(
        "b1",
        {
          name: "点",
          category: "other",
          createdOn: "2026-01-02",
          leaderKind: "committee",
          leader: "m1",
        },
        { kind: "active" },
      ),
    };
    const closed = withStatus(p, { kind: "closed", closedOn: "2026-03-01", reason: "到期" });
    expect(closed).not.toHaveProperty("id");
    expect(closed).toMatchObject({ name: "点", leader: { kind: "committee", memberId: "m1" } });
    expect(closed.status).toEqual({ kind: "closed", closedOn: "2026-03-01", reason: "到期" });
  });

  it("the nearest deadline is the not-yet rule with the fewest days left", () => {
    const q = (quarter: number, days: number | null) => ({
      quarter,
      starts: "",
      ends: "",
      points: 0,
      pointIds: [],
      state: days === null ? { kind: "met" as const } : { kind: "notYet" as const, daysLeft: days },
    });
    expect(nearestDeadline(board({}))).toBeNull();
    expect(
      nearestDeadline(
        board({
          committeeState: { kind: "notYet", daysLeft: 200 },
          teamState: { kind: "missed" },
          quarters: [q(1, null), q(2, 20), q(3, null), q(4, null)],
        }),
      ),
    ).toEqual({ rule: "quarter", quarter: 2, daysLeft: 20 });
    expect(
      counts(board({ quarters: [q(1, null), q(2, 20), q(3, null), q(4, null)] })).quartersMet,
    ).toBe(3);
  });

  it("maps the top-bar scope to the point scope", () => {
    expect(pointScope({ kind: "community", id: "c1" })).toEqual({
      townId: null,
      communityId: "c1",
      branchId: null,
    });
    expect(pointScope(null)).toEqual({ townId: null, communityId: null, branchId: null });
  });
});
