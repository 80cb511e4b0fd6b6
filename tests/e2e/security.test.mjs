// The locked-down shell, tried from inside the real window: commands touch only files the user
// picked (here: the temp dir given with --allow-dir), the CSP stops injected scripts and remote
// requests, the window has no file-system permissions, and a second start on the same database
// hands over to the open window instead of opening another.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { artifacts, demoDatabase, endApps, openApp, TODAY, tempDir, withDemoApp } from "./harness.mjs";

const app = withDemoApp();
const appBin = process.env.APP_BIN ?? path.resolve("../../target/debug/branch-planner");

/** Calls a command from the page: `{ ok }` or `{ err }` (a result named `error` would be taken
 * for a WebDriver error). */
function invoke(browser, cmd, args) {
  return browser.executeAsync(
    (cmd, args, done) => {
      window.__TAURI_INTERNALS__
        .invoke(cmd, args)
        .then((value) => done({ ok: value }))
        .catch((err) => done({ err }));
    },
    cmd,
    args,
  );
}

async function waitForShell(browser) {
  const menu = await browser.$(`//li[contains(@class,"ant-menu-item")]//*[text()="组织"]`);
  await menu.waitForDisplayed({ timeout: 20_000 });
}

test("commands write only where the user chose, and never climb out with ..", async () => {
  const browser = await openApp(app.db);
  try {
    await waitForShell(browser);
    const outside = mkdtempSync(path.join(homedir(), "bp-e2e-"));
    try {
      const notChosen = path.join(outside, "花名册.xlsx");
      const refused = await invoke(browser, "export_register", { path: notChosen });
      assert.equal(refused.err?.code, "pathNotChosen", JSON.stringify(refused));
      assert.equal(refused.err?.subject, notChosen);
      assert.equal(existsSync(notChosen), false, "nothing written outside the chosen places");

      // Written by hand: path.join would resolve the "..".
      const climbing = `${tmpdir()}/../${path.relative("/", outside)}/花名册.xlsx`;
      const climbed = await invoke(browser, "export_register", { path: climbing });
      assert.equal(climbed.err?.code, "pathNotChosen", JSON.stringify(climbed));
      assert.equal(existsSync(path.join(outside, "花名册.xlsx")), false);

      const relative = await invoke(browser, "inspect_backup", { path: "backups/x.bpbak" });
      assert.equal(relative.err?.code, "pathNotChosen", JSON.stringify(relative));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }

    const chosen = path.join(tempDir("bp-chosen-"), "花名册.xlsx");
    const written = await invoke(browser, "export_register", { path: chosen });
    assert.ok(written.ok, JSON.stringify(written));
    assert.ok(existsSync(chosen), "a chosen path is written");
  } finally {
    await browser.deleteSession();
  }
});

test("the window has no file-system permission and its CSP blocks injected and remote code", async () => {
  const browser = await openApp(app.db);
  try {
    await waitForShell(browser);
    const read = await invoke(browser, "plugin:fs|read_text_file", { path: "/etc/hostname" });
    assert.ok(read.err !== undefined, `fs read must be refused: ${JSON.stringify(read)}`);
    assert.match(String(read.err), /not allowed|denied|forbidden/i);

    const blocked = await browser.executeAsync((done) => {
      const violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        violations.push(e.violatedDirective),
      );
      const script = document.createElement("script");
      script.textContent = "window.__injected = true;";
      document.body.appendChild(script);
      fetch("https://example.com/")
        .then(() => "fetched")
        .catch(() => "refused")
        .then((remote) =>
          setTimeout(() => done({ injected: window.__injected === true, remote, violations }), 300),
        );
    });
    assert.equal(blocked.injected, false, "an injected inline script must not run");
    assert.equal(blocked.remote, "refused", "a remote request must not leave the window");
    assert.ok(
      blocked.violations.some((d) => d.startsWith("script-src")),
      `the CSP reports the script: ${blocked.violations}`,
    );
    assert.ok(
      blocked.violations.some((d) => d.startsWith("connect-src")),
      `the CSP reports the request: ${blocked.violations}`,
    );
  } finally {
    await browser.deleteSession();
  }
});

/** Starts the app binary directly (not through the driver) on `db`, in its own process group
 * so `stop` ends it with its WebKit processes; no pipes, so nothing it leaves can hold the test
 * runner open. */
function startApp(db) {
  const child = spawn(appBin, ["--db", db, "--today", TODAY], { stdio: "ignore", detached: true });
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  return { exited, stop };
}

const withinMs = (promise, ms) =>
  Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve("running"), ms))]);

test(
  "a second start on the same database hands over to the open window; another database opens",
  { skip: !process.env.DBUS_SESSION_BUS_ADDRESS && "needs a D-Bus session (dbus-run-session)" },
  async () => {
    const browser = await openApp(app.db);
    try {
      await waitForShell(browser);
      const second = startApp(app.db);
      const code = await withinMs(second.exited, 20_000);
      if (code === "running") second.stop();
      assert.equal(code, 0, "the second start must hand over and exit");
      const notice = await browser.$("//*[contains(text(),'已经打开了这个数据库')]");
      await notice.waitForDisplayed({ timeout: 10_000 });
      await browser.pause(600); // let the message finish sliding in before the screenshot
      await browser.saveScreenshot(path.join(artifacts, "second-instance-zh.png"));

      const otherDb = demoDatabase();
      const other = startApp(otherDb);
      try {
        assert.equal(
          await withinMs(other.exited, 5_000),
          "running",
          "a different database opens its own window",
        );
      } finally {
        other.stop();
        await endApps(otherDb);
      }
    } finally {
      await browser.deleteSession();
    }
  },
);
