// The app's start-up, measured through WebDriver in the real window (a benchmark, not a test):
// from the app process's start to 首页 being usable (its data loaded, no spinner), then from a
// click on 统计 to the dashboard's headline figures, and the memory of the app with its WebKit
// processes after the dashboard has loaded. Usage (see README, Speed):
//
//   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
//     node bench-startup.mjs --db city.sqlite3 [--runs 5] [--out ../bench/startup-figures.txt]
//
// APP_BIN and PLANNER_BIN pick the binaries (default: the release builds). The first start of a
// day backs the database up in the background, which on a city's file takes minutes: the day's
// backup is made with the CLI first, so the measured starts find it done (as every start after
// the first of a day does).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { driverPort, startDriver } from "./harness.mjs";
import { remote } from "webdriverio";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    runs: { type: "string", default: "5" },
    out: { type: "string" },
  },
});
if (!values.db) {
  console.error("usage: node bench-startup.mjs --db FILE [--runs N] [--out FILE]");
  process.exit(2);
}
const db = path.resolve(values.db);
const appBin = path.resolve(process.env.APP_BIN ?? "../../target/release/branch-planner");
const runs = Number(values.runs);
const plannerBin = path.resolve(process.env.PLANNER_BIN ?? "../../target/release/planner");
const backups = path.join(path.dirname(db), "backups");
execFileSync(plannerBin, ["backup", "--db", db, "--out", `${backups}/`], { stdio: "inherit" });

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
const bootSeconds = Number(/btime (\d+)/.exec(readFileSync("/proc/stat", "utf8"))[1]);

/** Epoch milliseconds at which process `pid` started (10 ms resolution). */
function startedAt(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (bootSeconds + Number(fields[19]) / ticksPerSecond) * 1000;
}

/** The app process started for `db` (by WebKitWebDriver), found by its command line. */
function appPid() {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmd[0] === appBin && cmd.includes(db)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** The process and all its descendants (WebKit's web and network processes). */
function family(pid) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {}
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    for (const [child, parent] of parents) if (parent === all[i]) all.push(child);
  }
  return all;
}

/** Resident (RSS) and proportional (PSS, shared pages split) memory of the family, in MB. */
function memory(pid) {
  let rss = 0;
  let pss = 0;
  for (const p of family(pid)) {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)[1]);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)[1]);
    } catch {}
  }
  return { rss: rss / 1024, pss: pss / 1024, processes: family(pid).length };
}

const settled = () =>
  document.querySelectorAll(".ant-spin-spinning").length === 0 &&
  document.querySelector('[data-testid="menu-stats"]') !== null &&
  document.querySelector("main h4, .ant-layout-content h4") !== null;

const statsShown = () =>
  document.querySelectorAll(".ant-spin-spinning").length === 0 &&
  document.querySelector('[data-testid^="headline-"]') !== null;

/** Polls `check` in the page every 20 ms; the epoch ms of the first success. */
async function when(browser, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await browser.execute(check)) return Date.now();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

async function oneRun() {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "error",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: appBin, args: ["--db", db] },
    },
  });
  try {
    const pid = appPid();
    if (!pid) throw new Error("app process not found");
    const homeAt = await when(browser, settled, 60_000);
    const start = startedAt(pid);
    const clicked = Date.now();
    await (await browser.$('[data-testid="menu-stats"]')).click();
    const statsAt = await when(browser, statsShown, 60_000);
    const mem = memory(pid);
    return { home: homeAt - start, stats: statsAt - clicked, ...mem };
  } finally {
    await browser.deleteSession();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const stop = await startDriver();
try {
  const warm = await oneRun();
  console.log(`warm-up (files into the page cache): home ${warm.home.toFixed(0)} ms`);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await oneRun();
    console.log(
      `run ${i + 1}: home ${r.home.toFixed(0)} ms, statistics ${r.stats.toFixed(0)} ms, ` +
        `RSS ${r.rss.toFixed(0)} MB, PSS ${r.pss.toFixed(0)} MB (${r.processes} processes)`,
    );
    results.push(r);
  }
  const lines = [
    `branch-planner start-up (${path.basename(appBin)} at ${appBin}; database ${db})`,
    `cold start, app process start to 首页 usable: ${median(results.map((r) => r.home)).toFixed(0)} ms (median of ${runs}; goal 1500 ms)`,
    `统计 opened, click to headline figures: ${median(results.map((r) => r.stats)).toFixed(0)} ms (median of ${runs})`,
    `memory after the dashboard loaded, app + WebKit processes: RSS ${median(results.map((r) => r.rss)).toFixed(0)} MB, PSS ${median(results.map((r) => r.pss)).toFixed(0)} MB (median of ${runs}; goal 200 MB)`,
  ];
  console.log(lines.join("\n"));
  if (values.out) writeFileSync(values.out, `${lines.join("\n")}\n`);
} finally {
  stop();
}
