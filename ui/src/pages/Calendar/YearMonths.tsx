import { Tooltip } from "antd";
import dayjs from "dayjs";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ScheduledDay } from "../../bindings/ScheduledDay";
import { type DayKind, type DayMark, type GridCell, monthGrid, WEEKDAYS } from "../../lib/calendar";
import { dayText, withNote } from "../../lib/text";

export const KIND_STYLE: Record<DayKind, CSSProperties> = {
  activity: { background: "#c62828", color: "#fff", fontWeight: 700 },
  moved: { background: "#ef6c00", color: "#fff", fontWeight: 700 },
  manual: { background: "#1565c0", color: "#fff", fontWeight: 700 },
  conflict: { outline: "2px solid #c62828", outlineOffset: -2, color: "#c62828", fontWeight: 700 },
  week: { background: "#fdecea" },
  holiday: { background: "#d9d9d9", color: "#777" },
  none: {},
};

/** A day that clashes with another branch: its own colour, ringed (the legend's last key). */
export const CLASH_STYLE: CSSProperties = { boxShadow: "inset 0 0 0 3px #fadb14" };

/** The sentence a day's tooltip and the activity list show for a held day. */
export function useDayNote() {
  const { t } = useTranslation();
  const fmt = (date: string) => dayText(t, date);
  return (day: ScheduledDay): string => {
    if (day.manualReason !== null) {
      const text = t("calendar.manualTip", { reason: day.manualReason });
      return day.deviation ? withNote(t, text, t("calendar.deviation")) : text;
    }
    if (day.conflict) return t("calendar.conflictTip", { reason: day.reason ?? "" });
    if (day.moved) return t("calendar.movedTip", { fixed: fmt(day.fixedDate), reason: day.reason });
    return "";
  };
}

type Props = {
  year: number;
  mark: (date: string) => DayMark;
  /** The break's name of a holiday date, for its hover text. */
  holidayName: (date: string) => string | null;
  onOpenDay: (day: ScheduledDay) => void;
  /** What another branch's day clashes with on `date` (the core's branch clashes), or null. */
  clashNote?: (date: string) => string | null;
};

/** The 12 small months of a branch's year, Monday first, 4 × 3. */
export function YearMonths({ year, mark, holidayName, onOpenDay, clashNote }: Props) {
  const { t } = useTranslation();
  const note = useDayNote();

  const cell = ({ key, date }: GridCell): ReactNode => {
    if (!date) return <div key={key} className="cal-cell" />;
    const m = mark(date);
    const day = m.day;
    const clash = day ? (clashNote?.(date) ?? null) : null;
    const attrs = {
      className: "cal-cell",
      "data-testid": `day-${date}`,
      "data-kind": m.kind === "none" ? undefined : m.kind,
      "data-deviation": day?.deviation ? "true" : undefined,
      "data-week": m.inWeek ? "true" : undefined,
      "data-clash": clash ? "true" : undefined,
      style: {
        ...KIND_STYLE[m.kind],
        ...(m.kind === "holiday" && m.inWeek ? { boxShadow: "inset 0 -3px 0 #f4b4b4" } : {}),
        ...(clash ? CLASH_STYLE : {}),
      },
    };
    const number = Number(date.slice(8));
    if (!day) {
      const hover =
        m.kind === "holiday"
          ? t("calendar.holidayTip", { name: holidayName(date) ?? "" })
          : m.kind === "week"
            ? t("calendar.weekTip")
            : undefined;
      return (
        <div key={key} {...attrs} title={hover}>
          {number}
        </div>
      );
    }
    const title = (
      <div>
        <div>{t("calendar.activityTip", { time: day.startTime, venue: day.venue })}</div>
        {note(day) && <div>{note(day)}</div>}
        {clash && <div>{clash}</div>}
        <div style={{ opacity: 0.75 }}>{t("calendar.clickToMove")}</div>
      </div>
    );
    return (
      <Tooltip key={key} title={title}>
        <button type="button" {...attrs} onClick={() => onOpenDay(day)}>
          {number}
          {day.deviation && <span className="cal-badge" />}
        </button>
      </Tooltip>
    );
  };

  return (
    <div className="cal-year" data-testid="year-months">
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
        <div key={month} className="cal-month" data-testid={`month-${month}`}>
          <div className="cal-month-title">
            {dayjs(new Date(year, month - 1, 1)).format(t("calendar.monthFormat"))}
          </div>
          <div className="cal-grid">
            {WEEKDAYS.map((w) => (
              <div key={w} className="cal-head">
                {t(`weekdayNarrow.${w}`)}
              </div>
            ))}
            {monthGrid(year, month).map(cell)}
          </div>
        </div>
      ))}
    </div>
  );
}

/** The colour key under the year; `clashes` adds the key of days clashing with others. */
export function KindLegend({ clashes = false }: { clashes?: boolean }) {
  const { t } = useTranslation();
  const kinds: DayKind[] = ["activity", "moved", "manual", "conflict", "week", "holiday"];
  return (
    <div className="cal-legend">
      {kinds.map((k) => (
        <span key={k} className="cal-legend-item">
          <span className="cal-swatch" style={KIND_STYLE[k]} />
          {t(`calendar.legend.${k}`)}
        </span>
      ))}
      {clashes && (
        <span className="cal-legend-item" data-testid="legend-clash">
          <span className="cal-swatch" style={{ ...KIND_STYLE.activity, ...CLASH_STYLE }} />
          {t("clash.legend")}
        </span>
      )}
    </div>
  );
}
