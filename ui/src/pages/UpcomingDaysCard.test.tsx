import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ActivityWeekRule } from "../bindings/ActivityWeekRule";
import type { OrgTree } from "../bindings/OrgTree";
import type { UpcomingDay } from "../bindings/UpcomingDay";
import { OrgProvider } from "../state/org";
import { renderWithApp } from "../test/render";
import { scheduledDay } from "../test/scheduledDay";
import { UpcomingDaysCard } from "./UpcomingDaysCard";

const branch = (id: string, communityId: string, name: string) => ({
  branch: { id, communityId, name, basis: "trade" as const, note: "" },
  activeMembers: 8,
  archivedMembers: 0,
  seatsFilled: 3,
});

/** One town, two communities: c1 with 蔬菜种植党支部, c2 with 果品党支部. */
const TREE: OrgTree = {
  towns: [
    {
      town: { id: "t1", name: "桃林镇" },
      communities: [
        {
          community: { id: "c1", townId: "t1", name: "张家庄社区", committeeName: "" },
          branches: [branch("b1", "c1", "蔬菜种植党支部")],
        },
        {
          community: { id: "c2", townId: "t1", name: "李家沟社区", committeeName: "" },
          branches: [branch("b2", "c2", "果品党支部")],
        },
      ],
    },
  ],
};

const upcoming = (
  branchId: string,
  branchName: string,
  date: string,
  rule: ActivityWeekRule = "second-weekday",
): UpcomingDay => ({
  branchName,
  communityName: "",
  daysUntil: 3,
  day: scheduledDay(date, { branchId, rule }),
});

const COMMUNITY_OF: Record<string, string> = { b1: "c1", b2: "c2" };

/** The days as the core lists them: each follows its community's rule (`rules`). */
function setup(rules: Record<string, ActivityWeekRule>, days: UpcomingDay[]) {
  const listed = days.map((u) => ({
    ...u,
    day: { ...u.day, rule: rules[COMMUNITY_OF[u.day.branchId]] ?? u.day.rule },
  }));
  mockIPC((cmd) => {
    switch (cmd) {
      case "org_tree":
        return TREE;
      case "upcoming_days":
        return listed;
    }
    return null;
  });
  renderWithApp(
    <OrgProvider>
      <UpcomingDaysCard onOpenCalendar={() => {}} />
    </OrgProvider>,
  );
}

const DAYS = [
  upcoming("b1", "蔬菜种植党支部", "2026-12-09"),
  upcoming("b2", "果品党支部", "2026-12-11"),
];

describe("近期党员活动日: the activity-week rule", () => {
  it("one rule for all listed days is shown once, without community names", async () => {
    setup({ c1: "second-weekday", c2: "second-weekday" }, DAYS);
    const card = await screen.findByTestId("upcoming");
    await waitFor(() => expect(within(card).getAllByTestId("upcoming-week-rule")).toHaveLength(1));
    expect(within(card).getByTestId("upcoming-week-rule")).toHaveTextContent(
      /^活动周：每月8日至14日$/,
    );
  });

  it("different rules are shown each with the communities that use it", async () => {
    setup({ c1: "second-weekday", c2: "second-monday-week" }, DAYS);
    const card = await screen.findByTestId("upcoming");
    await waitFor(() => expect(within(card).getAllByTestId("upcoming-week-rule")).toHaveLength(2));
    const tags = within(card)
      .getAllByTestId("upcoming-week-rule")
      .map((e) => e.textContent);
    expect(tags).toEqual([
      "活动周：每月8日至14日（张家庄社区）",
      "活动周：第二个周一起的一周（李家沟社区）",
    ]);
  });

  it("only the communities of the listed days count", async () => {
    setup({ c1: "second-weekday", c2: "second-calendar-row" }, [DAYS[1]]);
    const card = await screen.findByTestId("upcoming");
    await waitFor(() =>
      expect(within(card).getByTestId("upcoming-week-rule")).toHaveTextContent(
        /^活动周：月历第二行$/,
      ),
    );
    expect(within(card).getAllByTestId("upcoming-week-rule")).toHaveLength(1);
  });

  it("a community whose rule changes between the listed days shows the rule of each", async () => {
    setup({}, [
      upcoming("b1", "蔬菜种植党支部", "2026-12-09"),
      upcoming("b1", "蔬菜种植党支部", "2027-01-11", "second-monday-week"),
    ]);
    const card = await screen.findByTestId("upcoming");
    await waitFor(() => expect(within(card).getAllByTestId("upcoming-week-rule")).toHaveLength(2));
    expect(
      within(card)
        .getAllByTestId("upcoming-week-rule")
        .map((e) => e.textContent),
    ).toEqual(["活动周：每月8日至14日（张家庄社区）", "活动周：第二个周一起的一周（张家庄社区）"]);
  });
});
