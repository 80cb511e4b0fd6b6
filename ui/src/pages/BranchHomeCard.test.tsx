import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import dayjs from "dayjs";
import { describe, expect, it, vi } from "vitest";
import type { ActivityDraft } from "../bindings/ActivityDraft";
import { appToday } from "../lib/today";
import { installFakeBackend } from "../test/fakeBackend";
import { renderWithApp } from "../test/render";
import { BranchHomeCard } from "./BranchHomeCard";

const TODAY = appToday().format("YYYY-MM-DD");

describe("branch home card", () => {
  it("shows this month's activity with its checklist and the open ledger counts", async () => {
    const b = installFakeBackend();
    const h = b.activities.handle;
    const draft = h("draft_for_day", {
      branchId: "b1",
      year: appToday().year(),
      month: appToday().month() + 1,
    }) as ActivityDraft;
    const planned = h("plan_activity", {
      draft: { ...draft, topic: "冬季大棚管理", kinds: ["technicalLecture"] },
    }) as { activity: { id: string } };
    for (const text of ["防虫网统一采购", "多办培训"])
      h("save_suggestion", {
        suggestion: {
          id: "",
          branchId: "b1",
          activityId: null,
          text,
          source: "resident",
          sourceName: "",
          receivedOn: TODAY,
          category: "",
          status: "received",
          response: "",
        },
      });
    h("save_problem", {
      problem: {
        id: "",
        branchId: "b1",
        activityId: null,
        person: "赵二嫂",
        description: "卷帘机坏了",
        raisedOn: TODAY,
        help: "",
        status: "open",
        solvedOn: null,
      },
    });
    const open = vi.fn();
    renderWithApp(<BranchHomeCard branchId="b1" onOpenActivities={open} />);

    const card = await screen.findByTestId("branch-home");
    expect(within(card).getByTestId("home-day")).toHaveTextContent(
      `本月党员活动日：${dayjs(draft.date).format("M月D日")}`,
    );
    expect(within(card).getByTestId("home-activity-topic")).toHaveTextContent("冬季大棚管理");
    expect(within(card).getByTestId("home-activity-status")).toHaveTextContent("计划中");
    expect(within(card).getByTestId("home-checklist")).toBeInTheDocument();
    expect(within(card).getByTestId("held-item-attendance")).toHaveAttribute(
      "data-state",
      "missing",
    );
    expect(within(card).getByTestId("home-open-suggestions")).toHaveTextContent("2");
    expect(within(card).getByTestId("home-open-problems")).toHaveTextContent("1");

    fireEvent.click(within(card).getByTestId("home-open-activity"));
    expect(open).toHaveBeenCalledWith({ kind: "activity", id: planned.activity.id });
    fireEvent.click(within(card).getByTestId("home-ledger"));
    expect(open).toHaveBeenLastCalledWith({ kind: "ledger" });
  });

  it("offers to plan this month's activity day when it has no activity", async () => {
    installFakeBackend();
    const open = vi.fn();
    renderWithApp(<BranchHomeCard branchId="b1" onOpenActivities={open} />);
    fireEvent.click(await screen.findByTestId("home-plan"));
    expect(open).toHaveBeenCalledWith({ kind: "planThisMonth" });
    await waitFor(() => expect(screen.getByTestId("home-open-suggestions")).toHaveTextContent("0"));
  });
});
