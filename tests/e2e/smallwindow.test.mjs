// The smallest window the app allows (1024×640, an old office screen): the pages a secretary and
// a clerk use most, in Chinese for the screenshots and in English, where a narrow column must
// never break a header word in two ("Specia|lty").
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, waitSettled, withDemoApp } from "./harness.mjs";

const TOWN = "桃林镇";
const COMMUNITY = "杏花社区";
const BRANCH = "蔬菜种植服务型党支部";
const app = withDemoApp();

/** The window at the app's minimum size; the page inside it is what a 1024×640 screen shows. */
async function smallest(browser) {
  await browser.setWindowSize(1024, 640);
  await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= 1024, {
    timeout: 5_000,
    timeoutMsg: "the window did not shrink to 1024 wide",
  });
}

async function menu(browser, key) {
  await (await byTestId(browser, `menu-${key}`)).click();
}

/** Chooses a node of the register's tree (a community or a branch): it becomes the scope. */
async function choose(browser, name) {
  await menu(browser, "register");
  const node = await browser.$(`//span[contains(@class,"ant-tree-title")][contains(.,"${name}")]`);
  await node.waitForDisplayed({ timeout: 20_000 });
  await node.click();
}

/**
 * Header words drawn on two lines: for every word of every table header cell, a word whose text
 * covers more than one line box has been broken inside it.
 */
async function brokenHeaderWords(browser) {
  return browser.execute(() => {
    const broken = [];
    for (const th of document.querySelectorAll(".ant-table-thead th")) {
      const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/[A-Za-z][A-Za-z'-]*/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
}

test("at 1024×640 the year calendar, the month view and the member table fit", async () => {
  const browser = await openApp(app.db);
  try {
    await smallest(browser);
    await choose(browser, BRANCH);
    await menu(browser, "calendar");
    const cell = await browser.$('[data-testid^="day-"]');
    await cell.waitForDisplayed({ timeout: 20_000 });
    // Legible: a day number is drawn at least 11 px high, with at least 4 px of its cell to
    // spare, so "19" and "20" side by side never read as "1920".
    const dayCells = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="day-"]')].map((c) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        return {
          day: c.getAttribute("data-testid"),
          font: Number.parseFloat(getComputedStyle(c).fontSize),
          spare: c.getBoundingClientRect().width - range.getBoundingClientRect().width,
        };
      }),
    );
    assert.ok(dayCells.length >= 365, `the year shows every day (${dayCells.length})`);
    assert.ok(
      dayCells.every((c) => c.font >= 11),
      "every day number is at least 11 px",
    );
    const crowded = dayCells.filter((c) => c.spare < 4);
    assert.deepEqual(crowded.slice(0, 3), [], `${crowded.length} day numbers fill their cells`);
    await waitSettled(browser);
    await browser.saveScreenshot(path.join(artifacts, "small-calendar-year-zh.png"));

    await choose(browser, COMMUNITY);
    await menu(browser, "calendar");
    const chip = await browser.$('[data-testid^="chip-"]');
    await chip.waitForDisplayed({ timeout: 20_000 });
    // Every branch chip shows its time whole: the time's own box is not clipped.
    const chips = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="chip-time-"]')].map((t) => {
        const box = t.getBoundingClientRect();
        const chipBox = t.closest('[data-testid^="chip-"]').getBoundingClientRect();
        return { text: t.textContent, inside: box.right <= chipBox.right + 0.5 && box.width > 0 };
      }),
    );
    assert.ok(chips.length > 0, "the month view shows branch chips with their times");
    assert.deepEqual(
      chips.filter((c) => !c.inside).map((c) => c.text),
      [],
      "no chip cuts its time off",
    );
    await waitSettled(browser);
    await browser.saveScreenshot(path.join(artifacts, "small-calendar-community-zh.png"));

    await choose(browser, BRANCH);
    const table = await byTestId(browser, "member-table");
    await table.waitForDisplayed({ timeout: 10_000 });
    const fits = await browser.execute(() => {
      const t = document.querySelector('[data-testid="member-table"]');
      const content = t.querySelector(".ant-table-content, .ant-table-body") ?? t;
      const actions = t.querySelector("thead th:last-child").getBoundingClientRect();
      return { scroll: content.scrollWidth - content.clientWidth, right: actions.right, width: window.innerWidth };
    });
    assert.ok(fits.scroll <= 1, `the member table needs no sideways scrolling (${fits.scroll} px more)`);
    assert.ok(fits.right <= fits.width, "the actions column is inside the window");
    await waitSettled(browser);
    await browser.saveScreenshot(path.join(artifacts, "small-register-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});

test("in English at 1024×640 no column header breaks a word", async () => {
  const browser = await openApp(app.db);
  try {
    await smallest(browser);
    await choose(browser, BRANCH);
    await (await byTestId(browser, "member-table")).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId(browser, "language-switch")).click();
    await browser.waitUntil(async () => /Register/.test(await browser.$("body").getText()), {
      timeout: 10_000,
      timeoutMsg: "the UI did not switch to English",
    });
    try {
      const pages = [
        ["register", BRANCH],
        ["activities", BRANCH],
        ["points", BRANCH],
        ["register", COMMUNITY],
        ["activities", COMMUNITY],
        ["points", COMMUNITY],
        ["stats", COMMUNITY],
        ["stats", TOWN],
        ["reviews", COMMUNITY],
      ];
      for (const [page, scope] of pages) {
        await choose(browser, scope);
        await menu(browser, page);
        if (page === "reviews") {
          // This quarter's review, opened: its fact sheets and ballot tables.
          const open = await byTestId(browser, "review-open");
          await open.waitForDisplayed({ timeout: 20_000 });
          await open.click();
        }
        await browser
          .$(".ant-table-thead th")
          .waitForDisplayed({ timeout: 20_000, timeoutMsg: `${page}: no table shown` });
        await waitSettled(browser);
        assert.deepEqual(
          await brokenHeaderWords(browser),
          [],
          `${page} of ${scope}: header words broken in two`,
        );
      }
      // The check itself sees a break: a header squeezed to 30px with break-all splits its word.
      await browser.execute(() => {
        const probe = document.createElement("table");
        probe.id = "break-probe";
        probe.innerHTML =
          '<thead class="ant-table-thead"><tr><th style="width:30px;max-width:30px;word-break:break-all">Specialty</th></tr></thead>';
        document.body.append(probe);
      });
      const seen = await brokenHeaderWords(browser);
      await browser.execute(() => document.getElementById("break-probe").remove());
      assert.deepEqual(seen, ["Specialty"], "the check finds a header word broken in two");

      await choose(browser, BRANCH);
      await waitSettled(browser);
      await browser.saveScreenshot(path.join(artifacts, "small-register-en.png"));
    } finally {
      // The language is kept in the database: switch back for the other tests.
      await (await byTestId(browser, "language-switch")).click();
    }
  } finally {
    await browser.deleteSession();
  }
});
