// The dashboard's chart options, built from the report (pure, so tests can read them).
import type { TFunction } from "i18next";
import type { Figures } from "../../bindings/Figures";
import type { MonthFigures } from "../../bindings/MonthFigures";
import type { StatsRow } from "../../bindings/StatsRow";
import { labelled, monthShortName, withNote } from "../../lib/text";
import type { ChartOption } from "./Chart";

const RED = "#c62828";
const GOLD = "#f9a825";
const KIND_COLORS = ["#c62828", "#ef6c00", "#2e7d32", "#1565c0"];

/** Bars of activities held per month, a line of the attendance rate on its own axis. */
export function trendOption(t: TFunction, trend: MonthFigures[]): ChartOption {
  const oneYear = new Set(trend.map((m) => m.month.slice(0, 4))).size === 1;
  const label = (month: string) => (oneYear ? monthShortName(t, Number(month.slice(5))) : month);
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 40, bottom: 28 },
    xAxis: { type: "category", data: trend.map((m) => label(m.month)) },
    yAxis: [
      { type: "value", name: t("stats.unitTimes"), minInterval: 1 },
      {
        type: "value",
        name: t("stats.attendanceRate"),
        min: 0,
        max: 100,
        axisLabel: { formatter: "{value}%" },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: "bar",
        name: t("stats.activitiesHeldShort"),
        data: trend.map((m) => m.figures.activitiesHeld),
        itemStyle: { color: RED },
        barMaxWidth: 28,
      },
      {
        type: "line",
        name: t("stats.attendanceRate"),
        yAxisIndex: 1,
        data: trend.map((m) =>
          m.figures.attendanceRate == null
            ? null
            : Math.round(m.figures.attendanceRate * 1000) / 10,
        ),
        connectNulls: true,
        itemStyle: { color: GOLD },
        tooltip: { valueFormatter: (v) => (v == null ? "—" : `${v}%`) },
      },
    ],
  };
}

/** The ranking: one horizontal bar per row of the breakdown, the most active on top. */
export function rankingOption(t: TFunction, rows: StatsRow[]): ChartOption {
  const sorted = [...rows].sort((a, b) => a.figures.activitiesHeld - b.figures.activitiesHeld);
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 48, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: sorted.map((r) => r.name),
      axisLabel: { width: 200, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        name: t("stats.activitiesHeldShort"),
        data: sorted.map((r) => r.figures.activitiesHeld),
        itemStyle: { color: RED },
        label: { show: true, position: "right" },
        barMaxWidth: 22,
      },
    ],
  };
}

/** The height the ranking needs: a bar per row, never smaller than the other charts. */
export const rankingHeight = (rows: number) => Math.max(240, rows * 30 + 40);

/** Held activities by type as a ring; an activity of two types counts in both. */
export function kindsOption(t: TFunction, figures: Figures): ChartOption {
  return {
    tooltip: { trigger: "item", formatter: withNote(t, labelled(t, "{b}", "{c}"), "{d}%") },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        name: t("stats.byKind"),
        radius: ["38%", "70%"],
        center: ["50%", "45%"],
        data: figures.byKind.map((k, i) => ({
          name: t(`activityKind.${k.kind}`),
          value: k.count,
          itemStyle: { color: KIND_COLORS[i % KIND_COLORS.length] },
          label: { show: k.count > 0 },
        })),
        // Counts inside the ring, names in the legend: outside labels get cut at the card edge.
        label: { position: "inside", formatter: "{c}", color: "#fff", fontWeight: "bold" },
      },
    ],
  };
}
