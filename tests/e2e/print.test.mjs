// 批量打印 in the real app: the 打印 page shows the batch card for the demo (8 branches); the
// real print_batch command then prints every branch's year calendar into a folder, with its
// progress coming through a real IPC channel, and the PDFs are on disk, whole. A second batch
// is cancelled after its first document and leaves only finished files; a batch started while
// one runs is refused with batchRunning.
//
// The native folder dialog (GTK) cannot be driven by WebDriver, and under Xvfb without a window
// manager it takes typed text but not Enter, so the commands are called the way the page's
// ipc/print.ts calls them: the same invoke, with the channel as `__CHANNEL__:<callback id>`.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, tempDir, todayDate, withDemoApp } from "./harness.mjs";

const app = withDemoApp();

async function openPrintPage(browser) {
  const menu = await browser.$(
    `//li[contains(@class,"ant-menu-item")]//*[text()="打印"]`,
  );
  await menu.waitForDisplayed({ timeout: 20_000 });
  await menu.click();
  const card = await byTestId(browser, "print-batch-card");
  await card.waitForDisplayed({ timeout: 10_000 });
  return card;
}

/**
 * Starts print_batch in the window; the outcome, progress messages and any error land in
 * `window.__batches[key]`. With `cancelAfter`, cancel_print_batch is called once that many
 * documents are done.
 */
function startBatch(browser, key, request, folder, cancelAfter) {
  return browser.execute(
    (key, request, folder, cancelAfter) => {
      const ipc = window.__TAURI_INTERNALS__;
      window.__batches = window.__batches ?? {};
      const state = { progress: [], outcome: null, error: null };
      window.__batches[key] = state;
      const channel = ipc.transformCallback((raw) => {
        if (!raw || !("message" in raw)) return;
        state.progress.push({ ...raw.message, index: raw.index });
        if (cancelAfter && raw.message.done === cancelAfter) {
          ipc.invoke("cancel_print_batch", {});
        }
      });
      ipc
        .invoke("print_batch", {
          request,
          folder,
          onProgress: `__CHANNEL__:${channel}`,
        })
        .then((outcome) => {
          state.outcome = outcome;
        })
        .catch((error) => {
          state.error = error;
        });
    },
    key,
    request,
    folder,
    cancelAfter ?? 0,
  );
}

async function batchEnd(browser, key) {
  let state;
  await browser.waitUntil(
    async () => {
      // As JSON: the WebDriver bridge does not pass every object back as it is.
      const json = await browser.execute(
        (key) => JSON.stringify(window.__batches?.[key] ?? null),
        key,
      );
      state = JSON.parse(json);
      assert.ok(state, `batch ${key} was not started`);
      return state.outcome || state.error;
    },
    { timeout: 180_000, interval: 500, timeoutMsg: `batch ${key} did not end` },
  );
  return state;
}

/** The files of `folder`, each a whole PDF (header and end marker). */
function pdfsIn(folder) {
  const names = readdirSync(folder).sort();
  for (const name of names) {
    assert.ok(name.endsWith(".pdf"), `only PDFs: ${name}`);
    const bytes = readFileSync(path.join(folder, name));
    assert.equal(
      bytes.subarray(0, 5).toString(),
      "%PDF-",
      `${name} starts as a PDF`,
    );
    assert.ok(
      bytes.subarray(-1024).toString("latin1").includes("%%EOF"),
      `${name} is whole`,
    );
  }
  return names;
}

test("批量打印 writes every branch's year calendar, reports progress, cancels, one at a time", async () => {
  const browser = await openApp(app.db);
  const root = tempDir("planner-e2e-batch-");
  const year = todayDate().getFullYear();
  const request = {
    townId: null,
    communityId: null,
    year,
    month: null,
    paper: "a4",
    excel: false,
  };
  try {
    const card = await openPrintPage(browser);
    const intro = await card.getText();
    assert.match(intro, /的 8 个支部各打印一份\d{4}年活动日历/);
    assert.ok(intro.includes("批量打印"), intro);
    await browser.pause(300);
    await browser.saveScreenshot(
      path.join(artifacts, "print-batch-card-zh.png"),
    );

    const all = path.join(root, "全部日历");
    await startBatch(browser, "all", request, all);
    // A second batch while the first runs is refused.
    await startBatch(browser, "busy", request, path.join(root, "busy"));
    const busy = await batchEnd(browser, "busy");
    assert.equal(busy.error?.code, "batchRunning", JSON.stringify(busy));

    const done = await batchEnd(browser, "all");
    assert.equal(done.error, null, JSON.stringify(done.error));
    assert.equal(done.outcome.written, 8, JSON.stringify(done.outcome));
    assert.equal(done.outcome.cancelled, false);
    assert.deepEqual(
      done.progress
        .sort((a, b) => a.index - b.index)
        .map((p) => `${p.done}/${p.total}`),
      ["0/8", "1/8", "2/8", "3/8", "4/8", "5/8", "6/8", "7/8", "8/8"],
      "progress before the first document and after each, in order",
    );
    const written = pdfsIn(all);
    assert.equal(written.length, 8, written.join(", "));
    assert.ok(
      written.includes(`杏花社区-蔬菜种植服务型党支部-${year}年活动日历.pdf`),
      written,
    );

    // Cancelled after the first document: only whole files, exactly as many as reported.
    const part = path.join(root, "cancelled");
    await startBatch(browser, "cancel", request, part, 1);
    const cancelled = await batchEnd(browser, "cancel");
    assert.equal(cancelled.outcome?.cancelled, true, JSON.stringify(cancelled));
    assert.ok(cancelled.outcome.written < 8, JSON.stringify(cancelled.outcome));
    const kept = pdfsIn(part);
    assert.equal(kept.length, cancelled.outcome.written, kept.join(", "));
    assert.ok(!readdirSync(part).some((n) => n.endsWith(".partial")));
  } finally {
    await browser.deleteSession();
  }
});
