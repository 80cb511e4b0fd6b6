// 定规范 through the real window: plan this month's activity, record the three steps, take
// attendance with two absences, add a suggestion and a problem, mark it held, see the home.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, TODAY, withDemoApp } from "./harness.mjs";

const BRANCH = "蔬菜种植服务型党支部";
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

/** The demo branch chosen in 组织, then 活动记录 open on it. */
async function openBranchActivities(browser) {
  await click(browser, "menu-register");
  const node = await browser.$(`//span[contains(@class,"ant-tree-title")]//*[contains(text(),"${BRANCH}")]`);
  await node.waitForDisplayed({ timeout: 20_000 });
  await node.click();
  await click(browser, "menu-activities");
}

async function statusIs(browser, text, timeoutMsg) {
  await browser.waitUntil(async () => (await (await byTestId(browser, "activity-status")).getText()).includes(text), {
    timeout: 15_000,
    timeoutMsg,
  });
}

test("a secretary runs this month's activity in the real window", async () => {
  let browser = await openApp(app.db);
  try {
    await openBranchActivities(browser);
    await click(browser, "plan-this-month");

    await type(browser, "activity-topic", "冬季大棚保温技术培训");
    await (await browser.$('[data-testid="activity-kinds"] .ant-checkbox-wrapper')).click();
    for (const [step, plan, record] of [
      ["theoryStudy", "学习中央一号文件", "集中学习一号文件"],
      ["practicalTraining", "示范大棚现场教学", "讲解保温被使用，党员分组实操"],
      ["interactiveImprovement", "交流保温经验", "6名党员发言交流"],
    ]) {
      await type(browser, `step-${step}-plan`, plan);
      await type(browser, `step-${step}-record`, record);
    }
    await click(browser, "activity-save");
    const checklist = await byTestId(browser, "held-checklist");
    await browser.waitUntil(
      async () => (await (await byTestId(browser, "held-item-attendance")).getAttribute("data-state")) === "missing"
        && (await (await byTestId(browser, "held-item-theoryStudyRecord")).getAttribute("data-state")) === "done",
      { timeout: 15_000, timeoutMsg: "after saving, only attendance is missing" },
    );
    assert.ok(await checklist.isDisplayed());

    // Step 2 takes place at one of the branch's demonstration points: link it, the venue follows.
    const pointSelect = await byTestId(browser, "activity-point");
    await browser.waitUntil(async () => !(await pointSelect.getAttribute("class")).includes("disabled"), {
      timeout: 15_000,
      timeoutMsg: "the demonstration point choice did not open up after saving",
    });
    await pointSelect.click();
    let option;
    await browser.waitUntil(
      async () => {
        for (const candidate of await browser.$$(".ant-select-item-option")) {
          if (await candidate.isDisplayed()) option = candidate;
        }
        return option !== undefined;
      },
      { timeout: 10_000, timeoutMsg: "the branch's points are not offered" },
    );
    const pointName = String(await option.getProperty("textContent"));
    await option.click();
    await browser.waitUntil(
      async () => (await (await byTestId(browser, "activity-venue")).getValue()).includes(pointName),
      { timeout: 10_000, timeoutMsg: "the venue did not take the point's name" },
    );
    await click(browser, "activity-save");
    assert.equal(await (await byTestId(browser, "activity-mark-held")).isEnabled(), false, "not ready to hold yet");

    await click(browser, "tab-attendance");
    await click(browser, "attendance-all-present");
    const switches = await browser.$$('[data-testid^="attendance-present-"]');
    assert.ok(switches.length > 5, "the roll lists the branch's members");
    for (const sw of switches.slice(3, 5)) {
      const member = (await sw.getAttribute("data-testid")).replace("attendance-present-", "");
      await sw.scrollIntoView({ block: "center" });
      await sw.click();
      const select = await byTestId(browser, `attendance-reason-${member}`);
      await select.waitForDisplayed({ timeout: 10_000 });
      await select.click();
      // Closed dropdowns stay in the page (and one may still be closing): look the option up
      // afresh in the open dropdown on every try, and try again while its opening animation
      // does not yet let it take a click.
      const open = '//div[contains(@class,"ant-select-dropdown") and not(contains(@class,"ant-select-dropdown-hidden"))]';
      await browser.waitUntil(
        async () => {
          for (const candidate of await browser.$$(`${open}//div[contains(@class,"ant-select-item-option")][.//text()="外出务工"]`)) {
            try {
              if (await candidate.isDisplayed()) {
                await candidate.click();
                return true;
              }
            } catch {
              // Not clickable yet, or gone: the next try looks again.
            }
          }
          return false;
        },
        { timeout: 10_000, timeoutMsg: "the absence reason could not be picked" },
      );
    }
    await click(browser, "attendance-save");
    const expected = Math.round(((switches.length - 2) / switches.length) * 100);
    // The rate tag is replaced when the server answers: look it up afresh each time.
    await browser.waitUntil(async () => (await (await byTestId(browser, "attendance-rate")).getText()).includes(`${expected}%`), {
      timeout: 15_000,
      timeoutMsg: `expected an attendance rate of ${expected}%`,
    });
    await browser.saveScreenshot(path.join(artifacts, "activity-attendance-zh.png"));

    await click(browser, "tab-ledger");
    await click(browser, "suggestion-add");
    await type(browser, "suggestion-text", "希望统一采购保温被");
    await click(browser, "suggestion-save");
    await click(browser, "problem-add");
    await type(browser, "problem-person", "孙玉兰家");
    await type(browser, "problem-description", "大棚卷帘机故障");
    await click(browser, "problem-save");
    await browser.waitUntil(
      async () => (await (await byTestId(browser, "held-item-attendance")).getAttribute("data-state")) === "done",
      { timeout: 15_000, timeoutMsg: "attendance is done on the checklist" },
    );
    const activityId = await (await byTestId(browser, "activity-editor")).getAttribute("data-activity-id");
    const activityDay = await (await byTestId(browser, "activity-date")).getValue();
    assert.match(activityDay, /^\d{4}-\d{2}-\d{2}$/);
    if (activityDay > TODAY) {
      // Everything is recorded, but the day has not come: 标记为已开展 waits and says why.
      const notYet = await byTestId(browser, "held-not-yet");
      await notYet.waitForDisplayed({ timeout: 15_000 });
      const [, m, d] = activityDay.split("-").map(Number);
      assert.ok((await notYet.getText()).includes(`${m}月${d}日 还没到`), await notYet.getText());
      assert.equal(await (await byTestId(browser, "activity-mark-held")).isEnabled(), false);
      // The secretary comes back on the activity day itself.
      await browser.deleteSession();
      browser = await openApp(app.db, { today: activityDay });
      await openBranchActivities(browser);
      const row = await browser.$(`[data-testid="activity-row-${activityId}"] a`);
      await row.waitForClickable({ timeout: 15_000 });
      await row.click();
      await byTestId(browser, "activity-editor");
    }
    await click(browser, "activity-mark-held");
    await statusIs(browser, "已开展", "the activity is held");
    await browser.saveScreenshot(path.join(artifacts, "activity-held-zh.png"));

    // Marked held by mistake: set back with a reason, which the history keeps; then held again.
    await click(browser, "activity-set-back");
    await type(browser, "status-reason", "误点了已开展");
    await click(browser, "status-save");
    await statusIs(browser, "计划中", "the activity is set back to planned");
    await click(browser, "tab-plan");
    await browser.waitUntil(async () => (await (await byTestId(browser, "activity-audit")).getText()).includes("误点了已开展"), {
      timeout: 15_000,
      timeoutMsg: "the history keeps the reason for setting it back",
    });
    await click(browser, "activity-mark-held");
    await statusIs(browser, "已开展", "the activity is held again");

    // Photos as evidence. The native file dialog cannot be driven over WebDriver, so the page
    // sends the picked paths through the same IPC command the dialog's result goes to.
    const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "photos-")), "大棚现场.jpg");
    execFileSync("/usr/bin/convert", ["-size", "800x600", "plasma:green-yellow", photo]);
    const notPhoto = path.join(path.dirname(photo), "会议纪要.jpg");
    fs.writeFileSync(notPhoto, "这是文字，不是照片");
    const invoke = (paths) =>
      browser.executeAsync((activityId, paths, done) => {
        window.__TAURI_INTERNALS__
          .invoke("add_photos", { owner: { kind: "activity", activityId }, paths })
          .then((v) => done({ ok: v }), (e) => done({ err: e }));
      }, activityId, paths);
    const refused = await invoke([photo, notPhoto]);
    assert.equal(refused.err?.code, "notAnImage", JSON.stringify(refused));
    assert.equal(refused.err?.subject, "会议纪要.jpg");
    const added = await invoke([photo]);
    assert.equal(added.ok?.length, 1, "only the real photo, once: the refused batch stored nothing");
    fs.rmSync(path.dirname(photo), { recursive: true });
    await click(browser, "tab-photos");
    const thumb = await byTestId(browser, "photo-thumb");
    await thumb.waitForDisplayed({ timeout: 15_000 });
    assert.equal((await browser.$$('[data-testid="photo-tile"]')).length, 1);
    await browser.waitUntil(async () => (await thumb.getProperty("naturalWidth")) > 0, {
      timeout: 10_000,
      timeoutMsg: "the thumbnail (copied into the app's folder) did not load after the original was deleted",
    });
    // WebKit paints a decoded image a moment after it loads; the screenshot is for people.
    await browser.pause(800);
    await browser.saveScreenshot(path.join(artifacts, "activity-photos-zh.png"));
    await thumb.click();
    const full = await byTestId(browser, "photo-full");
    await full.waitForDisplayed({ timeout: 15_000 });
    await browser.waitUntil(async () => (await full.getProperty("naturalWidth")) === 800, {
      timeout: 10_000,
      timeoutMsg: "the full-size photo did not open",
    });
    await browser.pause(800);
    await browser.saveScreenshot(path.join(artifacts, "activity-photo-full-zh.png"));
    await browser.keys("Escape");

    await click(browser, "menu-home");
    const home = await byTestId(browser, "branch-home");
    await home.waitForDisplayed({ timeout: 15_000 });
    await browser.waitUntil(async () => (await (await byTestId(browser, "home-activity-topic")).getText()).includes("冬季大棚保温技术培训"), {
      timeout: 15_000,
      timeoutMsg: "the home shows this month's activity",
    });
    assert.ok((await (await byTestId(browser, "home-activity-status")).getText()).includes("已开展"));
    assert.ok((await (await byTestId(browser, "home-open-suggestions")).getText()).includes("1"));
    assert.ok((await (await byTestId(browser, "home-open-problems")).getText()).includes("1"));
    await browser.saveScreenshot(path.join(artifacts, "branch-home-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});
