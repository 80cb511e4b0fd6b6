import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { type ReactNode, useEffect } from "react";
import { describe, expect, it } from "vitest";
import type { Figures } from "../../bindings/Figures";
import type { PointScope } from "../../bindings/PointScope";
import type { StatsPeriod } from "../../bindings/StatsPeriod";
import type { StatsReport } from "../../bindings/StatsReport";
import type { Scope } from "../../lib/orgTree";
import { appToday } from "../../lib/today";
import { OrgProvider, useOrg } from "../../state/org";
import { demoData } from "../../test/fakeBackend";
import { findEnabled, renderWithApp } from "../../test/render";
import { StatsPage } from "./StatsPage";

const TODAY = appToday();
const YEAR = TODAY.year();

type Call = { cmd: string; args: Record<string, unknown> };

function figures(held: number, over: Partial<Figures> = {}): Figures {
  return {
    activitiesHeld: held,
    byKind: [
      { kind: "studyTraining", count: held },
      { kind: "technicalLecture", count: Math.floor(held / 2) },
      { kind: "experienceExchange", count: 1 },
      { kind: "onSiteObservation", count: 0 },
    ],
    daysScheduled: 12,
    daysHeld: 10,
    attendanceRate: 0.875,
    residentsPresent: 5,
    threeStepsComplete: 8,
    threeStepsRate: 0.8,
    pointsCreated: 3,
    pointsActive: 4,
    suggestionsCollected: 20,
    suggestionsAnswered: 15,
    problemsRaised: 9,
    problemsSolved: 7,
    ...over,
  };
}

/** What the fake core answers: the community c1 with two branches, each with its own figures. */
function report(scope: PointScope, period: StatsPeriod): StatsReport {
  const branch = scope.branchId;
  const now =
    branch === "b1"
      ? figures(70)
      : branch === "b2"
        ? figures(50)
        : figures(120, { pointsCreated: 10, suggestionsCollected: 30 });
  const last = branch ? figures(60) : figures(100, { pointsCreated: 0, suggestionsCollected: 40 });
  return {
    scope,
    scopeName:
      branch === "b1" ? "蔬菜种植党支部" : branch === "b2" ? "农机服务党支部" : "张家庄社区",
    period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
    branches: branch ? 1 : 2,
    figures: now,
    lastYear: last,
    lastYearPeriod: { from: `${YEAR - 1}-01-01`, to: `${YEAR - 1}-12-31` },
    breakdownLevel: branch ? null : "branch",
    breakdown: branch
      ? []
      : [
          { id: "b1", name: "蔬菜种植党支部", figures: figures(70) },
          { id: "b2", name: "农机服务党支部", figures: figures(50) },
        ],
    trend: Array.from({ length: period.kind === "month" ? 1 : 12 }, (_, i) => ({
      month: `${YEAR}-${String(i + 1).padStart(2, "0")}`,
      figures: figures(10),
    })),
    compliance: {
      branches: 2,
      meetingCommitteeRule: 1,
      meetingTeamRule: 2,
      withoutTeams: 0,
      meetingQuarterRule: [2, 1, 1, 0],
      fullyCompliant: 1,
      required: 8,
      created: 6,
      fulfilled: 5,
      fallingShort: [],
    },
  };
}

function backend(answer: (scope: PointScope, period: StatsPeriod) => StatsReport = report) {
  const calls: Call[] = [];
  const { tree } = demoData();
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "org_tree":
        return tree();
      case "stats":
        return answer(args.scope as PointScope, args.period as StatsPeriod);
      case "plugin:dialog|save":
        return "/home/u/统计.xlsx";
      case "export_stats":
        return { rows: 14, path: args.path };
      default:
        throw { code: "internal", message: `unexpected ${cmd}`, fields: [] };
    }
  });
  const statsCalls = () => calls.filter((c) => c.cmd === "stats");
  return { calls, statsCalls };
}

/** The top-bar scope as a secretary of the community would set it, and shown for the test. */
function WithScope({ scope, children }: { scope: Scope; children: ReactNode }) {
  const { tree, scope: current, setScope } = useOrg();
  useEffect(() => setScope(scope), [setScope, scope]);
  return tree && current ? (
    <>
      <span data-testid="probe-scope">{`${current.kind}:${current.id}`}</span>
      {children}
    </>
  ) : null;
}

const COMMUNITY: Scope = { kind: "community", id: "c1" };

const renderPage = () =>
  renderWithApp(
    <OrgProvider>
      <WithScope scope={COMMUNITY}>
        <StatsPage />
      </WithScope>
    </OrgProvider>,
  );

describe("统计 page", () => {
  it("shows the four headline figures with the change against last year", async () => {
    backend();
    renderPage();
    const activities = await screen.findByTestId("headline-activities");
    await waitFor(() => expect(activities).toHaveAttribute("data-value", "120"));
    expect(
      within(activities).getByText("开展学习培训、技术讲座、经验交流、现场观摩"),
    ).toBeVisible();
    expect(screen.getByTestId("headline-activities-change")).toHaveTextContent(
      "较去年同期 ↑ 20.0%（去年同期 100）",
    );
    // Last year had no points: no percentage to show.
    expect(screen.getByTestId("headline-points")).toHaveAttribute("data-value", "10");
    expect(screen.getByTestId("headline-points-change")).toHaveTextContent("较去年同期 —");
    expect(screen.getByTestId("headline-suggestions-change")).toHaveTextContent("↓ 25.0%");
    expect(screen.getByTestId("headline-problems")).toHaveAttribute("data-value", "7");
    expect(screen.getByTestId("headline-problems-change")).toHaveTextContent("0.0%");
    expect(screen.getByTestId("figure-days")).toHaveTextContent("10 / 12");
    expect(screen.getByTestId("figure-attendance")).toHaveTextContent("87.5%");
    expect(screen.getByTestId("figure-compliance")).toHaveTextContent("1 / 2");
    expect(screen.getByTestId("stats-title")).toHaveTextContent("张家庄社区");
  });

  it("asks for this year first, then for the period the picker switches to", async () => {
    const { statsCalls } = backend();
    renderPage();
    await screen.findByTestId("headline-activities");
    expect(statsCalls()[0].args).toEqual({
      scope: { townId: null, communityId: "c1", branchId: null },
      period: { kind: "year", year: YEAR },
    });
    const picker = screen.getByTestId("stats-period-kind");
    fireEvent.click(within(picker).getByText("季度"));
    await waitFor(() =>
      expect(statsCalls().at(-1)?.args.period).toEqual({
        kind: "quarter",
        year: YEAR,
        quarter: Math.floor(TODAY.month() / 3) + 1,
      }),
    );
    fireEvent.click(within(picker).getByText("月"));
    await waitFor(() =>
      expect(statsCalls().at(-1)?.args.period).toEqual({
        kind: "month",
        year: YEAR,
        month: TODAY.month() + 1,
      }),
    );
    fireEvent.click(within(picker).getByText("自定义"));
    await waitFor(() =>
      expect(statsCalls().at(-1)?.args.period).toEqual({
        kind: "custom",
        from: `${YEAR}-01-01`,
        to: TODAY.format("YYYY-MM-DD"),
      }),
    );
  });

  it("drills down: a click on a branch row sets the top-bar scope to that branch", async () => {
    const { statsCalls } = backend();
    renderPage();
    const row = await screen.findByTestId("stats-row-b1");
    expect(row).toHaveTextContent("蔬菜种植党支部");
    fireEvent.click(row);
    await waitFor(() => expect(screen.getByTestId("probe-scope")).toHaveTextContent("branch:b1"));
    await waitFor(() =>
      expect(statsCalls().at(-1)?.args.scope).toEqual({
        townId: null,
        communityId: null,
        branchId: "b1",
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId("headline-activities")).toHaveAttribute("data-value", "70"),
    );
    // A branch has no level below: no breakdown table.
    expect(screen.queryByTestId("stats-breakdown")).toBeNull();
  });

  it("exports the period's figures to the file the user picks", async () => {
    const { calls } = backend();
    renderPage();
    await screen.findByTestId("headline-activities");
    fireEvent.click(await findEnabled("stats-export"));
    expect(await screen.findByText("已导出到 /home/u/统计.xlsx")).toBeInTheDocument();
    const exported = calls.find((c) => c.cmd === "export_stats");
    expect(exported?.args).toEqual({
      scope: { townId: null, communityId: "c1", branchId: null },
      period: { kind: "year", year: YEAR },
      path: "/home/u/统计.xlsx",
    });
  });

  it("says what to do for a scope without branches, an empty period, and an error", async () => {
    let mode: "noBranches" | "nothing" | "error" = "noBranches";
    backend((scope, period) => {
      if (mode === "error") throw { code: "database", message: "disk I/O", fields: [] };
      const full = report(scope, period);
      if (mode === "noBranches") return { ...full, branches: 0, breakdown: [] };
      const zero = figures(0, {
        daysScheduled: 0,
        pointsCreated: 0,
        suggestionsCollected: 0,
        problemsSolved: 0,
      });
      return { ...full, figures: zero, trend: [] };
    });
    renderPage();
    await waitFor(() =>
      expect(screen.getByTestId("stats-no-branches")).toHaveTextContent("这个范围里还没有支部"),
    );
    mode = "nothing";
    fireEvent.click(within(screen.getByTestId("stats-period-kind")).getByText("季度"));
    await waitFor(() =>
      expect(screen.getByTestId("stats-nothing")).toHaveTextContent("这个时段还没有记录"),
    );
    expect(screen.queryByTestId("stats-chart-trend")).toBeNull();
    mode = "error";
    fireEvent.click(within(screen.getByTestId("stats-period-kind")).getByText("年"));
    const alert = await screen.findByTestId("stats-error");
    expect(alert).toHaveTextContent(/数据库/);
    mode = "nothing";
    fireEvent.click(within(alert).getByRole("button"));
    expect(await screen.findByTestId("stats-nothing")).toBeInTheDocument();
  });
});
