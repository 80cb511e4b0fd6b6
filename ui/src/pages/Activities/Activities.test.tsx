import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ActivityDetail } from "../../bindings/ActivityDetail";
import type { ActivityDraft } from "../../bindings/ActivityDraft";
import type { Problem } from "../../bindings/Problem";
import type { Suggestion } from "../../bindings/Suggestion";
import { STEPS } from "../../lib/activity";
import { appToday, setAppToday } from "../../lib/today";
import { type Backend, installFakeBackend } from "../../test/fakeBackend";
import { renderWithApp } from "../../test/render";
import { ActivityEditor } from "./ActivityEditor";
import { BranchLedger } from "./Ledger";

const YEAR = appToday().year();
const MONTH = appToday().month() + 1;
const TODAY = appToday().format("YYYY-MM-DD");

const callsOf = (b: Backend, cmd: string) => b.calls.filter((c) => c.cmd === cmd);

/** The fake's draft for this month's activity day (b1 meets on Wednesdays of the 2nd week). */
const draftOf = (b: Backend) =>
  b.activities.handle("draft_for_day", {
    branchId: "b1",
    year: YEAR,
    month: MONTH,
  }) as ActivityDraft;

const recorded = (b: Backend, records: [string, string, string]) => {
  const d = draftOf(b);
  const detail = b.activities.handle("plan_activity", {
    draft: {
      ...d,
      topic: "大棚蔬菜冬季管理",
      kinds: ["studyTraining"],
      steps: STEPS.map((step, i) => ({
        step,
        entry: {
          planContent: "",
          planLeader: "",
          planMaterials: "",
          planMinutes: 0,
          practiceForms: [],
          recordDone: records[i],
          recordNotes: "",
        },
      })),
    },
  }) as ActivityDetail;
  return detail;
};

/** Attendance taken in the fake: everyone on the roll present. */
const everyonePresent = (b: Backend, detail: ActivityDetail) =>
  b.activities.handle("set_attendance", {
    id: detail.activity.id,
    entries: detail.roll.map((m) => ({
      memberId: m.memberId,
      present: true,
      absenceReason: null,
      note: "",
    })),
    residentsPresent: 0,
  });

async function pick(testId: string, title: string) {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole("combobox"));
  const options = await screen.findAllByTitle(title);
  fireEvent.click(options[options.length - 1]);
}

const openEditor = (detail: ActivityDetail) =>
  renderWithApp(<ActivityEditor start={{ kind: "edit", detail }} onBack={() => {}} />);

describe("activity editor", () => {
  it("planning sends the draft: topic, kinds, HH:MM and the three steps in order", async () => {
    const b = installFakeBackend();
    const draft = draftOf(b);
    renderWithApp(<ActivityEditor start={{ kind: "new", draft }} onBack={() => {}} />);
    expect(screen.getByTestId("save-first")).toBeInTheDocument();

    fireEvent.change(screen.getByTestId("activity-topic"), {
      target: { value: " 大棚蔬菜冬季保温 " },
    });
    const kinds = screen.getByTestId("activity-kinds");
    fireEvent.click(within(kinds).getByRole("checkbox", { name: "现场观摩" }));
    fireEvent.click(within(kinds).getByRole("checkbox", { name: "学习培训" }));
    fireEvent.change(screen.getByTestId("activity-leader"), { target: { value: "刘技术员" } });
    fireEvent.change(screen.getByTestId("activity-start-time"), { target: { value: "09:00" } });
    fireEvent.change(screen.getByTestId("step-theoryStudy-plan"), {
      target: { value: "学习中央一号文件" },
    });
    fireEvent.change(screen.getByTestId("step-practicalTraining-plan"), {
      target: { value: "大棚现场教学" },
    });
    fireEvent.click(
      within(screen.getByTestId("step-practicalTraining-forms")).getByRole("checkbox", {
        name: "现场教学",
      }),
    );
    fireEvent.change(screen.getByTestId("step-interactiveImprovement-plan"), {
      target: { value: "交流种植经验" },
    });
    fireEvent.click(screen.getByTestId("activity-save"));

    await waitFor(() => expect(callsOf(b, "plan_activity")).toHaveLength(1));
    const sent = callsOf(b, "plan_activity")[0].args.draft as ActivityDraft;
    expect(sent).toMatchObject({
      branchId: "b1",
      month: MONTH,
      topic: "大棚蔬菜冬季保温",
      kinds: ["studyTraining", "onSiteObservation"],
      date: draft.date,
      startTime: "09:00",
      venue: "党群服务中心",
      leader: "刘技术员",
    });
    expect(sent.steps.map((s) => s.step)).toEqual([
      "theoryStudy",
      "practicalTraining",
      "interactiveImprovement",
    ]);
    expect(sent.steps.map((s) => s.entry.planContent)).toEqual([
      "学习中央一号文件",
      "大棚现场教学",
      "交流种植经验",
    ]);
    expect(sent.steps[1].entry.practiceForms).toEqual(["onSiteTeaching"]);
    expect(sent.steps[0].entry.practiceForms).toEqual([]);
    // Saved: the checklist appears with everything still to do.
    const list = await screen.findByTestId("held-checklist");
    expect(within(list).getAllByText("未完成")).toHaveLength(4);
  });

  it("refuses a plan without topic or kinds before sending", async () => {
    const b = installFakeBackend();
    renderWithApp(<ActivityEditor start={{ kind: "new", draft: draftOf(b) }} onBack={() => {}} />);
    fireEvent.click(screen.getByTestId("activity-save"));
    expect(await screen.findByText("请输入活动主题")).toBeInTheDocument();
    expect(await screen.findByText("请至少选择一种活动类型")).toBeInTheDocument();
    expect(callsOf(b, "plan_activity")).toHaveLength(0);
  });

  it("a second plan for the same activity day is refused: 本月活动日已有活动", async () => {
    const b = installFakeBackend();
    recorded(b, ["", "", ""]);
    renderWithApp(<ActivityEditor start={{ kind: "new", draft: draftOf(b) }} onBack={() => {}} />);
    fireEvent.change(screen.getByTestId("activity-topic"), { target: { value: "重复" } });
    fireEvent.click(
      within(screen.getByTestId("activity-kinds")).getByRole("checkbox", { name: "经验交流" }),
    );
    fireEvent.click(screen.getByTestId("activity-save"));
    expect(await screen.findByText("本月活动日已有活动")).toBeInTheDocument();
  });

  // Day: 9 December 2026, the activity day itself (b1's of this month).
  it("the checklist shows what is missing; 标记为已开展 stays disabled until nothing is", async () => {
    setAppToday("2026-12-09");
    const b = installFakeBackend();
    const detail = recorded(b, ["领学文件", "", ""]);
    openEditor(detail);
    const list = screen.getByTestId("held-checklist");
    expect(within(list).getByTestId("held-item-theoryStudyRecord")).toHaveAttribute(
      "data-state",
      "done",
    );
    for (const r of ["practicalTrainingRecord", "interactiveImprovementRecord", "attendance"])
      expect(within(list).getByTestId(`held-item-${r}`)).toHaveAttribute("data-state", "missing");
    expect(screen.getByTestId("activity-mark-held")).toBeDisabled();

    // Record steps 2 and 3 and save: only attendance is left.
    fireEvent.change(screen.getByTestId("step-practicalTraining-record"), {
      target: { value: "大棚现场操作" },
    });
    fireEvent.change(screen.getByTestId("step-interactiveImprovement-record"), {
      target: { value: "交流发言" },
    });
    fireEvent.click(screen.getByTestId("activity-save"));
    await waitFor(() =>
      expect(screen.getByTestId("held-item-interactiveImprovementRecord")).toHaveAttribute(
        "data-state",
        "done",
      ),
    );
    expect(screen.getByTestId("held-item-attendance")).toHaveAttribute("data-state", "missing");
    expect(screen.getByTestId("activity-mark-held")).toBeDisabled();

    // Attendance: everyone present.
    fireEvent.click(screen.getByTestId("tab-attendance"));
    fireEvent.click(await screen.findByTestId("attendance-all-present"));
    fireEvent.click(screen.getByTestId("attendance-save"));
    await waitFor(() =>
      expect(screen.getByTestId("held-item-attendance")).toHaveAttribute("data-state", "done"),
    );
    const held = screen.getByTestId("activity-mark-held");
    expect(held).toBeEnabled();
    fireEvent.click(held);
    await waitFor(() =>
      expect(callsOf(b, "change_status")[0]?.args).toEqual({
        id: detail.activity.id,
        status: { state: "held" },
        heldOn: null,
      }),
    );
    expect(await screen.findByTestId("held-note")).toBeInTheDocument();
    expect(screen.getByTestId("activity-status")).toHaveTextContent("已开展");
  });

  // Day: the tests' day, 5 December 2026; the activity is planned for the 9th.
  it("everything recorded, still 标记为已开展 waits for the activity day and says so", async () => {
    const b = installFakeBackend();
    const detail = recorded(b, ["学了", "练了", "谈了"]);
    expect(detail.activity.date).toBe("2026-12-09");
    everyonePresent(b, detail);
    openEditor(
      b.activities.handle("activity_detail", { id: detail.activity.id }) as ActivityDetail,
    );
    expect(await screen.findByTestId("held-not-yet")).toHaveTextContent(
      "活动日 12月9日 还没到，到那天才能标记为已开展",
    );
    expect(screen.getByTestId("activity-mark-held")).toBeDisabled();
    // The core refuses it too (the fake as the core): its message names the day.
    expect(() =>
      b.activities.handle("change_status", { id: detail.activity.id, status: { state: "held" } }),
    ).toThrow();
  });

  // Day: 20 December 2026, after the activity day (the 9th).
  it("a held activity is set back with a reason, kept in its history", async () => {
    setAppToday("2026-12-20");
    const b = installFakeBackend();
    const detail = recorded(b, ["学了", "练了", "谈了"]);
    const id = detail.activity.id;
    everyonePresent(b, detail);
    const held = b.activities.handle("change_status", {
      id,
      status: { state: "held" },
    }) as ActivityDetail;
    openEditor(held);
    fireEvent.click(screen.getByTestId("activity-set-back"));
    expect(await screen.findByTestId("set-back-explained")).toHaveTextContent("计划中");
    fireEvent.click(screen.getByTestId("status-save"));
    expect(await screen.findByText("请填写原因")).toBeInTheDocument();
    expect(callsOf(b, "set_back_held")).toHaveLength(0);
    fireEvent.change(screen.getByTestId("status-reason"), {
      target: { value: "误点了已开展" },
    });
    fireEvent.click(screen.getByTestId("status-save"));
    await waitFor(() =>
      expect(callsOf(b, "set_back_held")[0]?.args).toEqual({ id, reason: "误点了已开展" }),
    );
    expect(await screen.findByTestId("activity-status")).toHaveTextContent("计划中");
    const history = screen.getByTestId("activity-audit");
    expect(history).toHaveTextContent("退回原因");
    expect(history).toHaveTextContent("误点了已开展");
    expect(screen.getByTestId("activity-mark-held")).toBeEnabled();
  });

  // Day: 9 December 2026, the activity day.
  it("if the server says notReadyToHold, the missing items are listed", async () => {
    setAppToday("2026-12-09");
    const b = installFakeBackend();
    const detail = recorded(b, ["a", "b", "c"]);
    everyonePresent(b, detail);
    const ready = b.activities.handle("activity_detail", {
      id: detail.activity.id,
    }) as ActivityDetail;
    // Someone else cleared step 3 meanwhile: the server refuses and reports it.
    mockIPC((cmd, args) => {
      if (cmd === "change_status") throw { code: "notReadyToHold", message: "", fields: [] };
      if (cmd === "activity_detail") return { ...ready, missing: ["interactiveImprovementRecord"] };
      return b.activities.handle(cmd, (args ?? {}) as Record<string, unknown>);
    });
    openEditor(ready);
    fireEvent.click(screen.getByTestId("activity-mark-held"));
    const alert = await screen.findByTestId("held-not-ready");
    expect(alert).toHaveTextContent("还不能标记为已开展");
    expect(alert).toHaveTextContent("第三步 互动提高的记录");
  });

  /** A recorded activity of this month with attendance, postponed (by the fake) to `to`. */
  const postponedTo = (b: Backend, to: string) => {
    const detail = recorded(b, ["学了", "练了", "谈了"]);
    const id = detail.activity.id;
    everyonePresent(b, detail);
    return b.activities.handle("change_status", {
      id,
      status: { state: "postponed", newDate: to, reason: "下雨" },
    }) as ActivityDetail;
  };

  const heldOnInput = () => screen.getByTestId("status-held-on") as HTMLInputElement;

  // Day: 20 December 2026 (the test's own), after the day postponed to.
  it("a postponed activity is held on the day asked: by default the day it was postponed to", async () => {
    setAppToday("2026-12-20");
    const b = installFakeBackend();
    const detail = postponedTo(b, "2026-12-12");
    expect(detail.activity.date).toBe("2026-12-09");
    openEditor(detail);
    fireEvent.click(screen.getByTestId("activity-mark-held"));
    expect(await screen.findByText("开展日期")).toBeInTheDocument();
    await waitFor(() => expect(heldOnInput()).toHaveValue("2026-12-12"));
    expect(callsOf(b, "change_status")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("status-save"));
    await waitFor(() =>
      expect(callsOf(b, "change_status")[0]?.args).toEqual({
        id: detail.activity.id,
        status: { state: "held" },
        heldOn: "2026-12-12",
      }),
    );
    expect(await screen.findByTestId("status-note")).toHaveTextContent(
      "延期后于 12月12日 开展（原定 12月9日）",
    );
    expect(screen.getByTestId("activity-status")).toHaveTextContent("已开展");
    expect(screen.getByTestId("activity-date")).toBeDisabled();
  });

  // Day: 20 December 2026.
  it("another day typed in is the one sent", async () => {
    setAppToday("2026-12-20");
    const b = installFakeBackend();
    const detail = postponedTo(b, "2026-12-12");
    openEditor(detail);
    fireEvent.click(screen.getByTestId("activity-mark-held"));
    const input = await screen.findByTestId("status-held-on");
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: "2026-12-15" } });
    fireEvent.keyDown(input, { key: "Enter", code: "Enter" });
    await waitFor(() => expect(heldOnInput()).toHaveValue("2026-12-15"));
    fireEvent.click(screen.getByTestId("status-save"));
    await waitFor(() =>
      expect(callsOf(b, "change_status")[0]?.args).toMatchObject({
        status: { state: "held" },
        heldOn: "2026-12-15",
      }),
    );
    expect(b.activities.activities[0].heldOn).toBe("2026-12-15");
  });

  // Day: 10 December 2026 — the day postponed to (the 12th) has not come: the core says so.
  it("a held day the core refuses is explained next to the field, in Chinese", async () => {
    setAppToday("2026-12-10");
    const b = installFakeBackend();
    const detail = postponedTo(b, "2026-12-12");
    mockIPC((cmd, args) => {
      if (cmd === "change_status")
        throw { code: "invalid", message: "", fields: [{ field: "heldOn", rule: "future" }] };
      return b.activities.handle(cmd, (args ?? {}) as Record<string, unknown>);
    });
    openEditor(detail);
    fireEvent.click(screen.getByTestId("activity-mark-held"));
    await waitFor(() => expect(heldOnInput()).toHaveValue("2026-12-10"));
    fireEvent.click(screen.getByTestId("status-save"));
    expect(await screen.findByText("开展日期不能晚于今天")).toBeInTheDocument();
    expect(screen.getByTestId("activity-status")).toHaveTextContent("已延期");
  });

  // Day: the tests' day, 5 December 2026; the activity is planned for the 9th.
  it("postponing sends the new date picked and the reason", async () => {
    const b = installFakeBackend();
    const detail = recorded(b, ["", "", ""]);
    openEditor(detail);
    fireEvent.click(screen.getByTestId("activity-postpone"));
    const input = await screen.findByTestId("status-new-date");
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: "2026-12-16" } });
    fireEvent.keyDown(input, { key: "Enter", code: "Enter" });
    await waitFor(() => expect(input).toHaveValue("2026-12-16"));
    fireEvent.change(screen.getByTestId("status-reason"), { target: { value: " 主讲人有事 " } });
    fireEvent.click(screen.getByTestId("status-save"));
    await waitFor(() =>
      expect(callsOf(b, "change_status")[0]?.args).toEqual({
        id: detail.activity.id,
        status: { state: "postponed", newDate: "2026-12-16", reason: "主讲人有事" },
        heldOn: null,
      }),
    );
    expect(await screen.findByTestId("status-note")).toHaveTextContent(
      "延期到 12月16日：主讲人有事",
    );
  });

  it("postponing needs a reason and sends the new date after the original one", async () => {
    const b = installFakeBackend();
    const detail = recorded(b, ["", "", ""]);
    openEditor(detail);
    fireEvent.click(screen.getByTestId("activity-postpone"));
    fireEvent.click(await screen.findByTestId("status-save"));
    expect(await screen.findByText("请填写原因")).toBeInTheDocument();
    expect(await screen.findByText("请选择新日期")).toBeInTheDocument();
    expect(callsOf(b, "change_status")).toHaveLength(0);
  });
});

describe("attendance", () => {
  const setup = () => {
    const b = installFakeBackend();
    const detail = recorded(b, ["", "", ""]);
    openEditor(detail);
    fireEvent.click(screen.getByTestId("tab-attendance"));
    return { b, detail };
  };

  it("all present, then two absences with reasons: one entry per member and the residents", async () => {
    const { b, detail } = setup();
    expect(detail.roll.map((m) => m.memberId)).toEqual(["m1", "m2", "m3"]);
    fireEvent.click(await screen.findByTestId("attendance-all-present"));
    fireEvent.click(screen.getByTestId("attendance-present-m2"));
    fireEvent.click(screen.getByTestId("attendance-present-m3"));
    await pick("attendance-reason-m2", "外出务工");
    await pick("attendance-reason-m3", "生病");
    fireEvent.change(screen.getByTestId("attendance-residents"), { target: { value: "12" } });
    fireEvent.click(screen.getByTestId("attendance-save"));
    await waitFor(() => expect(callsOf(b, "set_attendance")).toHaveLength(1));
    expect(callsOf(b, "set_attendance")[0].args).toEqual({
      id: detail.activity.id,
      residentsPresent: 12,
      entries: [
        { memberId: "m1", present: true, absenceReason: null, note: "" },
        { memberId: "m2", present: false, absenceReason: "migrantWork", note: "" },
        { memberId: "m3", present: false, absenceReason: "illness", note: "" },
      ],
    });
    await waitFor(() =>
      expect(screen.getByTestId("attendance-rate")).toHaveTextContent("出席率 33%（1/3）"),
    );
  });

  it("an absence without a reason is refused before sending", async () => {
    const { b } = setup();
    fireEvent.click(await screen.findByTestId("attendance-all-present"));
    fireEvent.click(screen.getByTestId("attendance-present-m3"));
    fireEvent.click(screen.getByTestId("attendance-save"));
    expect(
      await within(screen.getByTestId("attendance-row-m3")).findByText("缺席须选择原因"),
    ).toBeInTheDocument();
    expect(callsOf(b, "set_attendance")).toHaveLength(0);
  });

  it("members not marked at all are refused too", async () => {
    const { b } = setup();
    fireEvent.click(await screen.findByTestId("attendance-save"));
    expect(await screen.findByText("还有 3 名党员未登记出席情况")).toBeInTheDocument();
    expect(callsOf(b, "set_attendance")).toHaveLength(0);
  });
});

describe("ledgers", () => {
  it("a suggestion added in the editor is sent with the activity's id", async () => {
    const b = installFakeBackend();
    const detail = recorded(b, ["", "", ""]);
    openEditor(detail);
    fireEvent.click(screen.getByTestId("tab-ledger"));
    fireEvent.click(await screen.findByTestId("suggestion-add"));
    fireEvent.change(await screen.findByTestId("suggestion-text"), {
      target: { value: "希望统一采购防虫网" },
    });
    fireEvent.click(screen.getByTestId("suggestion-source-resident"));
    fireEvent.change(screen.getByTestId("suggestion-source-name"), { target: { value: "张大娘" } });
    fireEvent.click(screen.getByTestId("suggestion-save"));
    await waitFor(() => expect(callsOf(b, "save_suggestion")).toHaveLength(1));
    expect(callsOf(b, "save_suggestion")[0].args.suggestion).toEqual({
      id: "",
      branchId: "b1",
      activityId: detail.activity.id,
      text: "希望统一采购防虫网",
      source: "resident",
      sourceName: "张大娘",
      receivedOn: TODAY,
      category: "",
      status: "received",
      response: "",
    });
    const list = await screen.findByTestId("suggestion-list");
    expect(await within(list).findByText("希望统一采购防虫网")).toBeInTheDocument();
  });

  it("a problem added in the editor is linked to the activity", async () => {
    const b = installFakeBackend();
    const detail = recorded(b, ["", "", ""]);
    openEditor(detail);
    fireEvent.click(screen.getByTestId("tab-ledger"));
    fireEvent.click(await screen.findByTestId("problem-add"));
    fireEvent.change(await screen.findByTestId("problem-person"), { target: { value: "赵二嫂" } });
    fireEvent.change(screen.getByTestId("problem-description"), {
      target: { value: "卷帘机坏了" },
    });
    fireEvent.click(screen.getByTestId("problem-save"));
    await waitFor(() => expect(callsOf(b, "save_problem")).toHaveLength(1));
    expect(callsOf(b, "save_problem")[0].args.problem).toMatchObject({
      id: "",
      activityId: detail.activity.id,
      person: "赵二嫂",
      description: "卷帘机坏了",
      raisedOn: TODAY,
      status: "open",
      solvedOn: null,
    });
  });

  const seedLedger = (b: Backend) => {
    const s = b.activities.handle("save_suggestion", {
      suggestion: {
        id: "",
        branchId: "b1",
        activityId: null,
        text: "多办技术培训",
        source: "member",
        sourceName: "",
        receivedOn: TODAY,
        category: "",
        status: "received",
        response: "",
      },
    }) as Suggestion;
    const p = b.activities.handle("save_problem", {
      problem: {
        id: "",
        branchId: "b1",
        activityId: null,
        person: "孙老汉",
        description: "苹果滞销",
        raisedOn: TODAY,
        help: "",
        status: "open",
        solvedOn: null,
      },
    }) as Problem;
    return { s, p };
  };

  it("answering a suggestion requires a response; only forward statuses are offered", async () => {
    const b = installFakeBackend();
    const { s } = seedLedger(b);
    renderWithApp(<BranchLedger branchId="b1" />);
    fireEvent.click(await screen.findByTestId(`suggestion-handle-${s.id}`));
    const group = await screen.findByTestId("suggestion-status");
    expect(
      within(group)
        .getAllByRole("radio")
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(["answered", "adopted", "passedUp"]);
    fireEvent.click(screen.getByTestId("suggestion-handle-save"));
    expect(await screen.findByText("答复或采纳时须填写处理情况")).toBeInTheDocument();
    expect(callsOf(b, "save_suggestion")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("suggestion-response"), {
      target: { value: "已列入明年学习计划" },
    });
    fireEvent.click(screen.getByTestId("suggestion-handle-save"));
    await waitFor(() => expect(callsOf(b, "save_suggestion")).toHaveLength(1));
    expect(callsOf(b, "save_suggestion")[0].args.suggestion).toMatchObject({
      id: s.id,
      status: "answered",
      response: "已列入明年学习计划",
    });
    // Answered is no longer open: the default filter hides it; 全部 shows it with its tag.
    await waitFor(() => expect(screen.queryByText("多办技术培训")).toBeNull());
    fireEvent.click(screen.getByText("全部"));
    await waitFor(() =>
      expect(screen.getByTestId(`suggestion-state-${s.id}`)).toHaveTextContent("已答复"),
    );
  });

  it("passing a suggestion up needs no response", async () => {
    const b = installFakeBackend();
    const { s } = seedLedger(b);
    renderWithApp(<BranchLedger branchId="b1" />);
    fireEvent.click(await screen.findByTestId(`suggestion-handle-${s.id}`));
    fireEvent.click(await screen.findByTestId("suggestion-status-passedUp"));
    fireEvent.click(screen.getByTestId("suggestion-handle-save"));
    await waitFor(() =>
      expect(callsOf(b, "save_suggestion")[0]?.args.suggestion).toMatchObject({
        status: "passedUp",
        response: "",
      }),
    );
  });

  it("a problem is marked solved only with how the branch helped and the date", async () => {
    const b = installFakeBackend();
    const { p } = seedLedger(b);
    renderWithApp(<BranchLedger branchId="b1" />);
    fireEvent.click(await screen.findByTestId(`problem-solve-${p.id}`));
    fireEvent.click(await screen.findByTestId("problem-solve-save"));
    expect(await screen.findByText("标记已解决须填写帮助措施")).toBeInTheDocument();
    expect(callsOf(b, "save_problem")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("problem-help"), {
      target: { value: "党员联系超市收购" },
    });
    fireEvent.click(screen.getByTestId("problem-solve-save"));
    await waitFor(() => expect(callsOf(b, "save_problem")).toHaveLength(1));
    expect(callsOf(b, "save_problem")[0].args.problem).toMatchObject({
      id: p.id,
      status: "solved",
      help: "党员联系超市收购",
      solvedOn: TODAY,
    });
  });

  it("a solved problem offers no more actions; a passed-up one can still be solved", async () => {
    const b = installFakeBackend();
    const { p } = seedLedger(b);
    renderWithApp(<BranchLedger branchId="b1" />);
    fireEvent.click(await screen.findByTestId(`problem-pass-up-${p.id}`));
    fireEvent.click(await screen.findByRole("button", { name: /确\s*定/ }));
    await waitFor(() =>
      expect(callsOf(b, "save_problem")[0]?.args.problem).toMatchObject({ status: "passedUp" }),
    );
    fireEvent.click(screen.getByText("全部"));
    await waitFor(() =>
      expect(screen.getByTestId(`problem-state-${p.id}`)).toHaveTextContent("已上报社区"),
    );
    expect(screen.getByTestId(`problem-solve-${p.id}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`problem-pass-up-${p.id}`)).toBeNull();
  });
});
