import { Button, Card, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BranchCompliance } from "../bindings/BranchCompliance";
import type { ScopeCompliance } from "../bindings/ScopeCompliance";
import { branchCompliance, scopeCompliance } from "../ipc/points";
import type { Scope } from "../lib/orgTree";
import { counts, nearestDeadline, pointScope } from "../lib/points";
import { appToday } from "../lib/today";
import { StateLight } from "./Points/parts";

/** Loads once per key; errors leave the card out (the board itself shows them). */
function useLoaded<T>(load: () => Promise<T>, key: string): T | null {
  const [value, setValue] = useState<T | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads per key only.
  useEffect(() => {
    let live = true;
    setValue(null);
    load().then(
      (v) => live && setValue(v),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [key]);
  return value;
}

/** "3+X" on a branch's home: what is met this year and the nearest deadline not yet met. */
export function PointsBranchCard({
  branchId,
  onOpenPoints,
}: {
  branchId: string;
  onOpenPoints: () => void;
}) {
  const { t } = useTranslation();
  const year = appToday().year();
  const c = useLoaded<BranchCompliance>(() => branchCompliance(branchId, year), branchId);
  if (!c) return null;
  const n = counts(c);
  const next = nearestDeadline(c);
  const rule = next
    ? next.rule === "quarter"
      ? t("pointsHome.ruleQuarter", { quarter: next.quarter })
      : t(next.rule === "committee" ? "pointsHome.ruleCommittee" : "pointsHome.ruleTeams")
    : "";
  return (
    <Card
      size="small"
      title={t("pointsHome.title")}
      style={{ marginTop: 16 }}
      data-testid="home-points"
      extra={
        <Button type="link" size="small" onClick={onOpenPoints} data-testid="home-points-open">
          {t("pointsHome.open")}
        </Button>
      }
    >
      <Space wrap size="middle">
        <StateLight state={c.state} testId="home-points-state" />
        <Typography.Text data-testid="home-points-line">
          {t("pointsHome.line", {
            seats: n.seatsMet,
            teams: n.teamsMet,
            teamCount: n.teams,
            quarters: n.quartersMet,
          })}
        </Typography.Text>
        {next && (
          <Typography.Text type="warning" data-testid="home-points-next">
            {t("pointsHome.nearest", { rule, days: next.daysLeft })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/** "3+X" on a community's or town's home: how many branches fall short. */
export function PointsScopeCard({
  scope,
  onOpenPoints,
}: {
  scope: Scope;
  onOpenPoints: () => void;
}) {
  const { t } = useTranslation();
  const year = appToday().year();
  const s = useLoaded<ScopeCompliance>(
    () => scopeCompliance(pointScope(scope), year),
    `${scope.kind}:${scope.id}`,
  );
  if (!s) return null;
  const short = s.rollup.fallingShort.length;
  const missed = s.branches.filter((b) => b.compliance.state.kind === "missed").length;
  return (
    <Card
      size="small"
      title={t("pointsHome.title")}
      style={{ marginTop: 16 }}
      data-testid="home-points"
      extra={
        <Button type="link" size="small" onClick={onOpenPoints} data-testid="home-points-open">
          {t("pointsHome.open")}
        </Button>
      }
    >
      <Space wrap size="middle">
        <Typography.Text
          type={short > 0 ? "danger" : "success"}
          strong
          data-testid="home-points-short"
        >
          {short > 0 ? t("pointsHome.short", { count: short, missed }) : t("pointsHome.noShort")}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t("overview.fullyCompliant", { count: s.rollup.fullyCompliant })} ·{" "}
          {t("overview.ofBranches", { count: s.rollup.branches })}
        </Typography.Text>
      </Space>
    </Card>
  );
}
