// 统计 through the real window: the dashboard of a branch, then of its community, shows the
// same headline figure as `planner stats --json` on the same database file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { artifacts, byTestId, openApp, todayDate, withDemoApp } from "./harness.mjs";

const app = withDemoApp();
const here = path.dirname(fileURLToPath(import.meta.url));
const plannerBin = process.env.PLANNER_BIN ?? path.resolve(here, "../../target/debug/planner");
const YEAR = todayDate().getFullYear();

/** `planner stats --json` for this year at a scope (`["--community", id]`, … or none). */
function cliStats(db, scope = []) {
  const run = spawnSync(plannerBin, ["stats", "--db", db, "--year", String(YEAR), ...scope, "--json"], {
    encoding: "utf8",
  });
  assert.equal(run.status, 0, `planner stats failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The headline "activities held" as the dashboard shows it, once it has loaded for `name`. */
async function headline(browser, name) {
  await browser.waitUntil(async () => (await (await byTestId(browser, "stats-title")).getText()) === name, {
    timeout: 20_000,
    timeoutMsg: `the dashboard did not switch to ${name}`,
  });
  const figure = await byTestId(browser, "headline-activities");
  await figure.waitForExist({ timeout: 20_000 });
  return Number(await figure.getAttribute("data-value"));
}

/** Picks a town, community or branch in the top bar's scope selector. */
async function chooseScope(browser, name) {
  await (await byTestId(browser, "scope-select")).click();
  let node;
  await browser.waitUntil(
    async () => {
      for (const candidate of await browser.$$(`//span[contains(@class,"ant-select-tree-title")][.="${name}"]`)) {
        if (await candidate.isDisplayed()) node = candidate;
      }
      return node !== undefined;
    },
    { timeout: 10_000, timeoutMsg: `no scope named ${name}` },
  );
  await node.click();
  // The tree dropdown stays open after a pick; close it so it covers nothing.
  await browser.keys("Escape");
}

test("the dashboard follows the scope from a branch to its community, matching the CLI", async () => {
  // The register as the CLI sees it: the first town's first community and its busiest branch.
  const town = cliStats(app.db).breakdown[0];
  const community = cliStats(app.db, ["--town", town.id]).breakdown[0];
  const atCommunity = cliStats(app.db, ["--community", community.id]);
  const branch = [...atCommunity.breakdown].sort((a, b) => b.figures.activitiesHeld - a.figures.activitiesHeld)[0];
  const atBranch = cliStats(app.db, ["--branch", branch.id]);
  assert.ok(atBranch.figures.activitiesHeld > 0, "the demo's past has held activities");
  assert.notEqual(
    atBranch.figures.activitiesHeld,
    atCommunity.figures.activitiesHeld,
    "the community counts its other branches too",
  );

  const browser = await openApp(app.db);
  try {
    await (await byTestId(browser, "menu-stats")).waitForDisplayed({ timeout: 20_000 });
    await chooseScope(browser, branch.name);
    await (await byTestId(browser, "menu-stats")).click();
    assert.equal(await headline(browser, branch.name), atBranch.figures.activitiesHeld);
    assert.equal(
      Number(await (await byTestId(browser, "headline-problems")).getAttribute("data-value")),
      atBranch.figures.problemsSolved,
    );

    await chooseScope(browser, community.name);
    assert.equal(await headline(browser, community.name), atCommunity.figures.activitiesHeld);
    for (const [id, field] of [
      ["points", "pointsCreated"],
      ["suggestions", "suggestionsCollected"],
      ["problems", "problemsSolved"],
    ]) {
      const shown = Number(await (await byTestId(browser, `headline-${id}`)).getAttribute("data-value"));
      assert.equal(shown, atCommunity.figures[field], `${id} matches the CLI`);
    }
    // The charts are drawn as SVG with Chinese labels (month names, branch names).
    const trend = await byTestId(browser, "stats-chart-trend");
    await browser.waitUntil(async () => (await trend.$$("svg text")).length > 0, {
      timeout: 10_000,
      timeoutMsg: "the trend chart drew no text",
    });
    const trendText = String(await trend.getProperty("textContent"));
    assert.ok(trendText.includes("1月"), `the trend names months in Chinese: ${trendText.slice(0, 80)}`);
    const ranking = String(await (await byTestId(browser, "stats-chart-ranking")).getProperty("textContent"));
    assert.ok(ranking.includes(branch.name), "the ranking lists the branch");
    const rows = await browser.$$('[data-testid^="stats-row-"]');
    assert.equal(rows.length, atCommunity.breakdown.length, "one table row per branch");
    await browser.saveScreenshot(path.join(artifacts, "stats-community-zh.png"));

    await browser.execute(() => {
      document.querySelector('[data-testid="stats-chart-ranking"]')?.scrollIntoView();
    });
    await browser.saveScreenshot(path.join(artifacts, "stats-community-charts-zh.png"));

    // Drill down from the table: the branch row opens the branch again.
    const row = await byTestId(browser, `stats-row-${branch.id}`);
    // Scrolled by the page itself: the driver's own scroll action reports "not interactable".
    await browser.execute((el) => el.scrollIntoView({ block: "center" }), row);
    await (await row.$("a")).click();
    assert.equal(await headline(browser, branch.name), atBranch.figures.activitiesHeld);
  } finally {
    await browser.deleteSession();
  }
});
