import { describe, expect, it } from "vitest";
import { isValidPhone, normalisePhone } from "./phone";

describe("phone rule (mirrors the core)", () => {
  it("accepts mobiles and landlines with area code", () => {
    expect(isValidPhone("13805361234")).toBe(true);
    expect(isValidPhone("138 0536 1234")).toBe(true);
    expect(isValidPhone("0536-6012345")).toBe(true);
  });
  it("refuses what the core refuses", () => {
    expect(isValidPhone("12805361234")).toBe(false);
    expect(isValidPhone("1380536123")).toBe(false);
    expect(isValidPhone("abc")).toBe(false);
    expect(isValidPhone("12345")).toBe(false);
  });
  it("normalises spaces and dashes only when the rest is digits", () => {
    expect(normalisePhone(" 0536-601 2345 ")).toBe("05366012345");
    expect(normalisePhone("ext 12")).toBe("ext 12");
  });
});
