// Activity-day reminders in the real window, on the suite's day: they are listed on 首页 (and
// sent to the OS), never float over a page's buttons, and come once per day even after a restart.
// What is due is worked out from `planner schedule --json` on the same database and day, so the
// test means the same thing on a day with reminders and on a day without.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { artifacts, byTestId, openApp, TODAY, todayDate, waitSettled, withDemoApp } from "./harness.mjs";

const app = withDemoApp();
const here = path.dirname(fileURLToPath(import.meta.url));
const plannerBin = process.env.PLANNER_BIN ?? path.resolve(here, "../../target/debug/planner");
/** The reminder comes this many days ahead (the app's default setting) and on the day itself. */
const DAYS_BEFORE = 3;

const dayMs = 86_400_000;
const utcDay = (iso) => Date.parse(`${iso}T00:00:00Z`);

/** Each branch's next activity day on or after TODAY, with the days until it. */
function nextDays(db) {
  const year = todayDate().getFullYear();
  const next = new Map();
  for (const y of [year, year + 1]) {
    const run = spawnSync(plannerBin, ["schedule", "--db", db, "--year", String(y), "--json"], {
      encoding: "utf8",
    });
    assert.equal(run.status, 0, `planner schedule failed: ${run.stderr}`);
    for (const community of JSON.parse(run.stdout).communities) {
      for (const branch of community.branches) {
        for (const day of branch.days) {
          if (day.date < TODAY) continue;
          const known = next.get(day.branchId);
          if (!known || day.date < known.date) next.set(day.branchId, day);
        }
      }
    }
  }
  return [...next.values()].map((day) => ({
    ...day,
    daysUntil: Math.round((utcDay(day.date) - utcDay(TODAY)) / dayMs),
  }));
}

/** The 首页 reminder lines once the list has settled (none: the list is absent). */
async function reminderLines(browser) {
  await (await byTestId(browser, "menu-home")).waitForDisplayed({ timeout: 20_000 });
  await waitSettled(browser);
  // One request at a time: WebKitWebDriver does not take concurrent ones.
  const lines = [];
  for (const el of await browser.$$('[data-testid="home-reminder"]')) lines.push(await el.getText());
  return lines;
}

test("reminders are listed on 首页, cover no button, and come once a day", async () => {
  const due = nextDays(app.db).filter((d) => d.daysUntil <= DAYS_BEFORE);
  const browser = await openApp(app.db);
  try {
    await (await byTestId(browser, "menu-home")).waitForDisplayed({ timeout: 20_000 });
    if (due.length > 0) {
      await browser.waitUntil(async () => (await browser.$$('[data-testid="home-reminder"]')).length === due.length, {
        timeout: 20_000,
        timeoutMsg: `首页 lists the ${due.length} reminders due on ${TODAY}`,
      });
      const lines = await reminderLines(browser);
      for (const day of due) {
        const [, m, d] = day.date.split("-").map(Number);
        assert.ok(
          lines.some((line) => line.includes(`${m}月${d}日`) && line.includes(day.startTime)),
          `a reminder names ${day.date} ${day.startTime}: ${lines.join(" | ")}`,
        );
      }
      await browser.saveScreenshot(path.join(artifacts, "home-reminders-zh.png"));
    } else {
      // Let the first reminder round finish before looking: it runs as the app starts.
      await browser.pause(2000);
      assert.deepEqual(await reminderLines(browser), [], `no activity day is ${DAYS_BEFORE} days or less from ${TODAY}`);
    }
    // Nothing floats over the pages: no toast, and the button in a page's bottom-right corner
    // (选票录入's 保存 sits low on the reviews page; the settings page's last card) takes the click.
    assert.equal((await browser.$$(".ant-notification-notice")).length, 0, "no reminder toast");
    await (await byTestId(browser, "menu-settings")).click();
    const lowest = await browser.waitUntil(
      async () => {
        const buttons = await browser.$$("main button, .ant-layout-content button");
        let best = null;
        for (const b of buttons) {
          if (!(await b.isDisplayed())) continue;
          const { x, y } = await b.getLocation();
          if (!best || y + x / 10_000 > best.score) best = { b, score: y + x / 10_000 };
        }
        return best?.b;
      },
      { timeout: 15_000, timeoutMsg: "the settings page shows buttons" },
    );
    await lowest.scrollIntoView({ block: "end" });
    const hit = await browser.execute((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return el.contains(top);
    }, lowest);
    assert.ok(hit, "the lowest button of 设置 is not covered");
    await browser.saveScreenshot(path.join(artifacts, "settings-no-reminder-over-buttons-zh.png"));
  } finally {
    await browser.deleteSession();
  }

  // The same day again: every reminder was given once, so none comes back.
  const again = await openApp(app.db);
  try {
    await (await byTestId(again, "menu-home")).waitForDisplayed({ timeout: 20_000 });
    await again.pause(2000);
    assert.deepEqual(await reminderLines(again), [], "a restart on the same day repeats no reminder");
    assert.equal((await again.$$('[data-testid="home-reminder-badge"]')).length, 0, "no unread badge");
  } finally {
    await again.deleteSession();
  }
});
