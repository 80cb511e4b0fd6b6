// 批量打印 through the real window: the 打印 page prints every demo branch's year calendar into
// a folder chosen in the real (GTK) folder dialog, which WebDriver cannot reach, so xdotool
// types the folder into it. The page shows 已完成 n / N while the core writes; the PDFs are
// then on disk, whole. A second batch is cancelled part way and leaves only finished files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, screenshotScreen, withDemoApp } from "./harness.mjs";

const app = withDemoApp();
const DIALOG_TITLE = "选择保存日历的文件夹";

function xdotool(...args) {
  return spawnSync("xdotool", args, { encoding: "utf8" });
}

/** Types `folder` into the open folder dialog and confirms it (Ctrl+L opens its path field). */
async function chooseFolder(folder) {
  let window = "";
  const deadline = Date.now() + 20_000;
  while (!window && Date.now() < deadline) {
    const found = xdotool("search", "--name", DIALOG_TITLE);
    if (found.error) throw new Error(`xdotool is needed for this test: ${found.error.message}`);
    window = found.stdout.trim().split("\n").filter(Boolean).pop() ?? "";
    if (!window) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(window, `the folder dialog "${DIALOG_TITLE}" did not open`);
  // The dialog maps before it takes keys.
  await new Promise((r) => setTimeout(r, 800));
  xdotool("windowfocus", "--sync", window);
  xdotool("key", "--clearmodifiers", "ctrl+l");
  await new Promise((r) => setTimeout(r, 300));
  xdotool("type", "--delay", "15", folder);
  await new Promise((r) => setTimeout(r, 300));
  xdotool("key", "Return");
}

async function openPrintPage(browser) {
  const menu = await browser.$(`//li[contains(@class,"ant-menu-item")]//*[text()="打印"]`);
  await menu.waitForDisplayed({ timeout: 20_000 });
  await menu.click();
  const card = await byTestId(browser, "print-batch-card");
  await card.waitForDisplayed({ timeout: 10_000 });
  return card;
}

/** The files of `folder`, each checked whole: a PDF with its end marker, a workbook a zip. */
function filesIn(folder) {
  const names = readdirSync(folder).sort();
  for (const name of names) {
    const bytes = readFileSync(path.join(folder, name));
    if (name.endsWith(".xlsx")) {
      assert.equal(bytes.subarray(0, 2).toString(), "PK", `${name} is a zip`);
      continue;
    }
    assert.ok(name.endsWith(".pdf"), `only PDFs and workbooks: ${name}`);
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-", `${name} starts as a PDF`);
    assert.ok(bytes.subarray(-1024).toString("latin1").includes("%%EOF"), `${name} is whole`);
  }
  return names;
}

test("批量打印 writes every branch's year calendar into the chosen folder, and cancels", async () => {
  const browser = await openApp(app.db);
  const root = mkdtempSync(path.join(tmpdir(), "planner-e2e-batch-"));
  try {
    const card = await openPrintPage(browser);
    const intro = await card.getText();
    assert.match(intro, /的 8 个支部各打印一份\d{4}年活动日历/);

    const first = path.join(root, "calendars");
    mkdirSync(first);
    await (await byTestId(browser, "print-batch")).click();
    await chooseFolder(first);
    const progress = await byTestId(browser, "print-batch-progress");
    await progress.waitForDisplayed({ timeout: 20_000 });
    await browser.waitUntil(async () => /已完成 [1-7] \/ 8/.test(await progress.getText()), {
      timeout: 60_000,
      timeoutMsg: "no progress shown while the batch runs",
    });
    await browser.saveScreenshot(path.join(artifacts, "print-batch-progress-zh.png"));
    screenshotScreen("print-batch-progress-screen.png");
    const result = await byTestId(browser, "print-batch-result");
    await result.waitForDisplayed({ timeout: 120_000 });
    const done = await result.getText();
    assert.ok(done.includes(`已完成：8 个文件已保存到 ${first}`), done);
    const written = filesIn(first);
    assert.equal(written.length, 8, written.join(", "));
    const year = new Date().getFullYear();
    assert.ok(written.includes(`杏花社区-蔬菜种植服务型党支部-${year}年活动日历.pdf`), written);
    await browser.saveScreenshot(path.join(artifacts, "print-batch-done-zh.png"));

    // A second batch, with the Excel tables, cancelled after its first document.
    const second = path.join(root, "cancelled");
    mkdirSync(second);
    await (await byTestId(browser, "print-batch-excel")).click();
    await (await byTestId(browser, "print-batch")).click();
    await chooseFolder(second);
    await progress.waitForDisplayed({ timeout: 20_000 });
    await browser.waitUntil(async () => /已完成 [1-9]\d* \/ 12/.test(await progress.getText()), {
      timeout: 60_000,
      timeoutMsg: "the second batch shows no progress",
    });
    await (await byTestId(browser, "print-batch-cancel")).click();
    await browser.waitUntil(async () => (await result.getText()).startsWith("已取消"), {
      timeout: 60_000,
      timeoutMsg: "the batch did not report a cancel",
    });
    const cancelled = await result.getText();
    const count = Number(/已保存 (\d+) \/ 12 个文件/.exec(cancelled)?.[1]);
    assert.ok(count >= 1 && count < 12, cancelled);
    const kept = filesIn(second);
    assert.equal(kept.length, count, `the folder holds exactly the files reported: ${kept}`);
    assert.ok(!kept.some((n) => n.includes("partial")), kept.join(", "));
    await browser.pause(300);
    await browser.saveScreenshot(path.join(artifacts, "print-batch-cancelled-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});
