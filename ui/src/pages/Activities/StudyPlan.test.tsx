import { invoke } from "@tauri-apps/api/core";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ActivityDetail } from "../../bindings/ActivityDetail";
import type { ActivityDraft } from "../../bindings/ActivityDraft";
import type { StudyPlan } from "../../bindings/StudyPlan";
import type { StudyTopic } from "../../bindings/StudyTopic";
import { emptyStep, STEPS } from "../../lib/activity";
import { appToday } from "../../lib/today";
import { type Backend, installFakeBackend } from "../../test/fakeBackend";
import { findEnabled, renderWithApp } from "../../test/render";
import { ActivityEditor } from "./ActivityEditor";
import { StudyPlanCard } from "./StudyPlanCard";

const YEAR = appToday().year();
const MONTH = appToday().month() + 1;

const callsOf = (b: Backend, cmd: string) => b.calls.filter((c) => c.cmd === cmd);

const january: StudyTopic = {
  month: 1,
  topic: "学习中央一号文件",
  kinds: ["studyTraining"],
  theory: "一号文件全文",
  practice: "",
  exchange: "谈今年的打算",
};

const seedPlan = (b: Backend, topics: StudyTopic[]) => {
  b.activities.handle("save_study_plan", { plan: { communityId: "c1", year: YEAR, topics } });
};

/** The form item (label, control and its error) that holds a control. */
const itemOf = (testId: string) =>
  screen.getByTestId(testId).closest(".ant-form-item") as HTMLElement;

describe("annual study plan", () => {
  it("explains itself when the year has no plan yet", async () => {
    installFakeBackend();
    renderWithApp(<StudyPlanCard communityId="c1" />);
    await waitFor(() =>
      expect(screen.getByTestId("study-plan-empty")).toHaveTextContent(`${YEAR}年还没有学习计划`),
    );
    expect(screen.getAllByText("未定主题")).toHaveLength(12);
  });

  it("editing March sends the whole year with March added; clearing a month removes it", async () => {
    const b = installFakeBackend();
    seedPlan(b, [january]);
    renderWithApp(<StudyPlanCard communityId="c1" />);
    await waitFor(() =>
      expect(screen.getByTestId("study-topic-1")).toHaveTextContent("学习中央一号文件"),
    );

    fireEvent.click(await findEnabled("study-edit-3"));
    fireEvent.change(await screen.findByTestId("study-topic"), {
      target: { value: " 春季果树管理 " },
    });
    const kinds = screen.getByTestId("study-kinds");
    fireEvent.click(within(kinds).getByRole("checkbox", { name: "现场观摩" }));
    fireEvent.click(within(kinds).getByRole("checkbox", { name: "技术讲座" }));
    fireEvent.change(screen.getByTestId("study-theory"), { target: { value: "学习果树修剪要点" } });
    fireEvent.change(screen.getByTestId("study-practice"), { target: { value: "果园现场修剪" } });
    fireEvent.click(screen.getByTestId("study-save"));

    await waitFor(() => expect(callsOf(b, "save_study_plan")).toHaveLength(1));
    expect(callsOf(b, "save_study_plan")[0].args.plan).toEqual({
      communityId: "c1",
      year: YEAR,
      topics: [
        january,
        {
          month: 3,
          topic: "春季果树管理",
          kinds: ["technicalLecture", "onSiteObservation"],
          theory: "学习果树修剪要点",
          practice: "果园现场修剪",
          exchange: "",
        },
      ],
    });
    const march = await screen.findByTestId("study-topic-3");
    expect(march).toHaveTextContent("春季果树管理");
    expect(march).toHaveTextContent("技术讲座");

    fireEvent.click(screen.getByTestId("study-edit-1"));
    fireEvent.click(await screen.findByTestId("study-clear"));
    fireEvent.click(await screen.findByTestId("study-clear-ok"));
    await waitFor(() => expect(callsOf(b, "save_study_plan")).toHaveLength(2));
    expect(
      (callsOf(b, "save_study_plan")[1].args.plan as StudyPlan).topics.map((t) => t.month),
    ).toEqual([3]);
    await waitFor(() => expect(screen.queryByTestId("study-topic-1")).toBeNull());
  });

  it("a month without a topic is refused before sending; a too long step shows at its field", async () => {
    const b = installFakeBackend();
    seedPlan(b, [january]);
    renderWithApp(<StudyPlanCard communityId="c1" />);
    fireEvent.click(await findEnabled("study-edit-5"));
    fireEvent.click(await screen.findByTestId("study-save"));
    expect(
      await within(itemOf("study-topic")).findByText("请填写本月学习主题"),
    ).toBeInTheDocument();
    expect(callsOf(b, "save_study_plan")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("study-topic"), { target: { value: "防汛知识" } });
    fireEvent.change(screen.getByTestId("study-exchange"), { target: { value: "长".repeat(501) } });
    fireEvent.click(screen.getByTestId("study-save"));
    // The core names the row (`topics.1.exchange`): May is the second row of the year.
    await waitFor(() => expect(callsOf(b, "save_study_plan")).toHaveLength(1));
    expect(
      await within(itemOf("study-exchange")).findByText("第三步的内容不能超过 500 字"),
    ).toBeInTheDocument();
    expect(screen.queryByText("第一步的内容不能超过 500 字")).toBeNull();
    expect(screen.getByTestId("study-form")).toBeInTheDocument();
  });

  it("handing out a month asks first, then reports branch by branch", async () => {
    const b = installFakeBackend();
    seedPlan(b, [{ ...january, month: MONTH, topic: "冬季大棚管理" }]);
    // 蔬菜种植党支部 has already planned this month with its own topic and nothing else.
    const own = b.activities.handle("draft_for_day", {
      branchId: "b1",
      year: YEAR,
      month: MONTH,
    }) as ActivityDraft;
    const planned = b.activities.handle("plan_activity", {
      draft: { ...own, topic: "本支部自定主题", kinds: ["experienceExchange"] },
    }) as ActivityDetail;
    renderWithApp(<StudyPlanCard communityId="c1" />);

    fireEvent.click(await screen.findByTestId(`study-handout-${MONTH}`));
    expect(await screen.findByText(/已经写好的一个字也不改/)).toBeInTheDocument();
    expect(callsOf(b, "hand_out_study_topic")).toHaveLength(0);
    fireEvent.click(screen.getByTestId("study-handout-ok"));

    const report = await screen.findByTestId("study-report");
    expect(callsOf(b, "hand_out_study_topic")[0].args).toEqual({
      communityId: "c1",
      year: YEAR,
      month: MONTH,
    });
    expect(within(report).getByTestId("study-report-created")).toHaveTextContent(
      "新建计划（1个支部）：农机服务党支部",
    );
    expect(within(report).getByTestId("study-report-filled")).toHaveTextContent(
      "补充了空白内容（1个支部）：蔬菜种植党支部",
    );
    expect(within(report).queryByTestId("study-report-kept")).toBeNull();
    // The branch's own topic stayed; the empty step 1 took the committee's content.
    const b1 = b.activities.activities.find((a) => a.id === planned.activity.id);
    expect(b1?.topic).toBe("本支部自定主题");
    expect(b1?.steps.find((s) => s.step === "theoryStudy")?.entry.planContent).toBe("一号文件全文");
  });

  it("a branch without an activity day is listed with what to do", async () => {
    const b = installFakeBackend();
    seedPlan(b, [{ ...january, month: MONTH }]);
    await invoke("delete_day_plan", { branchId: "b2", effectiveFrom: "2020-01" });
    renderWithApp(<StudyPlanCard communityId="c1" />);
    fireEvent.click(await screen.findByTestId(`study-handout-${MONTH}`));
    fireEvent.click(await screen.findByTestId("study-handout-ok"));
    const noDay = await screen.findByTestId("study-report-noDay");
    expect(noDay).toHaveTextContent("未定活动日（1个支部）：农机服务党支部");
    expect(noDay).toHaveTextContent("请先在活动日历为这些支部设置固定活动日");
  });
});

describe("copy a plan from an earlier activity", () => {
  it("fills only the empty fields of the form and says so", async () => {
    const b = installFakeBackend();
    // Last year's activity of this month: a full plan.
    const old = b.activities.handle("draft_for_day", {
      branchId: "b1",
      year: YEAR - 1,
      month: MONTH,
    }) as ActivityDraft;
    const source = b.activities.handle("plan_activity", {
      draft: {
        ...old,
        topic: "去年的大棚保温培训",
        kinds: ["technicalLecture"],
        leader: "刘技术员",
        venue: "去年的地点",
        steps: STEPS.map((step, i) => ({
          step,
          entry: {
            ...emptyStep(),
            planContent: ["学习保温政策", "大棚现场教学", "交流保温经验"][i],
            planMinutes: 30,
            recordDone: "去年的记录",
          },
        })),
      },
    }) as ActivityDetail;
    const draft = b.activities.handle("draft_for_day", {
      branchId: "b1",
      year: YEAR,
      month: MONTH,
    }) as ActivityDraft;
    renderWithApp(<ActivityEditor start={{ kind: "new", draft }} onBack={() => {}} />);
    fireEvent.change(screen.getByTestId("activity-topic"), { target: { value: "今年自己的主题" } });
    fireEvent.change(screen.getByTestId("step-practicalTraining-plan"), {
      target: { value: "今年去合作社观摩" },
    });

    fireEvent.click(screen.getByTestId("copy-plan"));
    const row = await screen.findByTestId(`copy-source-${source.activity.id}`);
    expect(row).toHaveTextContent("去年的大棚保温培训");
    fireEvent.click(row);

    expect(
      await screen.findByText("已从“去年的大棚保温培训”复制计划，已填写的内容保持不变"),
    ).toBeInTheDocument();
    const sent = callsOf(b, "copy_plan_from")[0].args;
    expect(sent.sourceId).toBe(source.activity.id);
    expect((sent.draft as ActivityDraft).topic).toBe("今年自己的主题");
    // Written fields stay; empty ones take the earlier plan; records and venue are not copied.
    expect(screen.getByTestId("activity-topic")).toHaveValue("今年自己的主题");
    expect(screen.getByTestId("step-practicalTraining-plan")).toHaveValue("今年去合作社观摩");
    expect(screen.getByTestId("step-theoryStudy-plan")).toHaveValue("学习保温政策");
    expect(screen.getByTestId("step-interactiveImprovement-plan")).toHaveValue("交流保温经验");
    expect(screen.getByTestId("activity-leader")).toHaveValue("刘技术员");
    expect(
      within(screen.getByTestId("activity-kinds")).getByRole("checkbox", { name: "技术讲座" }),
    ).toBeChecked();
    expect(screen.getByTestId("activity-venue")).toHaveValue(draft.venue);
    expect(screen.getByTestId("step-theoryStudy-record")).toHaveValue("");

    // Saving sends the merged plan.
    fireEvent.click(screen.getByTestId("activity-save"));
    await waitFor(() => expect(callsOf(b, "plan_activity").length).toBeGreaterThan(0));
    const saved = callsOf(b, "plan_activity").at(-1)?.args.draft as ActivityDraft;
    expect(saved.topic).toBe("今年自己的主题");
    expect(saved.steps[0].entry.planContent).toBe("学习保温政策");
    expect(saved.steps[0].entry.planMinutes).toBe(30);
  });
});
