import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useEffect } from "react";
import { describe, expect, it } from "vitest";
import type { BranchCompliance } from "../../bindings/BranchCompliance";
import type { ComplianceState } from "../../bindings/ComplianceState";
import type { DemoPointDraft } from "../../bindings/DemoPointDraft";
import type { MemberQuery } from "../../bindings/MemberQuery";
import type { ScopeCompliance } from "../../bindings/ScopeCompliance";
import type { TeamDraft } from "../../bindings/TeamDraft";
import type { Scope } from "../../lib/orgTree";
import { appToday } from "../../lib/today";
import { OrgProvider, useOrg } from "../../state/org";
import { demoData, installFakeBackend } from "../../test/fakeBackend";
import { findEnabled, renderWithApp } from "../../test/render";
import { PointsBranchCard } from "../PointsHomeCard";
import { PointsPage } from "./PointsPage";

const YEAR = appToday().year();
const TODAY = appToday().format("YYYY-MM-DD");
const met: ComplianceState = { kind: "met" };
const missed: ComplianceState = { kind: "missed" };
const notStarted: ComplianceState = { kind: "notStarted" };
const notYet = (daysLeft: number): ComplianceState => ({ kind: "notYet", daysLeft });

const callsOf = (b: { calls: { cmd: string; args: Record<string, unknown> }[] }, cmd: string) =>
  b.calls.filter((c) => c.cmd === cmd);

/** A board with every kind of light: seats met / 35 days left / missed, quarters all four. */
function mixedBoard(branchId = "b1", over: Partial<BranchCompliance> = {}): BranchCompliance {
  const q = (quarter: number, state: ComplianceState, points = 0) => ({
    quarter,
    starts: `${YEAR}-${String(quarter * 3 - 2).padStart(2, "0")}-01`,
    ends: `${YEAR}-${String(quarter * 3).padStart(2, "0")}-${quarter === 1 || quarter === 4 ? 31 : 30}`,
    points,
    pointIds: [],
    state,
  });
  return {
    branchId,
    year: YEAR,
    required: 4,
    created: 2,
    fulfilled: 2,
    committee: [
      {
        role: "secretary",
        memberId: "m1",
        earlierHolders: [],
        points: 1,
        pointIds: [],
        state: met,
      },
      {
        role: "organising",
        memberId: "m2",
        earlierHolders: ["m3"],
        points: 0,
        pointIds: [],
        state: notYet(35),
      },
      {
        role: "publicity",
        memberId: null,
        earlierHolders: [],
        points: 0,
        pointIds: [],
        state: missed,
      },
    ],
    committeeState: missed,
    capable: 6,
    teamsNeeded: 1,
    teamsFormed: 1,
    teamsToForm: 0,
    teams: [
      {
        teamId: "tA",
        name: "大棚蔬菜组团",
        activeSize: 4,
        sizeFlagged: true,
        points: 1,
        pointIds: [],
        state: met,
      },
    ],
    teamState: met,
    teamNote: null,
    leftOut: ["m3"],
    quarters: [q(1, met, 1), q(2, missed), q(3, notYet(10)), q(4, notStarted)],
    missing: {
      roles: ["organising", "publicity"],
      memberIds: ["m2"],
      teamIds: [],
      teamsToForm: 0,
      quarters: [2, 3],
    },
    state: missed,
    ...over,
  };
}

/** A small backend that answers from fixtures (for exact states), recording every call. */
function fixtureBackend(opts: {
  board?: BranchCompliance;
  scope?: ScopeCompliance;
  savePoint?: () => unknown;
}) {
  const data = demoData();
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "org_tree":
        return data.tree();
      case "list_members": {
        const q = args.query as MemberQuery;
        return data.members.filter((m) => !q.branchId || m.branchId === q.branchId);
      }
      case "branch_compliance":
        return { ...(opts.board ?? mixedBoard()), branchId: args.branchId };
      case "scope_compliance":
        return opts.scope;
      case "list_points":
        return [];
      case "teams_of":
        return opts.board?.teams.length === 0
          ? []
          : [{ id: "tA", branchId: "b1", year: YEAR, name: "大棚蔬菜组团", memberIds: ["m1"] }];
      case "save_point":
        if (opts.savePoint) throw opts.savePoint();
        return null;
      default:
        throw { code: "internal", message: `fixture: ${cmd}`, fields: [] };
    }
  });
  return { calls };
}

/** The points page with the top-bar scope set, and the scope shown for assertions. */
function ScopeProbe({ start }: { start: Scope }) {
  const { scope, setScope } = useOrg();
  // biome-ignore lint/correctness/useExhaustiveDependencies: sets the starting scope once.
  useEffect(() => setScope(start), []);
  return <span data-testid="probe-scope">{scope ? `${scope.kind}:${scope.id}` : ""}</span>;
}
const renderPoints = (start: Scope) =>
  renderWithApp(
    <OrgProvider>
      <ScopeProbe start={start} />
      <PointsPage />
    </OrgProvider>,
  );

async function pick(testId: string, title: string) {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole("combobox"));
  const options = await screen.findAllByTitle(title);
  fireEvent.click(options[options.length - 1]);
}

describe("3+X board", () => {
  it("shows each seat, team and quarter with its light and the days left", async () => {
    fixtureBackend({});
    renderPoints({ kind: "branch", id: "b1" });
    const secretary = await screen.findByTestId("seat-secretary");
    expect(secretary).toHaveAttribute("data-state", "met");
    expect(within(secretary).getByText("王建国")).toBeInTheDocument();
    expect(within(secretary).getByText("已达标")).toBeInTheDocument();
    const organising = screen.getByTestId("seat-organising");
    expect(organising).toHaveAttribute("data-state", "notYet");
    expect(within(organising).getByText("还剩 35 天")).toBeInTheDocument();
    const publicity = screen.getByTestId("seat-publicity");
    expect(publicity).toHaveAttribute("data-state", "missed");
    expect(within(publicity).getByText("空缺")).toBeInTheDocument();
    expect(within(publicity).getByText("未达标")).toBeInTheDocument();

    expect(screen.getByTestId("team-tA")).toHaveAttribute("data-state", "met");
    expect(within(screen.getByTestId("team-tA")).getByText("王建国")).toBeInTheDocument();
    expect(screen.getByTestId("team-left-out")).toHaveTextContent("赵有田");
    expect(screen.getByTestId("team-count")).toHaveTextContent(
      "有能力的党员 6 人，应组团 1 个，已组团 1 个",
    );
    expect(screen.getByTestId("team-size-tA")).toHaveTextContent("现有 4 人，不在 5–8 人之间");
    expect(screen.getByTestId("seat-earlier-organising")).toHaveTextContent(
      "本年此前由 赵有田 担任",
    );
    expect(screen.queryByTestId("seat-earlier-secretary")).toBeNull();

    expect(screen.getByTestId("quarter-1")).toHaveAttribute("data-state", "met");
    expect(screen.getByTestId("quarter-2")).toHaveAttribute("data-state", "missed");
    expect(screen.getByTestId("quarter-3")).toHaveAttribute("data-state", "notYet");
    expect(within(screen.getByTestId("quarter-3")).getByText("还剩 10 天")).toBeInTheDocument();
    expect(screen.getByTestId("quarter-4")).toHaveAttribute("data-state", "notStarted");
    expect(within(screen.getByTestId("quarter-4")).getByText("未开始")).toBeInTheDocument();

    expect(screen.getByTestId("points-summary")).toHaveTextContent("本年应建 4 个，已建 2 个");
    expect(screen.getByTestId("points-overall")).toHaveAttribute("data-state", "missed");
    expect(screen.getByTestId("points-shortfall")).toHaveTextContent(
      "未完成：组织委员、宣传委员还没有领办示范点，第2季度、第3季度没有新增示范点",
    );
  });

  it("seats and teams all done but a quarter missed: the summary says which rule fails", async () => {
    const board = mixedBoard("b1", {
      fulfilled: 4,
      committeeState: met,
      committee: mixedBoard().committee.map((seat) => ({ ...seat, state: met, points: 1 })),
      missing: { roles: [], memberIds: [], teamIds: [], teamsToForm: 0, quarters: [2] },
    });
    fixtureBackend({ board });
    renderPoints({ kind: "branch", id: "b1" });
    const summary = await screen.findByTestId("points-summary");
    expect(summary).toHaveTextContent("支部成员和组团：已完成 4/4 项");
    expect(screen.getByTestId("points-overall")).toHaveAttribute("data-state", "missed");
    expect(screen.getByTestId("points-shortfall")).toHaveTextContent(
      "未完成：第2季度没有新增示范点",
    );
  });

  it("says a branch with fewer than 5 capable members has no team requirement", async () => {
    installFakeBackend();
    renderPoints({ kind: "branch", id: "b1" });
    const note = await screen.findByTestId("team-note");
    expect(note).toHaveTextContent("有能力的党员不足 5 人，本年无组团要求");
    expect(screen.getByTestId("teams-state")).toHaveAttribute("data-state", "met");
  });

  it("the year switcher asks for that year's board", async () => {
    const b = fixtureBackend({});
    renderPoints({ kind: "branch", id: "b1" });
    await screen.findByTestId("seat-secretary");
    fireEvent.click(screen.getByTestId("year-prev"));
    await waitFor(() =>
      expect(callsOf(b, "branch_compliance").map((c) => c.args.year)).toContain(YEAR - 1),
    );
  });
});

describe("point form", () => {
  it("sends a committee member's point: leader, today's date, active", async () => {
    const b = installFakeBackend();
    renderPoints({ kind: "branch", id: "b1" });
    fireEvent.click(await findEnabled("point-add"));
    fireEvent.change(await screen.findByTestId("point-name"), {
      target: { value: " 王家大棚示范点 " },
    });
    fireEvent.change(screen.getByTestId("point-location"), { target: { value: "张家庄村东" } });
    await pick("point-category", "电商");
    await pick("point-leader", "王建国（支部书记）");
    await pick("point-members", "李秀英");
    fireEvent.click(screen.getByTestId("point-save"));

    await waitFor(() => expect(callsOf(b, "save_point")).toHaveLength(1));
    const { id, draft } = callsOf(b, "save_point")[0].args as {
      id: string | null;
      draft: DemoPointDraft;
    };
    expect(id).toBeNull();
    expect(draft).toEqual({
      branchId: "b1",
      name: "王家大棚示范点",
      category: "ecommerce",
      location: "张家庄村东",
      createdOn: TODAY,
      leader: { kind: "committee", memberId: "m1" },
      memberIds: ["m2"],
      description: "",
      status: { kind: "active" },
    });
    // The board reloads: the secretary's light is green now.
    await waitFor(() =>
      expect(screen.getByTestId("seat-secretary")).toHaveAttribute("data-state", "met"),
    );
  });

  it("sends a team's point with the team's id", async () => {
    const b = installFakeBackend({ points: true });
    const team = b.points.teams[0];
    renderPoints({ kind: "branch", id: "b1" });
    fireEvent.click(await findEnabled("point-add"));
    fireEvent.change(await screen.findByTestId("point-name"), { target: { value: "组团示范点" } });
    fireEvent.click(screen.getByTestId("point-leader-team"));
    await pick("point-leader", team.name);
    fireEvent.click(screen.getByTestId("point-save"));
    await waitFor(() => expect(callsOf(b, "save_point")).toHaveLength(1));
    const draft = callsOf(b, "save_point")[0].args.draft as DemoPointDraft;
    expect(draft.leader).toEqual({ kind: "team", teamId: team.id });
    expect(draft.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("puts the core's field error next to its field", async () => {
    const b = fixtureBackend({
      savePoint: () => ({
        code: "invalid",
        message: "name: required",
        fields: [{ field: "name", rule: "required" }],
      }),
    });
    renderPoints({ kind: "branch", id: "b1" });
    fireEvent.click(await findEnabled("point-add"));
    fireEvent.change(await screen.findByTestId("point-name"), { target: { value: "x" } });
    await pick("point-leader", "王建国（支部书记）");
    fireEvent.click(screen.getByTestId("point-save"));
    await waitFor(() => expect(callsOf(b, "save_point")).toHaveLength(1));
    const item = screen.getByTestId("point-name").closest(".ant-form-item") as HTMLElement;
    expect(await within(item).findByText("请输入示范点名称")).toBeInTheDocument();
  });

  it("closes a point with a date and reason, and lists the history", async () => {
    const b = installFakeBackend({ points: true });
    const point = b.points.points[0];
    renderPoints({ kind: "branch", id: "b1" });
    fireEvent.click(await screen.findByTestId(`seat-secretary-point-${point.id}`));
    await waitFor(() => expect(screen.getByTestId("point-history")).toHaveTextContent("起运行"));
    fireEvent.click(screen.getByTestId("point-close"));
    fireEvent.change(await screen.findByTestId("point-close-reason"), {
      target: { value: "承包到期" },
    });
    fireEvent.click(screen.getByTestId("point-close-save"));
    await waitFor(() => expect(callsOf(b, "save_point")).toHaveLength(1));
    expect(callsOf(b, "save_point")[0].args).toMatchObject({
      id: point.id,
      draft: { name: point.name, status: { kind: "closed", closedOn: TODAY, reason: "承包到期" } },
    });
    expect(await screen.findByTestId("point-reopen")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("point-history")).toHaveTextContent("承包到期"));
  });
});

describe("teams", () => {
  it("a team of 3 is refused with the Chinese message under the members", async () => {
    const b = installFakeBackend({ points: true });
    renderPoints({ kind: "branch", id: "b1" });
    fireEvent.click(await screen.findByTestId("team-add"));
    fireEvent.change(await screen.findByTestId("team-name"), { target: { value: "加工组团" } });
    for (const name of ["高立新", "马振华", "冯小平"]) await pick("team-members", name);
    fireEvent.click(screen.getByTestId("team-save"));
    await waitFor(() => expect(callsOf(b, "save_team")).toHaveLength(1));
    expect((callsOf(b, "save_team")[0].args.draft as TeamDraft).memberIds).toEqual([
      "m10",
      "m11",
      "m12",
    ]);
    expect(await screen.findByText("一个组团须有 5 至 8 名有能力的党员")).toBeInTheDocument();
  });

  it("suggest teams, then create them: one save_team per suggested team", async () => {
    const b = installFakeBackend();
    const base = b.members[0];
    for (let i = 0; i < 10; i++)
      b.members.push({
        ...base,
        id: `x${i}`,
        branchId: "b2",
        name: `农机手${i}`,
        capable: true,
        seat: null,
        specialty: i < 5 ? "农机维修" : "植保飞防",
      });
    renderPoints({ kind: "branch", id: "b2" });
    await waitFor(() =>
      expect(screen.getByTestId("team-note")).toHaveTextContent("本年还没有组团"),
    );
    expect(screen.getByTestId("team-count")).toHaveTextContent(
      "有能力的党员 10 人，应组团 2 个，已组团 0 个",
    );
    fireEvent.click(screen.getByTestId("team-suggest"));
    const suggestion = await screen.findByTestId("team-suggestion");
    expect(within(suggestion).getByText("农机维修组团")).toBeInTheDocument();
    expect(within(suggestion).getByText("植保飞防组团")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("team-create-all"));
    await waitFor(() => expect(callsOf(b, "save_team")).toHaveLength(2));
    const drafts = callsOf(b, "save_team").map((c) => c.args.draft as TeamDraft);
    expect(drafts.map((d) => d.name)).toEqual(["农机维修组团", "植保飞防组团"]);
    expect(drafts.every((d) => d.branchId === "b2" && d.year === YEAR)).toBe(true);
    expect(drafts.map((d) => d.memberIds.length)).toEqual([5, 5]);
    expect(await screen.findByTestId(`team-${b.points.teams[0].id}`)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId("team-count")).toHaveTextContent(
        "有能力的党员 10 人，应组团 2 个，已组团 2 个",
      ),
    );
  });

  it("creating suggested teams stops at the first refusal and says which", async () => {
    const b = installFakeBackend();
    const base = b.members[0];
    for (let i = 0; i < 10; i++)
      b.members.push({
        ...base,
        id: `x${i}`,
        branchId: "b2",
        name: `农机手${i}`,
        capable: true,
        seat: null,
        specialty: i < 5 ? "农机维修" : "植保飞防",
      });
    renderPoints({ kind: "branch", id: "b2" });
    fireEvent.click(await screen.findByTestId("team-suggest"));
    await screen.findByTestId("team-suggestion");
    // Someone else formed a team with one of the second team's members meanwhile.
    b.points.saveTeam(null, {
      branchId: "b2",
      year: YEAR,
      name: "别的组团",
      memberIds: ["x5", "x6", "x7", "x8", "x9"],
    });
    fireEvent.click(screen.getByTestId("team-create-all"));
    const error = await screen.findByTestId("suggest-error");
    expect(error).toHaveTextContent("已创建 1 个，第 2 个未能创建");
    expect(error).toHaveTextContent("有党员本年已在另一个组团中");
    expect(callsOf(b, "save_team")).toHaveLength(2);
  });

  it("a team that created a point cannot be deleted, and says so", async () => {
    const b = installFakeBackend({ points: true });
    const team = b.points.teams[0];
    if (!b.points.points.some((p) => p.leader.kind === "team"))
      b.points.savePoint(null, {
        branchId: "b1",
        name: "组团点",
        category: "other",
        location: "",
        createdOn: TODAY,
        leader: { kind: "team", teamId: team.id },
        memberIds: [],
        description: "",
        status: { kind: "active" },
      });
    renderPoints({ kind: "branch", id: "b1" });
    fireEvent.click(await screen.findByTestId(`team-delete-${team.id}`));
    expect(await screen.findByText(`删除组团“${team.name}”？`)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("team-delete-confirm"));
    expect(await screen.findByText("该组团已创建示范点，不能删除")).toBeInTheDocument();
  });
});

describe("overview", () => {
  const scope = (): ScopeCompliance => ({
    year: YEAR,
    today: TODAY,
    branches: [
      {
        branchId: "b2",
        branchName: "农机服务党支部",
        communityId: "c1",
        communityName: "张家庄社区",
        compliance: mixedBoard("b2"),
      },
      {
        branchId: "b1",
        branchName: "蔬菜种植党支部",
        communityId: "c1",
        communityName: "张家庄社区",
        compliance: mixedBoard("b1", {
          committeeState: met,
          teamState: notYet(20),
          state: notYet(10),
        }),
      },
    ],
    rollup: {
      branches: 2,
      meetingCommitteeRule: 1,
      meetingTeamRule: 1,
      withoutTeams: 0,
      meetingQuarterRule: [2, 0, 0, 0],
      fullyCompliant: 0,
      required: 8,
      created: 4,
      fulfilled: 4,
      fallingShort: [],
    },
  });

  it("colours each branch's rules and counts the roll-up; a row opens that branch's board", async () => {
    fixtureBackend({ scope: scope() });
    renderPoints({ kind: "community", id: "c1" });
    const table = await screen.findByTestId("overview-table");
    expect(within(table).getByTestId("cell-b2-committee")).toHaveAttribute("data-state", "missed");
    expect(within(table).getByTestId("cell-b1-committee")).toHaveAttribute("data-state", "met");
    expect(within(table).getByTestId("cell-b1-teams")).toHaveAttribute("data-state", "notYet");
    expect(within(table).getByTestId("cell-b1-teams")).toHaveTextContent("还剩 20 天");
    expect(within(table).getByTestId("cell-b1-q1")).toHaveAttribute("data-state", "met");
    expect(within(table).getByTestId("cell-b1-q2")).toHaveAttribute("data-state", "missed");
    expect(within(table).getByTestId("cell-b1-q4")).toHaveAttribute("data-state", "notStarted");
    expect(within(table).getByTestId("cell-b2-overall")).toHaveAttribute("data-state", "missed");
    expect(within(table).queryAllByRole("columnheader", { name: "社区" })).toHaveLength(0);
    expect(screen.getByTestId("rollup-full")).toHaveTextContent("0 个支部全部达标");
    expect(screen.getByTestId("rollup-committee")).toHaveTextContent("支部成员规则达标 1/2");
    expect(screen.getByTestId("rollup-q1")).toHaveTextContent("Q1 达标 2/2");

    fireEvent.click(screen.getByTestId("overview-row-b2"));
    expect(await screen.findByTestId("points-board")).toBeInTheDocument();
    expect(await screen.findByTestId("seat-publicity")).toHaveAttribute("data-state", "missed");
    // The board opens in place: the scope stays the community's.
    expect(screen.getByTestId("probe-scope")).toHaveTextContent("community:c1");
    fireEvent.click(screen.getByTestId("overview-back"));
    expect(await screen.findByTestId("overview-table")).toBeInTheDocument();
    expect(screen.queryByTestId("points-board")).toBeNull();
  });

  it("at town scope shows the community column", async () => {
    fixtureBackend({ scope: scope() });
    renderPoints({ kind: "town", id: "t1" });
    const table = await screen.findByTestId("overview-table");
    expect(within(table).getAllByRole("columnheader", { name: "社区" }).length).toBeGreaterThan(0);
    expect(within(table).getAllByText("张家庄社区")).toHaveLength(2);
  });
});

describe("home card", () => {
  it("counts what is met and names the nearest deadline", async () => {
    fixtureBackend({});
    renderWithApp(<PointsBranchCard branchId="b1" onOpenPoints={() => {}} />);
    await waitFor(() =>
      expect(screen.getByTestId("home-points-line")).toHaveTextContent(
        "支部成员 1/3 · 组团 1/1 · 季度 1/4",
      ),
    );
    expect(screen.getByTestId("home-points-next")).toHaveTextContent(
      "最近截止：第3季度新增，还剩 10 天",
    );
  });
});
