// 定规范 reuse through the real window: the community committee sets next March's study topic,
// hands it out to all its branches, and a branch finds its March plan made from it; the plan
// can then take the rest from one of the branch's earlier activities.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, todayDate, withDemoApp } from "./harness.mjs";

const COMMUNITY = "杏花社区";
const TOPIC = "春季果树修剪与病虫害防治";
// The demo has held activities in every month before this one; next year's March is still open.
const YEAR = todayDate().getFullYear() + 1;
const app = withDemoApp();

async function click(browser, id) {
  const el = await byTestId(browser, id);
  await el.waitForClickable({ timeout: 15_000 });
  await el.click();
}

async function type(browser, id, text) {
  const el = await byTestId(browser, id);
  await el.waitForDisplayed({ timeout: 15_000 });
  await el.setValue(text);
}

/** The text of an element looked up afresh (lists and alerts are replaced when data loads). */
async function textOf(browser, id) {
  try {
    const el = await byTestId(browser, id);
    return (await el.isExisting()) ? await el.getText() : "";
  } catch {
    return "";
  }
}

test("a committee hands next March's topic to its branches", async () => {
  const browser = await openApp(app.db);
  try {
    await click(browser, "menu-register");
    const node = await browser.$(`//span[contains(@class,"ant-tree-title")][contains(.,"${COMMUNITY}")]`);
    await node.waitForDisplayed({ timeout: 20_000 });
    await node.click();
    await click(browser, "menu-activities");

    const card = await byTestId(browser, "study-plan");
    await card.waitForDisplayed({ timeout: 20_000 });
    await click(browser, "year-next");
    await browser.waitUntil(async () => (await textOf(browser, "study-plan-empty")).includes(`${YEAR}年还没有学习计划`), {
      timeout: 15_000,
      timeoutMsg: "next year starts without a plan, and says what to do",
    });
    await card.scrollIntoView({ block: "start" });
    await browser.saveScreenshot(path.join(artifacts, "study-plan-empty-zh.png"));

    await click(browser, "study-edit-3");
    await type(browser, "study-topic", TOPIC);
    await (await browser.$('[data-testid="study-kinds"] .ant-checkbox-wrapper')).click();
    await type(browser, "study-theory", "学习乡村振兴有关文件中关于林果产业的要求");
    await type(browser, "study-practice", "到示范果园现场教学春季修剪");
    await type(browser, "study-exchange", "交流各家果园去年病虫害防治的经验");
    await browser.saveScreenshot(path.join(artifacts, "study-plan-edit-zh.png"));
    await click(browser, "study-save");
    await browser.waitUntil(async () => (await textOf(browser, "study-topic-3")).includes(TOPIC), {
      timeout: 15_000,
      timeoutMsg: "March shows the saved topic",
    });
    // Let the modal's closing animation finish before the picture.
    await browser.pause(600);
    await browser.saveScreenshot(path.join(artifacts, "study-plan-card-zh.png"));

    await click(browser, "study-handout-3");
    await (await byTestId(browser, "study-handout-ok")).waitForClickable({ timeout: 15_000 });
    await browser.saveScreenshot(path.join(artifacts, "study-plan-handout-confirm-zh.png"));
    await click(browser, "study-handout-ok");
    const report = await byTestId(browser, "study-report");
    await report.waitForDisplayed({ timeout: 20_000 });
    const created = await (await byTestId(browser, "study-report-created")).getText();
    assert.ok(created.includes("新建计划"), `branches got a new March plan: ${created}`);
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, "study-plan-handout-zh.png"));
    await click(browser, "study-report-close");

    // A branch of the community: its March plan carries the committee's topic.
    const first = (await browser.$$('[data-testid^="choose-branch-"]'))[0];
    const branchName = await (await first.$("a")).getText();
    assert.ok(created.includes(branchName), `${branchName} is among the new plans: ${created}`);
    await first.click();
    await click(browser, "year-next");
    await browser.waitUntil(async () => (await textOf(browser, "activity-list")).includes(TOPIC), {
      timeout: 15_000,
      timeoutMsg: "the branch's list shows the handed-out topic",
    });
    await browser.saveScreenshot(path.join(artifacts, "study-plan-branch-list-zh.png"));

    // Open it: the committee's contents are in the steps; copy the rest from an earlier activity.
    const row = await browser.$(`//tr[contains(@data-testid,"activity-row-")][contains(.,"${TOPIC}")]`);
    await (await row.$("a")).click();
    const theory = await byTestId(browser, "step-theoryStudy-plan");
    await theory.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await theory.getValue(), "学习乡村振兴有关文件中关于林果产业的要求");
    assert.equal(await (await byTestId(browser, "activity-leader")).getValue(), "");
    await click(browser, "copy-plan");
    const sources = await byTestId(browser, "copy-plan-list");
    await sources.waitForDisplayed({ timeout: 15_000 });
    let source;
    await browser.waitUntil(
      async () => {
        source = (await browser.$$('[data-testid^="copy-source-"]'))[0];
        return source !== undefined;
      },
      { timeout: 15_000, timeoutMsg: "the branch's earlier activities are listed" },
    );
    await browser.saveScreenshot(path.join(artifacts, "copy-plan-list-zh.png"));
    await (await source.$("a")).click();
    const notice = await browser.$(`//*[contains(@class,"ant-message")]//*[contains(.,"复制计划")]`);
    await notice.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await theory.getValue(), "学习乡村振兴有关文件中关于林果产业的要求", "written content stays");
    assert.equal(await (await byTestId(browser, "activity-topic")).getValue(), TOPIC);
    const leader = await (await byTestId(browser, "activity-leader")).getValue();
    const minutes = await (await byTestId(browser, "step-theoryStudy-minutes")).getValue();
    assert.ok(leader !== "" || minutes !== "0", `empty fields took the earlier plan (${leader}, ${minutes})`);
    await browser.saveScreenshot(path.join(artifacts, "copy-plan-done-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});
