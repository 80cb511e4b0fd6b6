import { describe, expect, it } from "vitest";
import en from "./en.json";
import zhCN from "./zh-CN.json";

function keys(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("translations", () => {
  it("zh-CN and en have exactly the same keys", () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it("no translation is empty", () => {
    const flat = (obj: object): string[] =>
      Object.values(obj).flatMap((v) => (v && typeof v === "object" ? flat(v) : [String(v)]));
    expect(flat(zhCN).filter((s) => s.trim() === "")).toEqual([]);
    expect(flat(en).filter((s) => s.trim() === "")).toEqual([]);
  });

  it("uses the glossary terms for committee seats and branch basis", () => {
    expect(zhCN.seat).toEqual({
      secretary: "支部书记",
      organising: "组织委员",
      publicity: "宣传委员",
    });
    expect(zhCN.basis).toEqual({ trade: "按产业", skill: "按技能", age: "按年龄", other: "其他" });
  });
});
