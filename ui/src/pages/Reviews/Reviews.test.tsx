import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useEffect } from "react";
import { describe, expect, it } from "vitest";
import type { Ballot } from "../../bindings/Ballot";
import type { BallotDraft } from "../../bindings/BallotDraft";
import type { BranchResult } from "../../bindings/BranchResult";
import type { ReviewDetail } from "../../bindings/ReviewDetail";
import type { Scope } from "../../lib/orgTree";
import { appToday } from "../../lib/today";
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
      year: appToday().year(),
      quarter: Math.floor(appToday().month() / 3) + 1,
    });
    expect(screen.getByTestId("fact-sheets")).toHaveTextContent("2 / 3");
    expect(screen.getByTestId("fact-sheets")).toHaveTextContent("秋收");
  });
});

describe("tally settings", () => {
  it("a community chooses weighted groups and saves the shares", async () => {
    const b = backend(reviewDetail("collecting"));
    renderReviews({ kind: "community", id: "c1" });
    const select = await screen.findByTestId("settings-combination");
    fireEvent.mouseDown(within(select).getByRole("combobox"));
    fireEvent.click(await screen.findByText("按比例加权"));
    const share = await screen.findByTestId("settings-member-percent");
    fireEvent.change(share, { target: { value: "70" } });
    expect(screen.getByText("群众占 30%")).toBeInTheDocument();
    fireEvent.click(screen.getByText("保存口径"));
    await waitFor(() => expect(b.of("set_review_settings")).toHaveLength(1));
    expect(b.of("set_review_settings")[0].args.settings).toMatchObject({
      thresholdPercent: 80,
      combination: { kind: "weighted", memberPercent: 70 },
    });
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

  it("30 sheets keyed blind, one straight after the other, are stored exactly", async () => {
    const b = backend(reviewDetail("collecting"));
    renderReviews({ kind: "community", id: "c1" });
    await screen.findByTestId("ballot-entry");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("entry-group"));
    // Sheet n: reviewer 1 or 2, then two marks from the key set; sheet 5 carries a comment.
    const sheets = Array.from({ length: 30 }, (_, n) => [
      String((n % 2) + 1),
      "1230"[n % 4],
      "4123"[(n * 3) % 4],
    ]);
    for (const [n, [g, m0, m1]] of sheets.entries()) {
      const comment = n === 4 ? "*路灯还没修好{Tab}" : "";
      await user.keyboard(`${g}${m0}${comment}${m1}{Enter}`);
    }
    await waitFor(() => expect(b.of("save_ballot")).toHaveLength(30));
    const marks = {
      "0": "noRating",
      "1": "satisfied",
      "2": "fairlySatisfied",
      "3": "dissatisfied",
      "4": "twoRatings",
    };
    b.of("save_ballot").forEach((call, n) => {
      const draft = call.args.draft as BallotDraft;
      const [g, m0, m1] = sheets[n];
      expect(draft.group).toBe(g === "1" ? "member" : "resident");
      expect(draft.marks.map((m) => m.mark)).toEqual([
        marks[m0 as keyof typeof marks],
        marks[m1 as keyof typeof marks],
      ]);
      expect(draft.marks.map((m) => m.comment)).toEqual(n === 4 ? ["路灯还没修好", ""] : ["", ""]);
    });
    // The cursor waits in the reviewer box of a new, empty sheet; the last one is shown.
    expect(screen.getByTestId("entry-group")).toHaveFocus();
    expect(screen.getByTestId("entry-group")).toHaveValue("");
    expect(screen.getByTestId("entry-last")).toHaveTextContent(/^第 \d+ 张：群众 · /);
  });

  it("a comment box opens only with * and a stray key is refused, never stored", async () => {
    const b = backend(reviewDetail("collecting"));
    renderReviews({ kind: "community", id: "c1" });
    await screen.findByTestId("ballot-entry");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("entry-group"));
    expect(screen.queryByTestId("entry-comment-0")).toBeNull();
    await user.keyboard("1a");
    expect(screen.getByTestId("entry-problem")).toHaveTextContent("只能输入 0–4");
    await user.keyboard("127");
    // The sheet is full: the 7 lands on nothing and is refused with a hint.
    expect(screen.getByTestId("entry-problem")).toHaveTextContent("本张已经填完");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(b.of("save_ballot")).toHaveLength(1));
    const draft = b.of("save_ballot")[0].args.draft as BallotDraft;
    expect(draft.marks.map((m) => [m.mark, m.comment])).toEqual([
      ["satisfied", ""],
      ["fairlySatisfied", ""],
    ]);
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

  it("states a weighted combination above the tally and tags each group below the threshold", async () => {
    const detail = tallied();
    const weighted = { kind: "weighted" as const, memberPercent: 60 };
    detail.settings = { ...detail.settings, combination: weighted };
    detail.tally.settings = { ...detail.tally.settings, combination: weighted };
    detail.tally.branches[1] = line("b1", counts(1, 0, 1), counts(0, 1, 1, 0, 1), 2, true, {
      member: true,
      resident: true,
    });
    backend(detail);
    renderReviews({ kind: "community", id: "c1" });
    expect(await screen.findByTestId("tally-combination")).toHaveTextContent(
      "综合满意率 = 党员满意率 × 60% + 群众满意率 × 40%",
    );
    expect(screen.getByTestId("member-rate-b1")).toHaveAttribute("data-below", "true");
    expect(screen.getByTestId("member-rate-b1")).toHaveTextContent("本组低于 80%");
    expect(screen.getByTestId("member-rate-b2")).toHaveAttribute("data-below", "false");
    expect(screen.getByTestId("member-rate-b2")).not.toHaveTextContent("本组低于");
  });

  it("says the default pools the sheets", async () => {
    backend(tallied());
    renderReviews({ kind: "community", id: "c1" });
    expect(await screen.findByTestId("tally-combination")).toHaveTextContent(
      "党员票和群众票合在一起计算，每张票同等计",
    );
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

  it("a review changed behind the app's back: tallying is refused naming the review and the part", async () => {
    const b = backend(reviewDetail("collecting"), (cmd) => {
      if (cmd === "tally_review")
        throw {
          code: "reviewAltered",
          message: "log text",
          fields: [],
          chainBreak: {
            seq: 12,
            reviewId: "r1",
            action: "setTotals",
            kind: "data",
            parts: ["ballots", "totals"],
            anchored: null,
            logged: null,
            review: { community: "杏花社区", year: 2026, quarter: 3 },
          },
        };
      return null;
    });
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("review-tally"));
    expect(
      await screen.findByText(
        "杏花社区 2026 年第 3 季度的评议数据与审计记录不符：选票、汇总票数在最后一条审计记录之后被改动。本次操作未执行；请从备份恢复，或请技术人员检查审计链",
      ),
    ).toBeInTheDocument();
    expect(b.of("tally_review")).toHaveLength(1);
    expect(screen.getByTestId("review-state")).toHaveTextContent("收集选票");
  });

  it("the audit check names a review whose newest entries were removed", async () => {
    backend(reviewDetail("tallied"));
    mockIPC((cmd) => {
      if (cmd === "verify_review_audit")
        return {
          entries: 11,
          reviews: 1,
          broken: {
            seq: 11,
            reviewId: "r1",
            action: "tally",
            kind: "head",
            parts: [],
            anchored: { entries: 12, hash: "ab" },
            logged: { entries: 11, hash: "cd" },
            review: { community: "杏花社区", year: 2026, quarter: 3 },
          },
        };
      if (cmd === "find_review") return reviewDetail("tallied");
      if (cmd === "org_tree") return demoData().tree();
      return [];
    });
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("review-verify"));
    await waitFor(() =>
      expect(screen.getByTestId("chain-result")).toHaveTextContent(
        "审计链已损坏：杏花社区 2026 年第 3 季度，第 11 条记录（tally）—— 评议登记的审计记录与日志不符，最新的记录被删除（评议登记 12 条，日志中只有 11 条）",
      ),
    );
  });

  it("the audit check says 完整", async () => {
    backend(reviewDetail("tallied"));
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("review-verify"));
    await waitFor(() => expect(screen.getByTestId("chain-result")).toHaveTextContent("审计链完整"));
  });
});

describe("turnout", () => {
  it("collecting starts with the numbers taking part, members prefilled from the register", async () => {
    const b = backend(reviewDetail("draft"), (cmd, _a, now) =>
      cmd === "start_collecting" ? reviewDetail("collecting") : now,
    );
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("review-start"));
    const members = (await screen.findByTestId("start-members")) as HTMLInputElement;
    expect(members.value).toBe("4");
    expect((screen.getByTestId("start-residents") as HTMLInputElement).value).toBe("10");
    fireEvent.change(members, { target: { value: "0" } });
    fireEvent.click(screen.getByTestId("start-ok"));
    expect(await screen.findByText("请填写参加评议的党员人数（至少 1 人）")).toBeInTheDocument();
    expect(b.of("start_collecting")).toHaveLength(0);
    fireEvent.change(members, { target: { value: "30" } });
    fireEvent.click(screen.getByTestId("start-ok"));
    await waitFor(() =>
      expect(b.of("start_collecting")[0]?.args).toEqual({ id: "r1", members: 30, residents: 10 }),
    );
    await waitFor(() => expect(screen.getByTestId("review-state")).toHaveTextContent("收集选票"));
  });

  const fewIn = () =>
    reviewDetail("collecting", {
      reviewers: [
        { group: "member", registered: 125, sheets: 7, lowTurnout: true, percent: 5 },
        { group: "resident", registered: 40, sheets: 30, lowTurnout: false, percent: 75 },
      ],
    });

  it("the turnout is shown, and a low one asks before tallying, naming the figure", async () => {
    const b = backend(fewIn(), (cmd, _a, now) =>
      cmd === "tally_review" ? reviewDetail("tallied") : now,
    );
    renderReviews({ kind: "community", id: "c1" });
    const member = await screen.findByTestId("turnout-member");
    expect(member).toHaveTextContent("党员 7 / 125（5%）");
    expect(member).toHaveAttribute("data-low", "true");
    expect(screen.getByTestId("turnout-resident")).toHaveTextContent("群众 30 / 40（75%）");
    fireEvent.click(screen.getByTestId("review-tally"));
    expect(await screen.findByTestId("low-turnout")).toHaveTextContent(
      "党员只收回 7 / 125 张选票（5%），不到参评人数的一半",
    );
    expect(b.of("tally_review")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("tally-anyway"));
    await waitFor(() =>
      expect(b.of("tally_review")[0]?.args).toEqual({ id: "r1", acceptLowTurnout: true }),
    );
  });

  it("a fine turnout tallies without asking; finalising says what reopening means", async () => {
    const b = backend(reviewDetail("collecting"), (cmd, _a, now) =>
      cmd === "tally_review"
        ? reviewDetail("tallied")
        : cmd === "finalise_review"
          ? reviewDetail("finalised")
          : now,
    );
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("review-tally"));
    await waitFor(() =>
      expect(b.of("tally_review")[0]?.args).toEqual({ id: "r1", acceptLowTurnout: false }),
    );
    fireEvent.click(await screen.findByTestId("review-finalise"));
    const confirm = await screen.findByTestId("finalise-confirm");
    expect(confirm).toHaveTextContent("点“重新打开”并写明原因后改正，原因会记入审计记录");
    expect(within(confirm).queryByTestId("low-turnout")).toBeNull();
    fireEvent.click(screen.getByTestId("review-finalise-ok"));
    await waitFor(() =>
      expect(b.of("finalise_review")[0]?.args).toEqual({ id: "r1", acceptLowTurnout: false }),
    );
  });
});

const saved = (sheetNo: number, comment: string): Ballot => ({
  id: `ballot-${sheetNo}`,
  reviewId: "r1",
  sheetNo,
  group: "resident",
  marks: [
    { branchId: "b1", mark: "satisfied", comment },
    { branchId: "b2", mark: "twoRatings", comment: "" },
  ],
});

describe("ballot comments", () => {
  it("* opens the comment of the branch just marked; Tab closes it and goes on", async () => {
    const b = backend(reviewDetail("collecting"));
    renderReviews({ kind: "community", id: "c1" });
    await screen.findByTestId("ballot-entry");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("entry-group"));
    await user.keyboard("23");
    // No comment box is in the way of the keys until * asks for one.
    const inputs = () =>
      [...screen.getByTestId("ballot-entry").querySelectorAll("input")].map((el) =>
        el.getAttribute("data-testid"),
      );
    expect(inputs()).toEqual(["entry-group", "entry-mark-0", "entry-mark-1"]);
    await user.keyboard("*");
    const box = await screen.findByTestId("entry-comment-0");
    expect(box).toHaveAttribute("aria-label", "蔬菜种植党支部的评议意见");
    await waitFor(() => expect(box).toHaveFocus());
    await user.keyboard(" 路灯还没修 {Tab}");
    expect(screen.queryByTestId("entry-comment-0")).toBeNull();
    expect(screen.getByTestId("entry-comment-text-0")).toHaveTextContent("路灯还没修");
    expect(screen.getByTestId("entry-mark-1")).toHaveFocus();
    await user.keyboard("1");
    expect(screen.getByTestId("entry-save")).toHaveFocus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(b.of("save_ballot")).toHaveLength(1));
    const draft = b.of("save_ballot")[0].args.draft as BallotDraft;
    expect(draft.marks).toEqual([
      { branchId: "b1", mark: "dissatisfied", comment: "路灯还没修" },
      { branchId: "b2", mark: "satisfied", comment: "" },
    ]);
    expect(screen.queryByTestId("entry-comment-text-0")).toBeNull();
    expect(await screen.findByTestId("entry-last")).toHaveTextContent(
      "群众 · 不满意（有意见） 满意",
    );
  });

  it("shows the comments in the ballot list and to the committee by branch", async () => {
    backend(reviewDetail("collecting", { ballots: [saved(1, "希望多讲政策")] }));
    renderReviews({ kind: "community", id: "c1" });
    expect(await screen.findByTestId("ballot-comment-1-0")).toHaveTextContent("希望多讲政策");
    fireEvent.click(screen.getByRole("tab", { name: "评语与整改" }));
    const card = await screen.findByTestId("rect-b1");
    expect(await within(card).findByText("选票上的意见（1 条）")).toBeInTheDocument();
    expect(within(card).getByText("希望多讲政策")).toBeInTheDocument();
    expect(within(screen.getByTestId("rect-b2")).getByText("选票上的意见（0 条）")).toBeTruthy();
  });
});

describe("editing a saved ballot", () => {
  it("opens the sheet with its keys and comments and saves the correction", async () => {
    const start = reviewDetail("collecting", { ballots: [saved(1, "活动好")] });
    const b = backend(start);
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("ballot-edit-1"));
    const form = await screen.findByTestId("ballot-edit");
    expect(within(form).getByText(/第 1 张选票/)).toBeInTheDocument();
    expect(screen.getByTestId("edit-group")).toHaveValue("2");
    expect(screen.getByTestId("edit-mark-0")).toHaveValue("1");
    expect(screen.getByTestId("edit-mark-1")).toHaveValue("4");
    expect(screen.getByTestId("edit-comment-0")).toHaveValue("活动好");
    type("edit-mark-0", "2");
    type("edit-comment-1", "机器维修要及时");
    fireEvent.keyDown(screen.getByTestId("edit-comment-1"), { key: "Enter" });
    await waitFor(() => expect(b.of("update_ballot")).toHaveLength(1));
    expect(b.of("update_ballot")[0].args).toEqual({
      ballotId: "ballot-1",
      draft: {
        group: "resident",
        marks: [
          { branchId: "b1", mark: "fairlySatisfied", comment: "活动好" },
          { branchId: "b2", mark: "twoRatings", comment: "机器维修要及时" },
        ],
      } satisfies BallotDraft,
    });
    expect(b.of("save_ballot")).toHaveLength(0);
    // The modal closes (jsdom never ends its animation, so the message is the sign here).
    expect(await screen.findByText("第 1 张选票已修改")).toBeInTheDocument();
  });

  it("keeps the form open and says why when the core refuses", async () => {
    backend(reviewDetail("collecting", { ballots: [saved(1, "")] }), (cmd) => {
      if (cmd === "update_ballot")
        throw { code: "reviewLocked", message: "review is finalised", fields: [] };
      return null;
    });
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByTestId("ballot-edit-1"));
    await screen.findByTestId("ballot-edit");
    type("edit-mark-0", "3");
    fireEvent.click(screen.getByTestId("edit-save"));
    expect(
      await screen.findByText("评议已定稿，不能再修改；如确需修改，请填写原因后重新打开"),
    ).toBeInTheDocument();
    expect(screen.getByTestId("edit-mark-0")).toHaveValue("3");
  });

  it("offers no edit once tallied", async () => {
    backend(reviewDetail("tallied", { ballots: [saved(1, "")] }));
    renderReviews({ kind: "community", id: "c1" });
    fireEvent.click(await screen.findByRole("tab", { name: "选票录入" }));
    await screen.findByTestId("ballot-list");
    expect(screen.queryByTestId("ballot-edit-1")).toBeNull();
  });
});

describe("branch history", () => {
  const result = (quarter: number, rate: number, thresholdPercent: number): BranchResult => ({
    reviewId: `r${quarter}`,
    year: 2026,
    quarter,
    state: "finalised",
    rate,
    memberRate: rate,
    residentRate: rate,
    score: rate * 100,
    rank: 1,
    of: 2,
    flagged: rate * 100 < thresholdPercent,
    thresholdPercent,
  });

  it("draws the community's threshold, not a fixed 80 %", async () => {
    backend(null, (cmd) =>
      cmd === "branch_review_history" ? [result(1, 0.85, 80), result(2, 0.85, 90)] : null,
    );
    renderReviews({ kind: "branch", id: "b1" });
    const chart = await screen.findByTestId("sparkline");
    // y = 20 + (1 − rate) × 50: 90 % is at 25, 80 % would be at 30.
    expect(chart.querySelector("line")).toHaveAttribute("y1", "25");
    expect(screen.getByTestId("history-threshold")).toHaveTextContent("满意率线 90%");
    // 85 % is below 90 %: both dots red.
    const dots = [...chart.querySelectorAll("circle")].map((c) => c.getAttribute("fill"));
    expect(dots).toEqual(["#cf1322", "#cf1322"]);
  });
});
