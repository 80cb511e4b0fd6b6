// 定时间 through the real window: a branch's year view, changing its weekday with the advisor,
// and the community month view.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, withDemoApp } from "./harness.mjs";

const BRANCH = "蔬菜种植服务型党支部";
const app = withDemoApp();

const iso = (d) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** The activity day of `month` (1-12) in the year view: the cell marked as held there. */
async function activityDayOf(browser, year, month) {
  for (let day = 1; day <= 31; day++) {
    const date = new Date(year, month - 1, day);
    if (date.getMonth() !== month - 1) break;
    const cell = await byTestId(browser, `day-${iso(date)}`);
    if (!(await cell.isExisting())) continue;
    const kind = await cell.getAttribute("data-kind");
    if (["activity", "moved", "manual", "conflict"].includes(kind)) return { date, kind };
  }
  return null;
}

async function openBranchCalendar(browser) {
  const register = await byTestId(browser, "menu-register");
  await register.waitForDisplayed({ timeout: 20_000 });
  await register.click();
  const node = await browser.$(`//span[contains(@class,"ant-tree-title")]//*[contains(text(),"${BRANCH}")]`);
  await node.waitForDisplayed({ timeout: 20_000 });
  await node.click();
  await (await byTestId(browser, "menu-calendar")).click();
  await (await byTestId(browser, "activity-list")).waitForDisplayed({ timeout: 20_000 });
}

test("setting a branch's weekday updates its year view", async () => {
  const browser = await openApp(app.db);
  try {
    await openBranchCalendar(browser);
    const now = new Date();
    const year = now.getFullYear();
    const month = now.getMonth() + 1;
    const rule = await (await byTestId(browser, "week-rule")).getText();
    assert.ok(rule.includes("每月8日至14日"), `the rule is shown: ${rule}`);
    const before = await activityDayOf(browser, year, month);
    assert.ok(before, "the demo branch has an activity day this month");
    assert.equal(before.date.getDay(), 2, "the demo branch meets on Tuesdays");
    await browser.saveScreenshot(path.join(artifacts, "calendar-year-zh.png"));

    // The advisor row sets the weekday; the plan takes effect from this month (the default).
    // WebKit's driver clicks cells, not table rows.
    await (await browser.$('[data-testid="advice-fri"] td')).click();
    await (await byTestId(browser, "plan-save")).click();
    await browser.waitUntil(
      async () => {
        const now = await activityDayOf(browser, year, month);
        return now && iso(now.date) !== iso(before.date);
      },
      { timeout: 10_000, timeoutMsg: "the year view did not move this month's activity day" },
    );
    const after = await activityDayOf(browser, year, month);
    if (after.kind === "activity") assert.equal(after.date.getDay(), 5, "now a Friday");
    const history = await (await byTestId(browser, "plan-history")).getText();
    assert.ok(history.includes("周五"), `the plan history lists the new weekday: ${history}`);
    if (month > 1) {
      const earlier = await activityDayOf(browser, year, month - 1);
      assert.equal(earlier.date.getDay() === 2 || earlier.kind !== "activity", true, "earlier months keep Tuesdays");
    }
    await browser.saveScreenshot(path.join(artifacts, "calendar-year-after-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});

test("the community month view shows every branch's day", async () => {
  const browser = await openApp(app.db);
  try {
    const scope = await byTestId(browser, "menu-calendar");
    await scope.waitForDisplayed({ timeout: 20_000 });
    await (await byTestId(browser, "menu-register")).click();
    const node = await browser.$(`//span[contains(@class,"ant-tree-title")][contains(.,"杏花社区")]`);
    await node.waitForDisplayed({ timeout: 20_000 });
    await node.click();
    await scope.click();
    const legend = await byTestId(browser, "branch-legend");
    await legend.waitForDisplayed({ timeout: 20_000 });
    const text = await legend.getText();
    for (const name of ["蔬菜", "农机"]) assert.ok(text.includes(name), `legend lists ${name}: ${text}`);
    const chips = await browser.$$('[data-testid^="chip-"]');
    assert.ok(chips.length >= 4, `four branches' days appear in the month (${chips.length})`);
    await browser.saveScreenshot(path.join(artifacts, "calendar-community-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});
