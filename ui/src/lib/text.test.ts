import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { clausesText, labelled, listText, monthName, sentencesText, withNote } from "./text";

const zh = i18n.getFixedT("zh-CN");
const en = i18n.getFixedT("en");

describe("joining words", () => {
  it("uses Chinese punctuation in Chinese", () => {
    expect(listText(zh, ["张三", "李四"])).toBe("张三、李四");
    expect(clausesText(zh, ["未评 0", "多选 1"])).toBe("未评 0，多选 1");
    expect(sentencesText(zh, ["甲", "乙"])).toBe("甲；乙");
    expect(withNote(zh, "王建国", "支部书记")).toBe("王建国（支部书记）");
    expect(labelled(zh, "负责人", "张三")).toBe("负责人：张三");
    expect(monthName(zh, 3)).toBe("3月");
    expect(monthName(zh, 12)).toBe("12月");
  });

  it("uses ASCII punctuation in English", () => {
    expect(listText(en, ["Zhang", "Li"])).toBe("Zhang, Li");
    expect(clausesText(en, ["a", "b"])).toBe("a, b");
    expect(sentencesText(en, ["a", "b"])).toBe("a; b");
    expect(withNote(en, "Wang", "Secretary")).toBe("Wang (Secretary)");
    expect(withNote(en, 33, 0)).toBe("33 (0)");
    expect(labelled(en, "Owner", "Zhang")).toBe("Owner: Zhang");
    expect(monthName(en, 3)).toBe("March");
  });
});
