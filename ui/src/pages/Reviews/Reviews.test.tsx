import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import dayjs from "dayjs";
import { useEffect } from "react";
import { describe, expect, it } from "vitest";
import type { BallotDraft } from "../../bindings/BallotDraft";
import type { ReviewDetail } from "../../bindings/ReviewDetail";
import type { Scope } from "../../lib/orgTree";
import { OrgProvider, useOrg } from "../../state/org";
import { demoData } from "../../test/fakeBackend";
import { counts, line, reviewDetail } from "../../test/fakeReviews";
import { renderWithApp } from "../../test/render";
import { ReviewsPage } from "./ReviewsPage";

type Call = { cmd: string; args: Record<string, unknown> };

/** A backend answering from a review fixture; `onWrite` decides what a write returns. */
function backend(
  start: ReviewDetail | null,
  onWrite: (cmd: string, args: Record<string, unknown>, now: ReviewDetail | null) => unknown = (
    _c,
    _a,
    now,
  ) => now,
) {
  const data = demoData();
  const calls: Call[] = [];
  let review = start;
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "org_tree":
        return data.tree();
      case "find_review":
        return review;
      case "community_review_ranking":
        return [];
      case "verify_review_audit":
        return { entries: 3, reviews: 1, broken: null };
      default: {
        const next = onWrite(cmd, args, review);
        review = next as ReviewDetail;
        return next;
      }
    }
  });
  return { calls, of: (cmd: string) => calls.filter((c) => c.cmd === cmd) };
}

function ScopeProbe({ start }: { start: Scope }) {
  const { setScope } = useOrg();
  // biome-ignore lint/correctness/useExhaustiveDependencies: sets the starting scope once.
  useEffect(() => setScope(start), []);
  return null;
}
const renderReviews = (start: Scope) =>
  renderWithApp(
    <OrgProvider>
      <ScopeProbe start={start} />
      <ReviewsPage />
    </OrgProvider>,
  );

const type = (testId: string, key: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value: key } });

describe("季度评议 page", () => {
  it("asks for a community on a town scope", async () => {
    backend(null);
    renderReviews({ kind: "town", id: "t1" });
    await waitFor(() =>
      expect(screen.getByTestId("reviews-choose")).toHaveTextContent(
        "当前选择的是镇，请在顶部选择一个社区",
      ),
    );
  });

  it("opens the review of the chosen quarter and shows the draft state", async () => {
    const b = backend(null, (cmd) => (cmd === "open_review" ? reviewDetail("draft") : null));
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("review-open"));
    await waitFor(() => expect(screen.getByTestId("review-state")).toHaveTextContent("草稿"));
    const args = b.of("open_review")[0].args;
    expect(args).toEqual({
      communityId: "c1",
      year: dayjs().year(),
      quarter: Math.floor(dayjs().month() / 3) + 1,
    });
    expect(screen.getByTestId("fact-sheets")).toHaveTextContent("2 / 3");
    expect(screen.getByTestId("fact-sheets")).toHaveTextContent("秋收");
  });
});

describe("ballot entry", () => {
  it("saves one sheet per row from the keys and starts the next sheet", async () => {
    const b = backend(reviewDetail("collecting"));
    renderReviews({ kind: "community", id: "c1" });
    await screen.findByTestId("ballot-entry");
    type("entry-group", "1");
    type("entry-mark-0", "1");
    type("entry-mark-1", "4");
    expect(within(screen.getByTestId("ballot-entry")).getByText("多选")).toBeInTheDocument();
    fireEvent.keyDown(screen.getByTestId("entry-mark-1"), { key: "Enter" });
    await waitFor(() => expect(b.of("save_ballot")).toHaveLength(1));
    expect(b.of("save_ballot")[0].args).toEqual({
      id: "r1",
      ballotId: null,
      draft: {
        group: "member",
        marks: [
          { branchId: "b1", mark: "satisfied", comment: "" },
          { branchId: "b2", mark: "twoRatings", comment: "" },
        ],
      } satisfies BallotDraft,
    });
    await waitFor(() => expect(screen.getByTestId("entry-group")).toHaveValue(""));
    expect(screen.getByTestId("entry-mark-1")).toHaveValue("");

    type("entry-group", "2");
    type("entry-mark-0", "0");
    type("entry-mark-1", "3");
    fireEvent.keyDown(screen.getByTestId("entry-mark-1"), { key: "Enter" });
    await waitFor(() => expect(b.of("save_ballot")).toHaveLength(2));
    const second = b.of("save_ballot")[1].args.draft as BallotDraft;
    expect(second.group).toBe("resident");
    expect(second.marks.map((m) => m.mark)).toEqual(["noRating", "dissatisfied"]);
  });

  it("refuses other keys and an incomplete sheet without saving", async () => {
    const b = backend(reviewDetail("collecting"));
    renderReviews({ kind: "community", id: "c1" });
    await screen.findByTestId("ballot-entry");
    type("entry-group", "1");
    type("entry-mark-0", "7");
    await waitFor(() =>
      expect(screen.getByTestId("entry-problem")).toHaveTextContent("只能输入 0–4"),
    );
    expect(screen.getByTestId("entry-mark-0")).toHaveValue("");
    fireEvent.keyDown(screen.getByTestId("entry-mark-0"), { key: "Enter" });
    await waitFor(() =>
      expect(screen.getByTestId("entry-problem")).toHaveTextContent(
        "请先输入评议人和每个支部的评价",
      ),
    );
    expect(b.of("save_ballot")).toHaveLength(0);
  });

  it("shows the core's refusal in Chinese and keeps the row", async () => {
    backend(reviewDetail("collecting"), (cmd) => {
      if (cmd === "save_ballot")
        throw { code: "tooManyBallots", message: "resident ballots would be 11", fields: [] };
      return null;
    });
    renderReviews({ kind: "community", id: "c1" });
    await screen.findByTestId("ballot-entry");
    type("entry-group", "2");
    type("entry-mark-0", "1");
    type("entry-mark-1", "2");
    fireEvent.keyDown(screen.getByTestId("entry-mark-1"), { key: "Enter" });
    expect(
      await screen.findByText("选票数不能超过登记的评议人数，请先核对登记人数"),
    ).toBeInTheDocument();
    expect(screen.getByTestId("entry-group")).toHaveValue("2");
  });
});

describe("tally view", () => {
  const tallied = () => {
    const detail = reviewDetail("tallied");
    detail.tally.branches = [
      line("b2", counts(3, 1, 0), counts(1, 0, 0, 1), 1, false),
      line("b1", counts(1, 0, 1), counts(0, 1, 1, 0, 1), 2, true),
    ];
    return detail;
  };

  it("shows ranks, rates, invalid votes and flags branches below the threshold in red", async () => {
    backend(tallied());
    renderReviews({ kind: "community", id: "c1" });
    const flagged = await screen.findByTestId("tally-row-b1");
    expect(flagged).toHaveAttribute("data-flagged", "true");
    expect(within(flagged).getByTestId("flag")).toHaveTextContent("低于 80%");
    // b1: 2 satisfied-ish of 4 valid = 50%, score (100 + 60) ÷ 4 = 40.
    expect(flagged).toHaveTextContent("50.0%");
    expect(within(flagged).getByTestId("score")).toHaveTextContent("40.0");
    expect(flagged).toHaveTextContent("未评 0，多选 1");
    const top = screen.getByTestId("tally-row-b2");
    expect(top).toHaveAttribute("data-flagged", "false");
    expect(top).toHaveTextContent("100.0%");
    expect(screen.getByTestId("tally-formula")).toHaveTextContent(
      "满意率 = (满意 + 基本满意) ÷ 有效票",
    );
    expect(screen.getByTestId("tally-formula")).toHaveTextContent("基本满意 × 60");
  });

  it("a finalised review is locked: entry disabled, reopening asks for a reason", async () => {
    const b = backend(reviewDetail("finalised"), (cmd, args) =>
      cmd === "reopen_review" && args.reason ? reviewDetail("tallied") : null,
    );
    renderReviews({ kind: "community", id: "c1" });
    await waitFor(() => expect(screen.getByTestId("review-locked")).toHaveTextContent("已定稿"));
    fireEvent.click(screen.getByRole("tab", { name: "选票录入" }));
    expect(await screen.findByTestId("entry-group")).toBeDisabled();
    expect(screen.getByTestId("entry-save")).toBeDisabled();
    fireEvent.click(screen.getByTestId("review-reopen"));
    fireEvent.change(await screen.findByTestId("reopen-reason"), {
      target: { value: "第 3 张选票录错" },
    });
    fireEvent.click(screen.getByTestId("reopen-ok"));
    await waitFor(() => expect(b.of("reopen_review")).toHaveLength(1));
    expect(b.of("reopen_review")[0].args).toEqual({ id: "r1", reason: "第 3 张选票录错" });
    await waitFor(() => expect(screen.getByTestId("review-state")).toHaveTextContent("已统计"));
  });

  it("the audit check says 完整", async () => {
    backend(reviewDetail("tallied"));
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("review-verify"));
    await waitFor(() => expect(screen.getByTestId("chain-result")).toHaveTextContent("审计链完整"));
  });
});
