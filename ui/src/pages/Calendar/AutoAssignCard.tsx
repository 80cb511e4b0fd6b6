import { Alert, App, Button, Card, DatePicker, Select, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { CommunityYear } from "../../bindings/CommunityYear";
import type { Proposal } from "../../bindings/Proposal";
import type { Weekday } from "../../bindings/Weekday";
import type { WeekdayWishes } from "../../bindings/WeekdayWishes";
import { errorMessage } from "../../errors";
import {
  applyWeekdays,
  proposeWeekdays,
  saveWeekdayWishes,
  weekdayWishes,
} from "../../ipc/schedule";
import { applyFromMonth, isoToday, WEEKDAYS } from "../../lib/calendar";
import { labelled, listText } from "../../lib/text";
import { useErrorNotice } from "../../shell/useErrorNotice";

/** Wishes per branch, a proposal from the core, then apply it from a month on. */
export function AutoAssignCard({ cy, onApplied }: { cy: CommunityYear; onApplied: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [wishes, setWishes] = useState<Record<string, WeekdayWishes>>({});
  const [dirty, setDirty] = useState<Set<string>>(new Set());
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [from, setFrom] = useState<Dayjs>(() => dayjs(applyFromMonth(cy.year, isoToday())));
  const [busy, setBusy] = useState(false);
  const branchIds = cy.branches.map((b) => b.branchId).join(",");

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the branches change.
  useEffect(() => {
    let live = true;
    void Promise.all(cy.branches.map((b) => weekdayWishes(b.branchId).catch(() => null))).then(
      (all) => {
        if (!live) return;
        const next: Record<string, WeekdayWishes> = {};
        for (const w of all) if (w) next[w.branchId] = w;
        setWishes(next);
        setDirty(new Set());
      },
    );
    return () => {
      live = false;
    };
  }, [branchIds]);

  const names = new Map(cy.branches.map((b) => [b.branchId, b.branchName]));
  const options = WEEKDAYS.map((w) => ({ value: w, label: t(`weekday.${w}`) }));
  const fail = (e: unknown) => showError(errorMessage(t, e as ApiError));

  const change = (branchId: string, key: "preferred" | "impossible", value: Weekday[]) => {
    const current = wishes[branchId] ?? { branchId, preferred: [], impossible: [] };
    setWishes({ ...wishes, [branchId]: { ...current, [key]: value } });
    setDirty(new Set(dirty).add(branchId));
  };

  const saveWishes = async () => {
    setBusy(true);
    try {
      for (const id of dirty) await saveWeekdayWishes(wishes[id]);
      setDirty(new Set());
      message.success(t("assign.wishesSaved"));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const propose = async () => {
    setBusy(true);
    try {
      setProposal(await proposeWeekdays(cy.communityId, cy.year));
      // The proposal is for the year on screen: a later year applies from its January.
      setFrom(dayjs(applyFromMonth(cy.year, isoToday())));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (proposal?.outcome !== "assigned") return;
    setBusy(true);
    try {
      await applyWeekdays(
        cy.communityId,
        from.format("YYYY-MM"),
        proposal.assignments.map((a) => ({ branchId: a.branchId, weekday: a.weekday })),
      );
      message.success(t("assign.applied"));
      setProposal(null);
      onApplied();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t("assign.title")} data-testid="auto-assign">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t("assign.hint")}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="branchId"
        dataSource={cy.branches}
        columns={[
          { key: "name", title: t("assign.branch"), dataIndex: "branchName", ellipsis: true },
          ...(["preferred", "impossible"] as const).map((key) => ({
            key,
            title: t(`assign.${key}`),
            width: 220,
            render: (_: unknown, b: { branchId: string }) => (
              <Select<Weekday[]>
                mode="multiple"
                size="small"
                style={{ width: "100%" }}
                maxTagCount="responsive"
                data-testid={`wish-${key}-${b.branchId}`}
                value={wishes[b.branchId]?.[key] ?? []}
                options={options}
                onChange={(v) => change(b.branchId, key, v)}
              />
            ),
          })),
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button
          onClick={saveWishes}
          disabled={dirty.size === 0}
          loading={busy}
          data-testid="wishes-save"
        >
          {t("assign.saveWishes")}
        </Button>
        <Button type="primary" onClick={propose} loading={busy} data-testid="propose">
          {t("assign.propose")}
        </Button>
      </Space>
      {proposal && (
        <ProposalView
          proposal={proposal}
          limit={cy.settings.dayShareLimit}
          name={(id) => names.get(id) ?? id}
          from={from}
          onFrom={setFrom}
          onApply={apply}
          busy={busy}
        />
      )}
    </Card>
  );
}

export function ProposalView({
  proposal,
  limit,
  name,
  from,
  onFrom,
  onApply,
  busy,
}: {
  proposal: Proposal;
  limit: number;
  name: (id: string) => string;
  from: Dayjs;
  onFrom: (d: Dayjs) => void;
  onApply: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  if (proposal.outcome === "infeasible") {
    const r = proposal.reason;
    const text =
      r.kind === "tooManyBranches"
        ? t("assign.tooManyBranches", {
            branches: r.branches,
            limit,
            places: r.places,
            needed: r.neededLimit,
          })
        : t("assign.weekdaysExcluded", { names: listText(t, proposal.unplaced.map(name)) });
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginTop: 12 }}
        title={t("assign.infeasible")}
        description={text}
        data-testid="proposal-infeasible"
      />
    );
  }
  return (
    <div style={{ marginTop: 12 }} data-testid="proposal">
      <Table
        size="small"
        pagination={false}
        rowKey="branchId"
        dataSource={proposal.assignments}
        columns={[
          {
            key: "b",
            title: t("assign.branch"),
            render: (_, a) => name(a.branchId),
            ellipsis: true,
          },
          {
            key: "w",
            title: t("assign.weekday"),
            width: 72,
            render: (_, a) => t(`weekday.${a.weekday}`),
          },
          {
            key: "p",
            title: t("assign.matches"),
            width: 72,
            render: (_, a) =>
              a.preferred ? (
                <Typography.Text type="success">{t("common.yes")}</Typography.Text>
              ) : (
                <Typography.Text type="warning">{t("common.no")}</Typography.Text>
              ),
          },
          { key: "m", title: t("assign.moved"), width: 80, dataIndex: "moved" },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: "6px 0" }}>
        {t("assign.totalMoved", { count: proposal.totalMoved })}
      </Typography.Paragraph>
      {proposal.holidayClashes.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t("assign.holidayClashes", { count: proposal.holidayClashes.length, limit })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {proposal.holidayClashes.map((c) => (
                <li key={c.date}>
                  {labelled(
                    t,
                    dayjs(c.date).format(t("calendar.dateFormat")),
                    listText(t, c.branchIds.map(name)),
                  )}
                </li>
              ))}
            </ul>
          }
          data-testid="proposal-holiday-clashes"
        />
      )}
      <Space.Compact>
        <DatePicker
          picker="month"
          value={from}
          allowClear={false}
          format={t("calendar.monthYearFormat")}
          onChange={(d) => d && onFrom(d.startOf("month"))}
          data-testid="apply-from"
          style={{ width: 130 }}
        />
        <Button type="primary" onClick={onApply} loading={busy} data-testid="apply-weekdays">
          {t("assign.apply", { month: from.format(t("calendar.monthYearFormat")) })}
        </Button>
      </Space.Compact>
    </div>
  );
}
