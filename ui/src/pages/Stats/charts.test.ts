import { describe, expect, it } from "vitest";
import type { Figures } from "../../bindings/Figures";
import type { MonthFigures } from "../../bindings/MonthFigures";
import i18n from "../../i18n";
import { trendOption } from "./charts";

const months = (...ms: string[]): MonthFigures[] =>
  ms.map((month) => ({ month, figures: {} as Figures }));

const axis = (lang: string, trend: MonthFigures[]) => {
  const option = trendOption(i18n.getFixedT(lang), trend) as { xAxis: { data: string[] } };
  return option.xAxis.data;
};

describe("the monthly trend's axis", () => {
  it("names the months of one year in the language shown", () => {
    const trend = months("2026-01", "2026-02", "2026-12");
    expect(axis("en", trend)).toEqual(["Jan", "Feb", "Dec"]);
    expect(axis("zh-CN", trend)).toEqual(["1月", "2月", "12月"]);
  });

  it("keeps year and month when the months span two years", () => {
    expect(axis("en", months("2026-12", "2027-01"))).toEqual(["2026-12", "2027-01"]);
  });
});
