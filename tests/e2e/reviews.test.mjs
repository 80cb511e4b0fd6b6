// 评议 through the real window on the demo database: open 杏花社区's review of this quarter,
// register residents, key in three paper ballots (one with a written comment), correct a
// mistyped sheet, tally (a tie and two flagged branches), finalise, see editing refused, and
// check the audit chain.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import {
  artifacts,
  byTestId,
  openApp,
  screenshotScreen,
  TODAY,
  todayDate,
  waitNoMessages,
  withDemoApp,
} from "./harness.mjs";

const app = withDemoApp();
const COMMUNITY = "杏花社区";

async function openTab(browser, label) {
  const tab = await browser.$(`//div[@role="tab"][contains(.,"${label}")]`);
  await tab.waitForDisplayed({ timeout: 10_000 });
  await tab.click();
}

async function waitForState(browser, text) {
  await browser.waitUntil(
    async () => (await (await byTestId(browser, "review-state")).getText()).includes(text),
    { timeout: 15_000, timeoutMsg: `the review did not reach ${text}` },
  );
}

/**
 * Types one paper sheet into the entry row: reviewer key, then a key per branch, Enter. A
 * `{ comment }` step writes the comment of the branch just marked: * opens its box, the text,
 * Tab on to the next mark.
 */
async function keySheet(browser, keys) {
  const group = await byTestId(browser, "entry-group");
  await group.waitForEnabled({ timeout: 10_000 });
  await group.click();
  for (const key of keys) {
    if (typeof key === "object") {
      await browser.keys("*");
      await browser.pause(80);
      await browser.keys(key.comment);
      await browser.pause(80);
      await browser.keys("Tab");
    } else {
      await browser.keys(key);
    }
    await browser.pause(80);
  }
  await browser.keys("Enter");
  // Saved: the row is cleared for the next sheet.
  await browser.waitUntil(async () => (await group.getValue()) === "", {
    timeout: 15_000,
    timeoutMsg: `sheet ${keys.join("")} was not saved`,
  });
}

/** From the register, the community's review of this quarter, opened (草稿). */
async function openReview(browser, community) {
  await (await byTestId(browser, "menu-register")).waitForDisplayed({ timeout: 20_000 });
  await (await byTestId(browser, "menu-register")).click();
  const node = await browser.$(`//span[contains(@class,"ant-tree-title")][contains(.,"${community}")]`);
  await node.waitForDisplayed({ timeout: 20_000 });
  await node.click();
  await (await byTestId(browser, "menu-reviews")).click();
  const open = await byTestId(browser, "review-open");
  await open.waitForDisplayed({ timeout: 20_000 });
  await open.click();
  await waitForState(browser, "草稿");
}

/**
 * 开始收集选票: the dialog asks how many take part, members prefilled from the register (the
 * number the review was opened with); `members` replaces it when given. Returns the prefill.
 */
async function startCollecting(browser, { residents, members }) {
  await openTab(browser, "选票录入");
  await (await byTestId(browser, "review-start")).click();
  const memberBox = await browser.$('input[data-testid="start-members"], [data-testid="start-members"] input');
  await memberBox.waitForDisplayed({ timeout: 10_000 });
  const prefilled = Number(await memberBox.getValue());
  // A number box keeps what it holds under WebDriver's clear: select it all, then type over.
  const typeOver = async (box, value) => {
    await box.click();
    await browser.keys(["Control", "a"]);
    await browser.keys(String(value));
    await browser.waitUntil(async () => (await box.getValue()) === String(value), {
      timeout: 5_000,
      timeoutMsg: `the box did not take ${value}`,
    });
  };
  if (members !== undefined) await typeOver(memberBox, members);
  const residentBox = await browser.$('input[data-testid="start-residents"], [data-testid="start-residents"] input');
  await typeOver(residentBox, residents);
  await (await byTestId(browser, "start-ok")).click();
  await waitForState(browser, "收集选票");
  return prefilled;
}

test("a quarterly review from ballots to a locked, verified result", async () => {
  const browser = await openApp(app.db);
  try {
    await openReview(browser, COMMUNITY);
    await (await byTestId(browser, "fact-sheets")).waitForDisplayed({ timeout: 10_000 });
    await browser.saveScreenshot(path.join(artifacts, "reviews-facts-zh.png"));
    await openTab(browser, "选票录入");
    const memberCount = await browser.$('input[data-testid="reviewers-member"], [data-testid="reviewers-member"] input');
    await memberCount.waitForDisplayed({ timeout: 10_000 });
    const registered = await memberCount.getValue();
    const prefilled = await startCollecting(browser, { members: 3, residents: 5 });
    assert.ok(prefilled > 0, "members are prefilled from the register");
    assert.equal(String(prefilled), registered, "with the community's active members");

    // Four branches per sheet: 1 满意, 2 基本满意, 3 不满意, 4 多选 (invalid). The first sheet
    // is mistyped (branch 1 keyed 3, the paper says 1) and corrected below.
    await keySheet(browser, ["1", "3", "2", "1", "3"]);
    await keySheet(browser, ["2", "1", { comment: "路灯还没修好" }, "1", "4", "2"]);
    await keySheet(browser, ["1", "2", "3", "1", "1"]);
    const rows = await browser.$$('[data-testid="ballot-list"] tbody tr.ant-table-row');
    assert.equal(rows.length, 3, "three sheets listed");
    const comment = await byTestId(browser, "ballot-comment-2-0");
    await comment.waitForDisplayed({ timeout: 10_000 });
    // textContent: antd's ellipsis measures the text in a copy, which getText may not see.
    assert.match(
      await comment.getProperty("textContent"),
      /“路灯还没修好”/,
      "the typed comment is listed",
    );

    // Correct sheet 1 in place: branch 1 becomes 满意 and gets the comment written beside it.
    await (await byTestId(browser, "ballot-edit-1")).click();
    const editMark = await byTestId(browser, "edit-mark-0");
    await editMark.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await editMark.getValue(), "3", "the form opens with the saved keys");
    await editMark.click();
    for (const key of ["End", "Backspace", "1"]) {
      await browser.keys(key);
      await browser.pause(80);
    }
    await (await byTestId(browser, "edit-comment-0")).click();
    await browser.keys("活动讲得实在");
    await browser.pause(200);
    await browser.saveScreenshot(path.join(artifacts, "reviews-edit-ballot-zh.png"));
    screenshotScreen("reviews-edit-ballot-screen-zh.png");
    await browser.keys("Enter");
    const corrected = await byTestId(browser, "ballot-comment-1-0");
    await corrected.waitForDisplayed({ timeout: 15_000 });
    assert.match(await corrected.getProperty("textContent"), /活动讲得实在/);
    assert.equal(
      (await browser.$$('[data-testid="ballot-list"] tbody tr.ant-table-row')).length,
      3,
      "corrected, not added",
    );
    await browser.waitUntil(async () => !(await (await byTestId(browser, "ballot-edit")).isExisting()), {
      timeout: 10_000,
      timeoutMsg: "the edit form did not close",
    });
    await (await byTestId(browser, "ballot-list")).scrollIntoView();
    await browser.pause(300);
    await browser.saveScreenshot(path.join(artifacts, "reviews-ballots-comments-zh.png"));

    // Members 2 / 3, residents 1 / 5: the residents' turnout is low, so tallying asks first.
    const turnout = await byTestId(browser, "turnout-resident");
    await browser.waitUntil(async () => (await turnout.getText()).includes("群众 1 / 5（20%）"), {
      timeout: 10_000,
      timeoutMsg: "the turnout line shows the residents' 1 / 5",
    });
    const memberTurnout = await (await byTestId(browser, "turnout-member")).getText();
    assert.ok(memberTurnout.includes("党员 2 / 3（66%）"), memberTurnout);
    await (await byTestId(browser, "review-tally")).click();
    const low = await byTestId(browser, "low-turnout");
    await low.waitForDisplayed({ timeout: 10_000 });
    assert.ok((await low.getText()).includes("群众只收回 1 / 5 张选票（20%）"), await low.getText());
    await browser.pause(300);
    await browser.saveScreenshot(path.join(artifacts, "reviews-low-turnout-zh.png"));
    await (await byTestId(browser, "tally-anyway")).click();
    await waitForState(browser, "已统计");
    await openTab(browser, "统计结果");
    await (await byTestId(browser, "tally")).waitForDisplayed({ timeout: 10_000 });
    // Hand count: branch 3 (满意, 多选, 满意) 100; branch 1 (满意, 满意, 基本满意) 86.7;
    // branches 2 and 4 (one of each) 53.3 — tied at rank 3, both below 80%.
    const scores = [];
    for (const cell of await browser.$$('[data-testid="tally"] [data-testid="score"]')) {
      scores.push(await cell.getText());
    }
    assert.deepEqual(scores, ["100.0", "86.7", "53.3", "53.3"]);
    const flagged = await browser.$$('[data-testid="tally"] tr[data-flagged="true"]');
    assert.equal(flagged.length, 2, "two branches below the 80% threshold");
    // The README shows this one: without the "ballot saved" messages over the title.
    await waitNoMessages(browser);
    await browser.saveScreenshot(path.join(artifacts, "reviews-tally-zh.png"));
    screenshotScreen("reviews-tally-screen-zh.png");

    await (await byTestId(browser, "review-finalise")).click();
    const ok = await byTestId(browser, "review-finalise-ok");
    await ok.waitForDisplayed({ timeout: 10_000 });
    const confirm = await (await byTestId(browser, "finalise-confirm")).getText();
    assert.ok(confirm.includes("重新打开") && confirm.includes("原因会记入审计记录"), confirm);
    assert.ok(confirm.includes("群众只收回 1 / 5 张选票"), "the low turnout is named again");
    await ok.click();
    await waitForState(browser, "已定稿");
    await (await byTestId(browser, "review-locked")).waitForDisplayed({ timeout: 10_000 });

    // Editing is refused: the entry row is disabled, and the core itself says reviewLocked.
    await openTab(browser, "选票录入");
    assert.equal(await (await byTestId(browser, "entry-group")).isEnabled(), false);
    const refusal = await browser.executeAsync((year, quarter, done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      invoke("org_tree")
        .then((t) => {
          const community = t.towns[0].communities.find((c) => c.community.name === "杏花社区");
          return invoke("find_review", { communityId: community.community.id, year, quarter });
        })
        .then((review) => {
          const code = (p) =>
            p.then(
              () => "saved",
              (e) => e.code ?? String(e),
            );
          return Promise.all([
            code(
              invoke("save_ballot", {
                id: review.review.id,
                ballotId: null,
                draft: { group: "member", marks: [] },
              }),
            ),
            code(
              invoke("update_ballot", {
                ballotId: review.ballots[0].id,
                draft: { group: "member", marks: [] },
              }),
            ),
          ]);
        })
        .then(done, (e) => done(String(e)));
    }, todayDate().getFullYear(), Math.floor(todayDate().getMonth() / 3) + 1);
    assert.deepEqual(
      refusal,
      ["reviewLocked", "reviewLocked"],
      "a finalised review refuses a new ballot and a corrected one",
    );
    assert.equal(
      await (await byTestId(browser, "ballot-edit-1")).isExisting(),
      false,
      "no 修改 once finalised",
    );

    await (await byTestId(browser, "review-verify")).click();
    const chain = await byTestId(browser, "chain-result");
    await chain.waitForDisplayed({ timeout: 10_000 });
    assert.match(await chain.getText(), /审计链完整/);
    // The committee reads the reviewers' comments by branch.
    await openTab(browser, "评语与整改");
    const voices = await browser.$('[data-testid="voices"]');
    await voices.waitForDisplayed({ timeout: 10_000 });
    assert.match(await voices.getText(), /选票上的意见（2 条）/);
    assert.match(await voices.getText(), /活动讲得实在/);
    await browser.saveScreenshot(path.join(artifacts, "reviews-voices-zh.png"));
    await openTab(browser, "统计结果");
    await browser.saveScreenshot(path.join(artifacts, "reviews-finalised-zh.png"));

    // A branch's history: the rate line with the community's threshold (80 %, its setting).
    await (await byTestId(browser, "menu-register")).click();
    const branch = await browser.$(
      '//span[contains(@class,"ant-tree-title")][contains(.,"农机服务型党支部")]',
    );
    await branch.waitForDisplayed({ timeout: 20_000 });
    await branch.click();
    await (await byTestId(browser, "menu-reviews")).click();
    const line = await byTestId(browser, "sparkline");
    await line.waitForDisplayed({ timeout: 20_000 });
    assert.match(await (await byTestId(browser, "history-threshold")).getText(), /80%/);
    await browser.saveScreenshot(path.join(artifacts, "reviews-branch-history-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});

const plannerBin = process.env.PLANNER_BIN ?? path.resolve("../../target/debug/planner");

/** `planner ARGS --json` on the test's database, parsed. */
function plannerJson(args) {
  const out = spawnSync(plannerBin, [...args, "--db", app.db, "--json"], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

test("30 paper sheets keyed blind, keys only, are stored exactly", async () => {
  const OTHER = "青石社区";
  const browser = await openApp(app.db);
  try {
    await openReview(browser, OTHER);
    await startCollecting(browser, { residents: 30 });

    const branches = (await browser.$$('[data-testid^="entry-mark-"]')).length;
    assert.ok(branches >= 2, "the community's branches each have a mark box");
    // Sheet n: 党员 or 群众, then a mark per branch from the key set; sheet 5 has a comment.
    const sheets = Array.from({ length: 30 }, (_, n) => [
      String((n % 2) + 1),
      ...Array.from({ length: branches }, (_, b) => "12301234"[(n + b * 3) % 8]),
    ]);
    const group = await byTestId(browser, "entry-group");
    await group.waitForEnabled({ timeout: 10_000 });
    await group.click();
    for (const [n, keys] of sheets.entries()) {
      const typed = n === 4 ? [keys[0], keys[1], "*", "灯", "Tab", ...keys.slice(2)] : keys;
      // One key at a time, no pause: an array would be a chord (a repeated key pressed once).
      for (const key of [...typed, "Enter"]) await browser.keys(key);
      if (n === 4) await browser.saveScreenshot(path.join(artifacts, "reviews-keying-after-5-zh.png"));
    }
    const last = await byTestId(browser, "entry-last");
    await browser.waitUntil(async () => (await last.getText()).startsWith("第 30 张"), {
      timeout: 20_000,
      timeoutMsg: "the 30th sheet was not saved",
    });
    assert.equal(await group.getValue(), "", "the cursor waits on a new, empty sheet");

    const community = plannerJson(["list", "branches"]).find((b) => b.community === OTHER).communityId;
    const year = TODAY.slice(0, 4);
    const quarter = String(Math.floor((Number(TODAY.slice(5, 7)) - 1) / 3) + 1);
    const shown = plannerJson(["review", "show", "--community", community, "--year", year, "--quarter", quarter]);
    assert.deepEqual(shown.sheets, { member: 15, resident: 15 });
    // Every mark counted as keyed, branch by branch in the row's order.
    const names = await Promise.all(
      (await browser.$$('[data-testid="ballot-entry"] .ant-typography[title]'))
        .slice(1)
        .map((e) => e.getAttribute("title")),
    );
    for (const [b, name] of names.entries()) {
      const line = shown.branches.find((x) => x.branchName === name);
      assert.ok(line, `tally line of ${name}`);
      const keyed = sheets.map((k) => k[b + 1]);
      const count = (k) => keyed.filter((x) => x === k).length;
      assert.deepEqual(
        line.combined.counts,
        {
          satisfied: count("1"),
          fairlySatisfied: count("2"),
          dissatisfied: count("3"),
          noRating: count("0"),
          twoRatings: count("4"),
        },
        `${name}: every mark as keyed`,
      );
    }
  } finally {
    await browser.deleteSession();
  }
});
