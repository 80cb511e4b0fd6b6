// 定时间 through the real window: a branch's year view, changing its weekday with the advisor,
// a day moved out of a holiday break, a year whose holidays are not published yet, the holiday
// schedules in the settings, and the community month view.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, todayDate, waitNoMessages, withDemoApp } from "./harness.mjs";

const BRANCH = "蔬菜种植服务型党支部";
const app = withDemoApp();

const iso = (d) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** The date with weekday `weekday` (0 = Sunday) between the 8th and the 14th of a month. */
function fixedDay(year, month, weekday) {
  const eighth = new Date(year, month - 1, 8);
  return new Date(year, month - 1, 8 + ((weekday - eighth.getDay() + 7) % 7));
}

/** "11月13日": how the calendar writes a date. */
const label = (d) => `${d.getMonth() + 1}月${d.getDate()}日`;

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

/** The text of `month`'s row in the list of activity days under the year. */
async function listRow(browser, month) {
  const row = await browser.$(`[data-testid="activity-list"] tr[data-row-key="${month}"]`);
  await row.waitForExist({ timeout: 10_000, timeoutMsg: `no row for month ${month} in the list` });
  return row.getText();
}

async function openBranchCalendar(browser, branch = BRANCH) {
  const register = await byTestId(browser, "menu-register");
  await register.waitForDisplayed({ timeout: 20_000 });
  await register.click();
  const node = await browser.$(`//span[contains(@class,"ant-tree-title")]//*[contains(text(),"${branch}")]`);
  await node.waitForDisplayed({ timeout: 20_000 });
  await node.click();
  await (await byTestId(browser, "menu-calendar")).click();
  await (await byTestId(browser, "year-months")).waitForDisplayed({ timeout: 20_000 });
}

/** The year the branch view shows, from its ‹ 2026年 › switcher (absent while it loads). */
async function shownYear(browser) {
  const shown = await byTestId(browser, "year-label");
  if (!(await shown.isExisting())) return null;
  return Number.parseInt(await shown.getText(), 10);
}

/** Steps the branch view's year switcher one year and waits until that year has loaded. */
async function stepYear(browser, by) {
  const from = await shownYear(browser);
  await (await byTestId(browser, by < 0 ? "year-prev" : "year-next")).click();
  await browser.waitUntil(
    async () =>
      (await shownYear(browser)) === from + by && (await (await byTestId(browser, "year-months")).isDisplayed()),
    { timeout: 15_000, timeoutMsg: `the year view did not load ${from + by}` },
  );
}

async function showYear(browser, year) {
  for (let guard = 0; guard < 20 && (await shownYear(browser)) !== year; guard++) {
    await stepYear(browser, (await shownYear(browser)) < year ? 1 : -1);
  }
  assert.equal(await shownYear(browser), year, `the year view shows ${year}`);
}

/** Clicks an element again while an opening animation still refuses the click. */
async function clickWhenReady(browser, element, what) {
  await browser.waitUntil(
    async () => {
      try {
        await element.click();
        return true;
      } catch {
        return false;
      }
    },
    { timeout: 10_000, timeoutMsg: `could not click ${what}` },
  );
}

/** Scrolls an element to the top of the content, below the app's fixed header bar. */
async function scrollToTop(browser, element) {
  await browser.execute((el) => {
    el.style.scrollMarginTop = "80px";
    el.scrollIntoView({ block: "start" });
  }, element);
}

/** Sets an antd month picker (its input has `testId`) through its panel: year arrows, month cell. */
async function pickMonth(browser, testId, year, month) {
  const input = await byTestId(browser, testId);
  await input.click();
  let panel;
  await browser.waitUntil(
    async () => {
      for (const candidate of await browser.$$(".ant-picker-dropdown")) {
        if (await candidate.isDisplayed()) panel = candidate;
      }
      return panel !== undefined;
    },
    { timeout: 10_000, timeoutMsg: "the month picker did not open" },
  );
  for (let guard = 0; guard < 30; guard++) {
    const at = Number.parseInt(await (await panel.$(".ant-picker-year-btn")).getText(), 10);
    if (at === year) break;
    const arrow = at > year ? ".ant-picker-header-super-prev-btn" : ".ant-picker-header-super-next-btn";
    await clickWhenReady(browser, await panel.$(arrow), "the year arrow");
  }
  const cell = await panel.$(`td[title="${year}-${String(month).padStart(2, "0")}"]`);
  await clickWhenReady(browser, cell, `the cell of ${year}-${month}`);
  await browser.waitUntil(async () => (await input.getValue()) === `${year}年${month}月`, {
    timeout: 5_000,
    timeoutMsg: `the month picker does not show ${year}年${month}月`,
  });
}

test("setting a branch's weekday updates its year view", async () => {
  const browser = await openApp(app.db);
  try {
    await openBranchCalendar(browser);
    await (await byTestId(browser, "activity-list")).waitForDisplayed({ timeout: 20_000 });
    const now = todayDate();
    const year = now.getFullYear();
    const month = now.getMonth() + 1;
    const rule = await (await byTestId(browser, "week-rule")).getText();
    assert.ok(rule.includes("每月8日至14日"), `the rule is shown: ${rule}`);
    const before = await activityDayOf(browser, year, month);
    assert.ok(before, "the demo branch has an activity day this month");
    // A day moved out of a holiday break names its fixed date ("原定 …"): the row names the
    // Tuesday of the activity week either way.
    const tuesday = fixedDay(year, month, 2);
    const beforeRow = await listRow(browser, month);
    assert.ok(beforeRow.includes(label(tuesday)), `the demo branch meets on Tuesdays: ${beforeRow}`);
    assert.ok(before.kind === "moved" || iso(before.date) === iso(tuesday), "held on the Tuesday");
    await browser.saveScreenshot(path.join(artifacts, "calendar-year-zh.png"));

    // The advisor row sets the weekday; the plan takes effect from this month (the default).
    // Monday: no other branch of the community meets then (a used weekday warns first, below).
    // WebKit's driver clicks cells, not table rows.
    await (await browser.$('[data-testid="advice-mon"] td')).click();
    await (await byTestId(browser, "plan-save")).click();
    const monday = fixedDay(year, month, 1);
    await browser.waitUntil(async () => (await listRow(browser, month)).includes(label(monday)), {
      timeout: 10_000,
      timeoutMsg: `this month's row did not move to Monday ${label(monday)}`,
    });
    const after = await activityDayOf(browser, year, month);
    assert.ok(after, "this month still has an activity day");
    assert.ok(
      after.kind === "moved" || iso(after.date) === iso(monday),
      `this month's cell is the Monday ${iso(monday)} (or moved from it): ${iso(after.date)} ${after.kind}`,
    );
    const history = await (await byTestId(browser, "plan-history")).getText();
    assert.ok(history.includes("周一"), `the plan history lists the new weekday: ${history}`);

    // Earlier months keep Tuesdays: last month, or last December in January.
    const [earlierYear, earlierMonth] = month > 1 ? [year, month - 1] : [year - 1, 12];
    await showYear(browser, earlierYear);
    const earlierRow = await listRow(browser, earlierMonth);
    const earlierTuesday = fixedDay(earlierYear, earlierMonth, 2);
    assert.ok(earlierRow.includes(label(earlierTuesday)), `an earlier month keeps its Tuesday: ${earlierRow}`);
    await showYear(browser, year);
    await browser.saveScreenshot(path.join(artifacts, "calendar-year-after-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});

test("a weekday another branch already meets on warns before saving, then the year rings the clashes", async () => {
  const browser = await openApp(app.db);
  try {
    await openBranchCalendar(browser);
    await (await byTestId(browser, "weekday-advice")).waitForDisplayed({ timeout: 20_000 });
    // The advisor's last column names the branches meeting on each weekday: take a used one.
    let taken = null;
    for (const w of ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]) {
      const cells = await browser.$$(`[data-testid="advice-${w}"] td`);
      const users = (await cells[2].getText()).trim();
      if (users && w !== "tue") {
        taken = { w, users, cell: cells[0] };
        break;
      }
    }
    assert.ok(taken, "another branch of the community meets on some weekday");
    const historyBefore = await (await byTestId(browser, "plan-history")).getText();
    await taken.cell.click();
    await (await byTestId(browser, "plan-save")).click();
    const warning = await byTestId(browser, "clash-warning");
    await warning.waitForDisplayed({ timeout: 15_000 });
    const words = await warning.getText();
    const firstUser = taken.users.split("、")[0];
    assert.ok(words.includes(firstUser), `the warning names ${firstUser}: ${words}`);
    assert.ok(words.includes("同一天"), words);
    await browser.saveScreenshot(path.join(artifacts, "calendar-clash-warning-zh.png"));

    // 重新选择: nothing is saved, the year has no ring.
    await (await byTestId(browser, "clash-choose-again")).click();
    await warning.waitForDisplayed({ reverse: true, timeout: 10_000 });
    assert.equal(await (await byTestId(browser, "plan-history")).getText(), historyBefore, "nothing saved");
    assert.equal((await browser.$$('[data-clash="true"]')).length, 0, "no clash before saving");

    // 仍然保存: saved, and the year marks the clashing days and keys them in the legend.
    await (await byTestId(browser, "plan-save")).click();
    const anyway = await byTestId(browser, "clash-save-anyway");
    await anyway.waitForClickable({ timeout: 15_000 });
    await anyway.click();
    await browser.waitUntil(async () => (await browser.$$('[data-clash="true"]')).length > 0, {
      timeout: 15_000,
      timeoutMsg: "the year view does not ring the clashing days",
    });
    assert.ok(await (await byTestId(browser, "legend-clash")).isDisplayed());
    await browser.saveScreenshot(path.join(artifacts, "calendar-clash-marked-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});

test("a day moved out of a holiday break is marked, with the holiday and its fixed date on hover", async () => {
  // The demo plans start in January of last year; a plan of its own from January 2024 makes this
  // test independent of today. Under 每月8日至14日 a Wednesday branch's February 2024 day,
  // the 14th, falls in the Spring Festival break (10th-17th) and moves to Friday the 9th.
  const browser = await openApp(app.db);
  try {
    await openBranchCalendar(browser, "畜牧养殖服务型党支部");
    await showYear(browser, 2024);
    await (await browser.$('[data-testid="advice-wed"] td')).click();
    await pickMonth(browser, "plan-effective-from", 2024, 1);
    await (await byTestId(browser, "plan-save")).click();
    const moved = await byTestId(browser, "day-2024-02-09");
    await browser.waitUntil(async () => (await moved.getAttribute("data-kind")) === "moved", {
      timeout: 10_000,
      timeoutMsg: "2024-02-09 is not marked as a moved activity day",
    });
    assert.ok(
      (await (await byTestId(browser, "plan-history")).getText()).includes("2024年1月"),
      "the plan history lists the plan from January 2024",
    );
    assert.equal(await (await byTestId(browser, "holidays-unknown")).isExisting(), false, "2024 is published");
    const fixed = await byTestId(browser, "day-2024-02-14");
    assert.equal(await fixed.getAttribute("data-kind"), "holiday", "the fixed date is a holiday");
    assert.equal(await fixed.getAttribute("title"), "春节假期", "the holiday names its break");
    assert.equal(await (await byTestId(browser, "day-2024-03-13")).getAttribute("data-kind"), "activity");
    const row = await listRow(browser, 2);
    assert.ok(row.includes("2月9日") && row.includes("原定 2月14日，因春节调整"), `the list explains the move: ${row}`);

    await waitNoMessages(browser);
    await moved.moveTo();
    let tip;
    await browser.waitUntil(
      async () => {
        for (const candidate of await browser.$$(".ant-tooltip")) {
          if ((await candidate.isDisplayed()) && (await candidate.getText()).includes("原定")) tip = candidate;
        }
        return tip !== undefined;
      },
      { timeout: 10_000, timeoutMsg: "hovering the moved day shows no tooltip" },
    );
    const tipText = await tip.getText();
    assert.ok(tipText.includes("原定 2月14日，因春节调整"), `the tooltip names the holiday and the fixed date: ${tipText}`);
    assert.ok(tipText.includes("党员活动日 14:30 生猪养殖现场"), `the tooltip gives time and venue: ${tipText}`);
    await browser.saveScreenshot(path.join(artifacts, "calendar-moved-zh.png"));
    await (await byTestId(browser, "calendar-title")).moveTo();

    // Forward to the first year without a published schedule: a notice, and no day is moved.
    let unpublished;
    for (let guard = 0; guard < 15 && unpublished === undefined; guard++) {
      await stepYear(browser, 1);
      if (await (await byTestId(browser, "holidays-unknown")).isExisting()) unpublished = await shownYear(browser);
    }
    assert.ok(unpublished > 2024, `a year after 2024 has no published schedule (${unpublished})`);
    const notice = await (await byTestId(browser, "holidays-unknown")).getText();
    assert.ok(notice.includes("节假日安排未发布"), `the notice says so: ${notice}`);
    assert.equal((await browser.$$('[data-kind="moved"]')).length, 0, "nothing is moved without a schedule");
    assert.equal((await browser.$$('[data-kind="activity"]')).length, 12, "twelve activity days");
    await browser.saveScreenshot(path.join(artifacts, "calendar-unpublished-zh.png"));

    // The schedules themselves: 设置 → 节假日安排, the built-in 2024 one.
    await (await byTestId(browser, "menu-settings")).click();
    const card = await byTestId(browser, "holidays-card");
    await card.waitForDisplayed({ timeout: 20_000 });
    await scrollToTop(browser, card);
    await (await byTestId(browser, "holiday-year")).click();
    let option;
    await browser.waitUntil(
      async () => {
        for (const candidate of await browser.$$('//div[contains(@class,"ant-select-item-option")][.="2024"]')) {
          if (await candidate.isDisplayed()) option = candidate;
        }
        return option !== undefined;
      },
      { timeout: 10_000, timeoutMsg: "the year list did not open" },
    );
    await clickWhenReady(browser, option, "2024 in the year list");
    const breaks = await byTestId(browser, "holiday-breaks");
    await browser.waitUntil(async () => /春节[\s\S]*2月10日[\s\S]*2月17日/.test(await breaks.getText()), {
      timeout: 10_000,
      timeoutMsg: "the 2024 breaks do not list 春节 2月10日–2月17日",
    });
    assert.equal(await (await byTestId(browser, "holiday-source")).getText(), "内置", "2024 is built in");
    await browser.waitUntil(
      async () => {
        for (const list of await browser.$$(".ant-select-dropdown")) {
          if (await list.isDisplayed()) return false;
        }
        return true;
      },
      { timeout: 5_000, timeoutMsg: "the year list stays open" },
    );
    await scrollToTop(browser, card);
    await browser.saveScreenshot(path.join(artifacts, "settings-holidays-zh.png"));
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
