import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from "echarts/charts";
import { BarChart, LineChart, PieChart } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the dashboard draws, so the bundle carries three chart types and not all of them.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** The page's font: the chart draws its own text and would otherwise pick a Latin-only one. */
export const CHART_FONT =
  '-apple-system, "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** The option as the chart gets it: the page's font, no animation (figures, not a show). */
const withDefaults = (option: ChartOption): ChartOption => ({
  textStyle: { fontFamily: CHART_FONT },
  animation: false,
  ...option,
});

/**
 * An ECharts instance in a div that follows the div's size. SVG: text stays text. It starts
 * once the div has a width (a chart made in a zero-size box draws nothing).
 */
export function Chart({
  option,
  height,
  testId,
}: {
  option: ChartOption;
  height: number;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const start = () => {
      if (chart.current || el.clientWidth === 0) return;
      chart.current = echarts.init(el, null, { renderer: "svg" });
      chart.current.setOption(withDefaults(latest.current), { notMerge: true });
    };
    start();
    const observer = new ResizeObserver(() => {
      start();
      chart.current?.resize();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(withDefaults(option), { notMerge: true });
  }, [option]);

  return <div ref={box} data-testid={testId} style={{ width: "100%", height }} />;
}
