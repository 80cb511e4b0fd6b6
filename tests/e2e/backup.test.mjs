// Backup and restore through the real window: the first start of the day makes an automatic
// backup; a member added afterwards (by the CLI, while the app runs) is gone after restoring
// that backup from the 设置 page, which shows what the backup holds before confirming.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { openSync, writeFileSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  artifacts,
  byTestId,
  demoDatabase,
  openApp,
  TODAY,
  withDemoApp,
} from "./harness.mjs";

const app = withDemoApp();
const plannerBin = process.env.PLANNER_BIN ?? path.resolve("../../target/debug/planner");
const BRANCH = "蔬菜种植服务型党支部";

/** Members of the demo branch, read by the CLI. */
function branchMembers(db) {
  const out = spawnSync(plannerBin, ["list", "branches", "--json", "--db", db], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout).find((b) => b.name === BRANCH).activeMembers;
}

async function openSettings(browser) {
  const menu = await browser.$(`//li[contains(@class,"ant-menu-item")]//*[text()="设置"]`);
  await menu.waitForDisplayed({ timeout: 20_000 });
  await menu.click();
  await (await byTestId(browser, "backup-card")).waitForDisplayed({ timeout: 10_000 });
}

/** The rows of the automatic backup list (re-reading the page until `count` are there). */
async function backupRows(browser, count) {
  let rows = [];
  await browser.waitUntil(
    async () => {
      rows = await browser.$$('[data-testid="backup-list"] tbody tr.ant-table-row');
      if (rows.length >= count) return true;
      // The start-up backup runs beside the window: look again.
      const home = await browser.$(`//li[contains(@class,"ant-menu-item")]//*[text()="首页"]`);
      if (await home.isExisting()) await home.click();
      await openSettings(browser);
      return false;
    },
    { timeout: 30_000, timeoutMsg: `expected ${count} automatic backups in the list` },
  );
  return rows;
}

test("an automatic backup restored from the 设置 page brings the data back", async () => {
  const browser = await openApp(app.db);
  try {
    await openSettings(browser);
    const rows = await backupRows(browser, 1);
    const today = TODAY;
    const first = await rows[0].getText();
    assert.ok(first.includes(today.slice(0, 4)), `the backup is dated: ${first}`);

    const before = branchMembers(app.db);
    const csv = path.join(path.dirname(app.db), "one.csv");
    writeFileSync(csv, `姓名,支部,性别,出生年份\n端木晓雯,${BRANCH},女,1986\n`);
    const imported = spawnSync(plannerBin, ["members", "import", "--db", app.db, csv], {
      encoding: "utf8",
    });
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal(branchMembers(app.db), before + 1);

    const restoreButton = await rows[0].$('[data-testid^="backup-restore-"]');
    await restoreButton.click();
    const manifest = await byTestId(browser, "backup-manifest");
    await manifest.waitForDisplayed({ timeout: 10_000 });
    const shown = await manifest.getText();
    assert.ok(shown.includes("党员"), shown);
    assert.ok(shown.includes("会先把当前数据自动备份"), shown);
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, "backup-restore-confirm-zh.png"));

    await (await byTestId(browser, "backup-restore-confirm")).click();
    // The page reloads; the 设置 page then lists the safety backup too.
    await browser.waitUntil(async () => branchMembers(app.db) === before, {
      timeout: 20_000,
      timeoutMsg: "the member added after the backup is still there",
    });
    await openSettings(browser);
    await backupRows(browser, 2);
    await browser.pause(400);
    await browser.saveScreenshot(path.join(artifacts, "backup-settings-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});

test("a database whose file is damaged opens on a rescue page that restores a backup", async () => {
  const db = demoDatabase();
  const before = branchMembers(db);
  const backups = path.join(path.dirname(db), "backups");
  const made = spawnSync(plannerBin, ["backup", "--db", db, "--out", `${backups}/`], {
    encoding: "utf8",
  });
  assert.equal(made.status, 0, made.stderr);
  // A zeroed header: SQLite no longer knows the file.
  const fd = openSync(db, "r+");
  writeSync(fd, Buffer.alloc(100));
  closeSync(fd);
  const browser = await openApp(db);
  try {
    const page = await byTestId(browser, "rescue-page");
    await page.waitForDisplayed({ timeout: 20_000 });
    const reason = await (await byTestId(browser, "rescue-reason")).getText();
    assert.ok(reason.includes("数据库文件已损坏"), reason);
    assert.equal(await (await byTestId(browser, "backup-now")).isExisting(), false);
    let row;
    await browser.waitUntil(
      async () => {
        row = await browser.$('[data-testid="backup-list"] tbody tr.ant-table-row');
        return row.isExisting();
      },
      { timeout: 10_000, timeoutMsg: "the automatic backup is listed on the rescue page" },
    );
    await browser.pause(300);
    await browser.saveScreenshot(path.join(artifacts, "rescue-zh.png"));
    await (await row.$('[data-testid^="backup-restore-"]')).click();
    await (await byTestId(browser, "backup-manifest")).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId(browser, "backup-restore-confirm")).click();
    // The window reloads into the app on the restored data.
    const menu = await browser.$(`//li[contains(@class,"ant-menu-item")]//*[text()="设置"]`);
    await menu.waitForDisplayed({ timeout: 20_000 });
    assert.equal(branchMembers(db), before);
  } finally {
    await browser.deleteSession();
  }
});
