import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { PointScope } from "../bindings/PointScope";
import type { StatsPeriod } from "../bindings/StatsPeriod";
import type { StatsReport } from "../bindings/StatsReport";
import { call } from "./core";

/** The figures of a scope (all fields null: everything) for a period. */
export const statsReport = (scope: PointScope, period: StatsPeriod) =>
  call<StatsReport>("stats", { scope, period });

/** The same figures as an .xlsx workbook (总体, 分项, 月度趋势) at `path`. */
export const exportStats = (scope: PointScope, period: StatsPeriod, path: string) =>
  call<ExportOutcome>("export_stats", { scope, period, path });
