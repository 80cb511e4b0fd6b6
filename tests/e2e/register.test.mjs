// The register through the real window: open a branch, add a member, restart, find them;
// a member without a name is refused in Chinese; screenshots in Chinese and English.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  answerOpenDialog,
  artifacts,
  byTestId,
  emptyDatabasePath,
  openApp,
  screenshotScreen,
  waitSettled,
  withDemoApp,
} from "./harness.mjs";

const BRANCH = "蔬菜种植服务型党支部";
const NEW_MEMBER = "端木晓雯";

const app = withDemoApp();

/** Clicks the branch in the register tree and waits for its member table. */
async function openBranch(browser, name) {
  const node = await browser.$(`//span[contains(@class,"ant-tree-title")]//*[contains(text(),"${name}")]`);
  await node.waitForDisplayed({ timeout: 20_000 });
  await node.click();
  await (await byTestId(browser, "member-table")).waitForDisplayed({ timeout: 10_000 });
}

async function tableText(browser) {
  return (await byTestId(browser, "member-table")).getText();
}

async function openRegister(browser) {
  const menu = await browser.$(`//li[contains(@class,"ant-menu-item")]//*[text()="组织"]`);
  await menu.waitForDisplayed({ timeout: 20_000 });
  await menu.click();
}

test("a member added through the form is still there after a restart", async () => {
  let browser = await openApp(app.db);
  try {
    await openRegister(browser);
    await openBranch(browser, BRANCH);
    assert.ok(!(await tableText(browser)).includes(NEW_MEMBER), "the member is new");

    await (await byTestId(browser, "add-member")).click();
    const name = await byTestId(browser, "member-name");
    await name.waitForDisplayed({ timeout: 10_000 });
    await name.setValue(NEW_MEMBER);
    await (await byTestId(browser, "member-birth-year")).setValue("1986");
    await (await byTestId(browser, "member-phone")).setValue("13905368888");
    await (await byTestId(browser, "member-specialty")).setValue("大棚蔬菜");
    await (await byTestId(browser, "member-save")).click();
    await browser.waitUntil(async () => (await tableText(browser)).includes(NEW_MEMBER), {
      timeout: 10_000,
      timeoutMsg: "the new member did not appear in the table",
    });
    await browser.saveScreenshot(path.join(artifacts, "register-zh.png"));
    screenshotScreen("screen-zh.png");
  } finally {
    await browser.deleteSession();
  }

  browser = await openApp(app.db);
  try {
    await openRegister(browser);
    await openBranch(browser, BRANCH);
    const text = await tableText(browser);
    assert.ok(text.includes(NEW_MEMBER), `after a restart the table holds ${NEW_MEMBER}`);
    assert.ok(text.includes("13905368888"));
  } finally {
    await browser.deleteSession();
  }
});

// A roster as a community office keeps it: a title naming the branch, a 填报单位 line, a 序号
// column, 出生年月 and 入党时间 written with dots, and no branch column. (Another branch than
// BRANCH, whose table the English test reads on its first page.)
const ROSTER_BRANCH = "农机服务型党支部";
const ROSTER = [
  `杏花社区${ROSTER_BRANCH}党员花名册,,,,,`,
  "填报单位：杏花社区党委,,,填报日期：2026年11月,,",
  "序号,姓名,性别,出生年月,入党时间,手机号码",
  "1,欧阳春华,男,1968.03,1995.07,13905367001",
  "2,上官秀兰,女,1972.3,2010.07.01,",
  "3,司马德顺,男,1970年3月,1998-06-30,13905367003",
].join("\n");

test("a roster with a title above its header imports into the branch its title names", async () => {
  // An ASCII name: xdotool types some Chinese characters into the GTK dialog wrongly.
  const file = path.join(path.dirname(app.db), "roster-xinghua.csv");
  writeFileSync(file, `${ROSTER}\n`);
  const browser = await openApp(app.db);
  try {
    await openRegister(browser);
    await openBranch(browser, ROSTER_BRANCH);
    await (await byTestId(browser, "import-members")).click();
    answerOpenDialog("选择党员名册", file);
    const layout = await byTestId(browser, "import-layout");
    await layout.waitForDisplayed({ timeout: 20_000 });
    const said = await layout.getText();
    assert.ok(said.includes("第 3 行是表头"), said);
    assert.ok(said.includes("出生年月 → 出生年份"), said);
    assert.ok(said.includes("不读取的列：序号"), said);
    assert.ok(said.includes(`导入标题中的“${ROSTER_BRANCH}”`), said);
    assert.ok((await (await byTestId(browser, "import-summary")).getText()).includes("共 3 行，0 行有问题"));
    await browser.pause(500);
    await browser.saveScreenshot(path.join(artifacts, "register-roster-preview-zh.png"));
    await (await byTestId(browser, "import-confirm")).click();
    await browser.waitUntil(async () => (await tableText(browser)).includes("司马德顺"), {
      timeout: 15_000,
      timeoutMsg: "the imported members are not in the branch's table",
    });
    const text = await tableText(browser);
    for (const name of ["欧阳春华", "上官秀兰"]) assert.ok(text.includes(name), name);
  } finally {
    await browser.deleteSession();
  }
});

test("saving a member with no name shows the Chinese error next to the field", async () => {
  const browser = await openApp(app.db);
  try {
    await openRegister(browser);
    await openBranch(browser, BRANCH);
    await (await byTestId(browser, "add-member")).click();
    await (await byTestId(browser, "member-name")).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId(browser, "member-save")).click();
    const error = await browser.$(".ant-form-item-explain-error");
    await error.waitForDisplayed({ timeout: 10_000 });
    // The message fades in; wait for its text rather than reading it mid-animation.
    await browser.waitUntil(async () => (await error.getText()) === "请输入姓名", {
      timeout: 5_000,
      timeoutMsg: `expected 请输入姓名 next to the name field, saw "${await error.getText()}"`,
    });
    // The form stays open: nothing was saved.
    assert.ok(await (await byTestId(browser, "member-name")).isDisplayed());
    await browser.saveScreenshot(path.join(artifacts, "member-form-error-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});

test("the register in English", async () => {
  const browser = await openApp(app.db);
  try {
    await openRegister(browser);
    await openBranch(browser, BRANCH);
    await (await byTestId(browser, "language-switch")).click();
    await browser.waitUntil(async () => /Register[\s\S]*Secretary/.test(await browser.$("body").getText()), {
      timeout: 10_000,
      timeoutMsg: "the UI did not switch to English",
    });
    // The table reloads in the new language: its rows are greyed out under a spinner and fade
    // back in after it. Wait for the rows, then for the reload to finish, before the screenshot.
    await browser.waitUntil(
      async () =>
        (await browser.$$('[data-testid="member-table"] tr.ant-table-row')).length > 0 &&
        (await tableText(browser)).includes(NEW_MEMBER),
      { timeout: 10_000, timeoutMsg: "the member table is empty after switching to English" },
    );
    await waitSettled(browser);
    await browser.saveScreenshot(path.join(artifacts, "register-en.png"));
    // Switch back so the database keeps Chinese for the next run.
    await (await byTestId(browser, "language-switch")).click();
  } finally {
    await browser.deleteSession();
  }
});

test("a first run on no database offers the demo town or an empty start", async () => {
  const fresh = emptyDatabasePath();
  const browser = await openApp(fresh);
  try {
    const welcome = await byTestId(browser, "welcome");
    await welcome.waitForDisplayed({ timeout: 20_000 });
    assert.ok(await (await byTestId(browser, "start-demo")).isDisplayed());
    await browser.saveScreenshot(path.join(artifacts, "welcome-zh.png"));
    await (await byTestId(browser, "start-empty")).click();
    const addTown = await byTestId(browser, "empty-add-town");
    await addTown.waitForDisplayed({ timeout: 10_000 });
    const body = await browser.$("body").getText();
    assert.ok(body.includes("还没有镇"), "the empty register says to add a town first");
    await browser.saveScreenshot(path.join(artifacts, "register-empty-zh.png"));
  } finally {
    await browser.deleteSession();
  }
});
