// Starts the real app through tauri-driver (which drives WebKitWebDriver) and hands out
// WebdriverIO sessions. Each session launches the app process; deleting it closes the app.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

// E2E_PORT moves tauri-driver (and WebKitWebDriver to the next port) off 4444, so two
// checkouts on one machine can run their e2e tests at the same time.
export const driverPort = Number(process.env.E2E_PORT ?? 4444);
const appBin = process.env.APP_BIN ?? path.join(repo, "target/debug/branch-planner");
const plannerBin = process.env.PLANNER_BIN ?? path.join(repo, "target/debug/planner");

/** The suite's default day: an activity day three days ahead, with its reminders. */
export const DEFAULT_DAY = "2026-12-05";

/**
 * The day the suite runs on: `E2E_TODAY`, else DEFAULT_DAY. Never the machine's day: the app gets it with `--today`, and
 * every `planner` the tests start gets it through `BRANCH_PLANNER_TODAY`. `.ci/test` runs the
 * suite on several days; a new test takes its "this month" and "this year" from here.
 */
export const TODAY = process.env.E2E_TODAY ?? DEFAULT_DAY;
if (!/^\d{4}-\d{2}-\d{2}$/.test(TODAY)) throw new Error(`E2E_TODAY is not YYYY-MM-DD: ${TODAY}`);
process.env.BRANCH_PLANNER_TODAY = TODAY;
const [todayYear, todayMonth, todayDay] = TODAY.split("-").map(Number);
/** The suite's day as a local Date (midnight). */
export const todayDate = () => new Date(todayYear, todayMonth - 1, todayDay);

/** Screenshots of the default day's run; a run on another day keeps its own beside them. */
export const artifacts = path.join(here, "artifacts", ...(TODAY === DEFAULT_DAY ? [] : [TODAY]));

const madeDirs = [];
process.on("exit", () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A new folder under the temp dir, removed when the test file's process ends: a CI machine runs
 * the suite three times and must not fill its disk with databases.
 */
export function tempDir(prefix = "planner-e2e-") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** A temp database with the demo town, made by the real CLI. */
export function demoDatabase() {
  const dir = tempDir();
  const db = path.join(dir, "planner.sqlite3");
  const made = spawnSync(plannerBin, ["demo", "--db", db, "--today", TODAY], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`planner demo failed: ${made.stderr}`);
  return db;
}

/** A path in a new temp dir where no database exists yet: the app creates it on start. */
export function emptyDatabasePath() {
  const dir = tempDir();
  return path.join(dir, "planner.sqlite3");
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitForPorts(ports, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await Promise.all(ports.map(portOpen));
    if (open.every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`ports ${ports} did not open in ${timeoutMs} ms`);
}

/** Starts tauri-driver; returns a stop function. Each session names its database with --db. */
export async function startDriver() {
  mkdirSync(artifacts, { recursive: true });
  const driver = spawn(
    "tauri-driver",
    ["--port", String(driverPort), "--native-port", String(driverPort + 1)],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  // tauri-driver listens on its port before WebKitWebDriver is ready on the next.
  await waitForPorts([driverPort, driverPort + 1], 30_000);
  return () => driver.kill();
}

/** Opens the app: a new WebDriver session launches a new app process. */
/** The app on `db`, on the suite's day or, for a test that needs a later one, on `today`. */
export async function openApp(db, { today = TODAY } = {}) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      // The temp dir stands in for the paths a user would pick in a file dialog.
      "tauri:options": {
        application: appBin,
        args: ["--db", db, "--allow-dir", tmpdir(), "--today", today],
      },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  // A closed session must end its app: one left running would hold the test runner's output
  // pipe (inherited through the drivers) and keep `npm test` from ever finishing.
  browser.overwriteCommand("deleteSession", async (deleteSession, ...args) => {
    try {
      return await deleteSession(...args);
    } finally {
      await endApps(db);
    }
  });
  return browser;
}

/** Process ids of the app running on `db`. */
export function appsOn(db) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmd[0] === appBin && cmd.includes(db)) pids.push(Number(entry));
    } catch {
      // It ended while we looked.
    }
  }
  return pids;
}

/** Waits up to 3 s for the app on `db` to end, then kills what is left. */
export async function endApps(db) {
  const deadline = Date.now() + 3000;
  while (appsOn(db).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const pid of appsOn(db)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** A screenshot of the whole X screen (the real window with its frame), via ImageMagick. */
export function screenshotScreen(file) {
  const shot = spawnSync("/usr/bin/import", ["-window", "root", path.join(artifacts, file)]);
  return shot.status === 0;
}

/**
 * Waits until nothing is loading: no spinner, and every content that was under one has faded back
 * in (antd greys it out and fades it back over 0.3 s after the spinner goes). Call before a
 * screenshot taken right after the page reloads its data.
 */
export async function waitSettled(browser, timeout = 10_000) {
  // Settled for 300 ms on end: a reload that starts just after a first look is still caught.
  let since = null;
  await browser.waitUntil(
    async () => {
      const settled = await browser.execute(() => {
        if (document.querySelector(".ant-spin-spinning")) return false;
        return [...document.querySelectorAll(".ant-spin-container")].every(
          (c) => getComputedStyle(c).opacity === "1" && getComputedStyle(c, "::after").opacity === "0",
        );
      });
      if (!settled) since = null;
      else since ??= Date.now();
      return since !== null && Date.now() - since >= 300;
    },
    { timeout, interval: 100, timeoutMsg: "the page is still loading (spinner or greyed-out content)" },
  );
}

/** Waits until no antd message ("已保存" …) is showing, so none covers a screenshot. */
export async function waitNoMessages(browser, timeout = 10_000) {
  await browser.waitUntil(
    async () => {
      for (const notice of await browser.$$(".ant-message-notice")) {
        if (await notice.isDisplayed()) return false;
      }
      return true;
    },
    { timeout, timeoutMsg: "a message stays on screen" },
  );
}

/** An element by its data-testid. */
export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/**
 * The setup every test file shares: a demo database and tauri-driver for the file's tests.
 * Returns an object whose `db` is filled in before the first test runs.
 */
export function withDemoApp() {
  const context = { db: undefined };
  let stop;
  before(async () => {
    context.db = demoDatabase();
    stop = await startDriver();
  });
  after(() => stop?.());
  return context;
}

/**
 * Answers the native GTK open dialog titled `title` with `file`, as a user would: focus it,
 * Ctrl+L for the location field, type the path, Enter (xdotool on the test's X display).
 */
export function answerOpenDialog(title, file) {
  const found = spawnSync("xdotool", ["search", "--sync", "--onlyvisible", "--name", title], {
    encoding: "utf8",
    timeout: 20_000,
  });
  const window = found.stdout.trim().split("\n").pop();
  if (!window) throw new Error(`no dialog titled ${title}: ${found.stderr}`);
  const run = (...args) => {
    const done = spawnSync("xdotool", args, { encoding: "utf8" });
    if (done.status !== 0) throw new Error(`xdotool ${args.join(" ")}: ${done.stderr}`);
  };
  run("windowfocus", "--sync", window);
  run("key", "--window", window, "ctrl+l");
  spawnSync("sleep", ["0.5"]);
  run("type", "--delay", "30", file);
  spawnSync("sleep", ["0.3"]);
  run("key", "Return");
}
