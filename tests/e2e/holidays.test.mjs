// Next year's holidays before the app ships them: in December the secretary pastes the State
// Council's notice into 设置 → 节假日安排, checks the days read and saves them; the year then has
// its breaks.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { artifacts, byTestId, openApp, withDemoApp } from "./harness.mjs";

const app = withDemoApp();

// A notice in the usual wording for a year the app has no schedule for.
const NOTICE = `国务院办公厅关于2029年部分节假日安排的通知
一、元旦：1月1日（周一）放假1天，不调休。
二、春节：2月12日（农历除夕、周一）至19日（农历正月初七、周一）放假调休，共8天。2月10日（周六）、2月24日（周六）上班。
三、清明节：4月4日（周三）至6日（周五）放假，共3天。`;

test("a pasted notice becomes the year's holiday schedule", async () => {
  const browser = await openApp(app.db);
  try {
    await (await byTestId(browser, "menu-settings")).waitForDisplayed({ timeout: 20_000 });
    await (await byTestId(browser, "menu-settings")).click();
    const open = await byTestId(browser, "holiday-notice");
    await open.waitForDisplayed({ timeout: 10_000 });
    await open.click();
    const year = await byTestId(browser, "holiday-notice-year");
    await year.waitForDisplayed({ timeout: 10_000 });
    await year.click();
    const option = await browser.$('.ant-select-dropdown .ant-select-item-option[title="2029"]');
    await option.waitForDisplayed({ timeout: 10_000 });
    await option.click();
    // Pasted, as from the government website: the whole text arrives at once.
    const text = await byTestId(browser, "holiday-notice-text");
    await browser.execute(
      (el, value) => {
        const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
        setter.call(el, value);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      },
      text,
      NOTICE,
    );
    await (await byTestId(browser, "holiday-notice-read")).click();
    const summary = await byTestId(browser, "holiday-notice-summary");
    await summary.waitForDisplayed({ timeout: 10_000 });
    assert.match(await summary.getText(), /2029 年：放假 12 天，调休上班 2 天/);
    const rows = await browser.$$('[data-testid="holiday-notice-days"] tbody tr.ant-table-row');
    assert.equal(rows.length, 14);
    await browser.pause(300);
    await browser.saveScreenshot(path.join(artifacts, "holidays-notice-preview-zh.png"));

    await (await byTestId(browser, "holiday-notice-save")).click();
    const source = await byTestId(browser, "holiday-source");
    await browser.waitUntil(async () => (await source.getText()).includes("国务院放假通知"), {
      timeout: 10_000,
      timeoutMsg: "the card did not switch to the saved year",
    });
    const breaks = await (await byTestId(browser, "holiday-breaks")).getText();
    assert.ok(breaks.includes("春节"), breaks);
  } finally {
    await browser.deleteSession();
  }
});
