// The app binary's own flags, without a window: --help and --version print and exit even with
// no display; without a display the app says so and creates no database; an impossible --today
// is refused instead of running on the machine's day.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { tempDir } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const appBin = process.env.APP_BIN ?? path.resolve(here, "../../target/debug/branch-planner");

/** Runs the app with no display at all, as from a text console or an ssh session. */
function runHeadless(args) {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return spawnSync(appBin, args, { encoding: "utf8", env, timeout: 20_000 });
}

test("--help and --version print and exit without a display", () => {
  const version = runHeadless(["--version"]);
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^branch-planner \d+\.\d+\.\d+\n$/);
  const help = runHeadless(["--help"]);
  assert.equal(help.status, 0, help.stderr);
  for (const flag of ["--db", "--demo", "--today", "--allow-dir", "--version"]) {
    assert.ok(help.stdout.includes(flag), `--help names ${flag}`);
  }
  assert.ok(help.stdout.includes("支部活动规划"), "the help is Chinese first");
});

test("without a display the app says so and creates no database", () => {
  const db = path.join(tempDir(), "planner.sqlite3");
  const run = runHeadless(["--db", db]);
  assert.equal(run.status, 1);
  assert.ok(run.stderr.includes("没有可用的图形显示"), run.stderr);
  assert.equal(existsSync(db), false, "no database was created");
});

test("an impossible --today is refused, naming the flag", () => {
  const db = path.join(tempDir(), "planner.sqlite3");
  const run = spawnSync(appBin, ["--db", db, "--today", "2027-02-29"], { encoding: "utf8", timeout: 20_000 });
  assert.equal(run.status, 2);
  assert.ok(run.stderr.includes("--today") && run.stderr.includes("2027-02-29"), run.stderr);
  assert.equal(existsSync(db), false, "no database was created");
});
