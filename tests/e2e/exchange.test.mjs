// Exchange files through the real window: a branch of the demo database is exported (through
// IPC: the native save dialog cannot be driven), then a second app on an empty database imports
// the file from the 设置 page's 数据交换 card, previews what is new, confirms, and the branch
// with its members has arrived. The native open dialog is answered with xdotool.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { answerOpenDialog, artifacts, byTestId, emptyDatabasePath, openApp, withDemoApp } from "./harness.mjs";

const app = withDemoApp();
const plannerBin = process.env.PLANNER_BIN ?? path.resolve("../../target/debug/planner");
const BRANCH = "蔬菜种植服务型党支部";

function branches(db) {
  const out = spawnSync(plannerBin, ["list", "branches", "--json", "--db", db], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

async function openSettings(browser) {
  const menu = await browser.$(`//li[contains(@class,"ant-menu-item")]//*[text()="设置"]`);
  await menu.waitForDisplayed({ timeout: 20_000 });
  await menu.click();
  await (await byTestId(browser, "exchange-card")).waitForDisplayed({ timeout: 10_000 });
}

test("a branch exported from one database is imported into an empty one through the preview", async () => {
  const source = branches(app.db).find((b) => b.name === BRANCH);
  const file = path.join(path.dirname(app.db), "exchange-test.bpx");

  const first = await openApp(app.db);
  try {
    await openSettings(first);
    const done = await first.executeAsync((branchId, target, finish) => {
      window.__TAURI_INTERNALS__
        .invoke("export_exchange", { branchId, kind: "branch", path: target })
        .then(finish, (e) => finish({ error: e }));
    }, source.id, file);
    assert.ok(!done.error, JSON.stringify(done.error));
    assert.equal(done.path, file);
    assert.ok(existsSync(file));
  } finally {
    await first.deleteSession();
  }

  const target = emptyDatabasePath();
  const second = await openApp(target);
  try {
    await (await byTestId(second, "welcome")).waitForDisplayed({ timeout: 20_000 });
    await (await byTestId(second, "start-empty")).click();
    await openSettings(second);
    await (await byTestId(second, "exchange-import")).click();
    answerOpenDialog("导入交换文件", file);
    const preview = await byTestId(second, "exchange-preview");
    await preview.waitForDisplayed({ timeout: 20_000 });
    const shown = await preview.getText();
    assert.ok(shown.includes(BRANCH), shown);
    assert.ok(shown.includes("党员"), shown);
    assert.ok(shown.includes("没有冲突"), shown);
    await second.pause(500);
    await second.saveScreenshot(path.join(artifacts, "exchange-preview-zh.png"));

    await (await byTestId(second, "exchange-confirm")).click();
    await second.waitUntil(async () => (await second.$("body").getText()).includes("导入完成"), {
      timeout: 20_000,
      timeoutMsg: "no 导入完成 message",
    });
    await second.saveScreenshot(path.join(artifacts, "exchange-imported-zh.png"));
    const arrived = branches(target).find((b) => b.name === BRANCH);
    assert.ok(arrived, "the branch is in the second database");
    assert.equal(arrived.id, source.id, "it keeps its id");
    assert.equal(arrived.activeMembers, source.activeMembers);
    assert.equal(arrived.seatsFilled, source.seatsFilled);

    // The same file again: nothing new, nothing to choose.
    await (await byTestId(second, "exchange-import")).click();
    answerOpenDialog("导入交换文件", file);
    const again = await byTestId(second, "exchange-counts");
    await again.waitForDisplayed({ timeout: 20_000 });
    const text = await (await byTestId(second, "exchange-preview")).getText();
    assert.ok(text.includes("没有冲突"), text);
  } finally {
    await second.deleteSession();
  }
});
