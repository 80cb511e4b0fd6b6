import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Alert, Button, DatePicker, Empty, List, Space, Spin, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { Clash } from "../../bindings/Clash";
import type { CommunityYear } from "../../bindings/CommunityYear";
import type { HolidayBreak } from "../../bindings/HolidayBreak";
import { WeekRuleTag } from "../../components/WeekRuleTag";
import { errorMessage } from "../../errors";
import { holidayYear } from "../../ipc/holidays";
import { communityYear } from "../../ipc/schedule";
import {
  BRANCH_COLOURS,
  breakOf,
  monthGrid,
  shortBranchName,
  WEEKDAYS,
  within,
} from "../../lib/calendar";
import { listText } from "../../lib/text";
import { appToday } from "../../lib/today";
import { AutoAssignCard } from "./AutoAssignCard";
import { CommunitySettingsCard } from "./CommunitySettingsCard";
import { ExportIcsButton, Title } from "./parts";

/** The community's month: every branch's activity day in one grid, clashes, settings. */
export function CommunityMonthView({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState<Dayjs>(() => appToday().startOf("month"));
  const [data, setData] = useState<{ cy: CommunityYear; breaks: HolidayBreak[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const year = month.year();

  const load = useCallback(async () => {
    try {
      const [cy, holidays] = await Promise.all([
        communityYear(communityId, year),
        holidayYear(year).catch(() => null),
      ]);
      setData({ cy, breaks: holidays?.breaks ?? [] });
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [communityId, year]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  if (error) return <Alert type="error" showIcon title={errorMessage(t, error)} />;
  if (!data || data.cy.year !== year || data.cy.communityId !== communityId) {
    return <Spin style={{ margin: 48 }} />;
  }
  const { cy, breaks } = data;

  return (
    <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) 360px", gap: 16 }}>
      <div style={{ minWidth: 0 }}>
        <div
          style={{
            display: "flex",
            alignItems: "center",
            gap: 12,
            flexWrap: "wrap",
            marginBottom: 8,
          }}
        >
          <Title>{cy.communityName}</Title>
          <Space.Compact>
            <Button
              icon={<LeftOutlined />}
              aria-label={t("common.prev")}
              data-testid="month-prev"
              onClick={() => setMonth(month.subtract(1, "month"))}
            />
            <DatePicker
              picker="month"
              value={month}
              allowClear={false}
              format={t("calendar.monthYearFormat")}
              onChange={(m) => m && setMonth(m.startOf("month"))}
              data-testid="month-picker"
              style={{ width: 130 }}
            />
            <Button
              icon={<RightOutlined />}
              aria-label={t("common.next")}
              data-testid="month-next"
              onClick={() => setMonth(month.add(1, "month"))}
            />
          </Space.Compact>
          <WeekRuleTag rules={cy.rules} />
          <div style={{ flex: 1 }} />
          <ExportIcsButton
            scope={{ townId: null, communityId, branchId: null }}
            year={year}
            name={cy.communityName}
          />
        </div>
        {!cy.holidaysKnown && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            data-testid="holidays-unknown"
            title={t("calendar.holidaysUnknown")}
          />
        )}
        <MonthGrid cy={cy} breaks={breaks} month={month.month() + 1} />
        <ClashList cy={cy} month={month.month() + 1} />
        <div style={{ marginTop: 16 }}>
          <AutoAssignCard cy={cy} onApplied={load} />
        </div>
      </div>
      <div style={{ minWidth: 0 }}>
        <CommunitySettingsCard settings={cy.settings} onSaved={load} />
      </div>
    </div>
  );
}

function MonthGrid({
  cy,
  breaks,
  month,
}: {
  cy: CommunityYear;
  breaks: HolidayBreak[];
  month: number;
}) {
  const { t } = useTranslation();
  const year = cy.year;
  const days = cy.branches.flatMap((b, i) =>
    b.days
      .filter((d) => d.month === month)
      .map((d) => ({ d, name: b.branchName, colour: BRANCH_COLOURS[i % BRANCH_COLOURS.length] })),
  );
  const week = days[0]?.d;
  const clashDates = new Set(
    cy.clashes.filter((c) => c.date.startsWith(monthPrefix(year, month))).map((c) => c.date),
  );
  const withDays = cy.branches.filter((b) => b.plans.length > 0);

  return (
    <>
      <div className="mcal" data-testid="community-month">
        {WEEKDAYS.map((w) => (
          <div key={w} className="mcal-head">
            {t(`weekday.${w}`)}
          </div>
        ))}
        {monthGrid(year, month).map(({ key, date }) => {
          if (!date) return <div key={key} className="mcal-cell" />;
          const hb = breakOf(breaks, date);
          const classes = [
            "mcal-cell",
            week && within(date, week.weekStart, week.weekEnd) ? "in-week" : "",
            hb ? "in-break" : "",
            clashDates.has(date) ? "clash" : "",
          ].filter(Boolean);
          return (
            <div
              key={date}
              className={classes.join(" ")}
              data-testid={`cday-${date}`}
              data-clash={clashDates.has(date) ? "true" : undefined}
              title={hb ? t("calendar.holidayTip", { name: hb.name }) : undefined}
            >
              <div style={{ color: hb ? "#888" : "#333" }}>
                {Number(date.slice(8))}
                {hb && <span style={{ marginInlineStart: 4, fontSize: 11 }}>{hb.name}</span>}
              </div>
              {days
                .filter((x) => x.d.date === date)
                .map((x) => (
                  <div
                    key={x.d.branchId}
                    className="mcal-chip"
                    style={{ background: x.colour }}
                    data-testid={`chip-${x.d.branchId}`}
                    title={`${x.name} ${x.d.startTime} ${x.d.venue}`}
                  >
                    {/* The name gives way in a narrow cell; the time never does. */}
                    <span className="mcal-chip-name">{shortBranchName(x.name)}</span>
                    <span className="mcal-chip-time" data-testid={`chip-time-${x.d.branchId}`}>
                      {x.d.startTime}
                    </span>
                  </div>
                ))}
            </div>
          );
        })}
      </div>
      {withDays.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("community.noDays")} />
      ) : (
        <div className="cal-legend" data-testid="branch-legend">
          {cy.branches.map((b, i) => (
            <span key={b.branchId} className="cal-legend-item">
              <span
                className="cal-swatch"
                style={{ background: BRANCH_COLOURS[i % BRANCH_COLOURS.length] }}
              />
              {b.branchName}
            </span>
          ))}
        </div>
      )}
    </>
  );
}

const monthPrefix = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}-`;

/** The sentence for one clash. */
export function useClashText(cy: CommunityYear) {
  const { t } = useTranslation();
  const names = new Map(cy.branches.map((b) => [b.branchId, b.branchName]));
  return (c: Clash) => {
    const branches = listText(
      t,
      c.branchIds.map((id) => names.get(id) ?? id),
    );
    const date = dayjs(c.date).format(t("calendar.dateFormat"));
    return c.kind === "dayOverLimit"
      ? t("community.dayOverLimit", { date, limit: cy.settings.dayShareLimit, branches })
      : t("community.venueOverlap", { date, venue: c.venue ?? "", branches });
  };
}

function ClashList({ cy, month }: { cy: CommunityYear; month: number }) {
  const { t } = useTranslation();
  const text = useClashText(cy);
  const clashes = cy.clashes.filter((c) => c.date.startsWith(monthPrefix(cy.year, month)));
  return (
    <div style={{ marginTop: 12 }} data-testid="clash-list">
      <Typography.Title level={5}>{t("community.clashes")}</Typography.Title>
      {clashes.length === 0 ? (
        <Typography.Text type="success">{t("community.noClashes")}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={clashes}
          renderItem={(c) => (
            <List.Item>
              <Typography.Text type="danger">{text(c)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
