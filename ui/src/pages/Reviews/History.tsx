import { Alert, Card, Empty, Spin, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { BranchResult } from "../../bindings/BranchResult";
import type { QuarterRanking } from "../../bindings/QuarterRanking";
import { errorMessage } from "../../errors";
import { branchReviewHistory, communityReviewRanking } from "../../ipc/reviews";
import { withNote } from "../../lib/text";
import { percent, score } from "./parts";

/** A small SVG line of rates (0–1) with a dot per quarter; the threshold as a dashed line. */
export function Sparkline({
  points,
  threshold,
  label,
}: {
  points: { label: string; rate: number | null }[];
  threshold: number;
  label: string;
}) {
  const width = Math.max(160, points.length * 60);
  const height = 90;
  const x = (i: number) =>
    points.length === 1 ? width / 2 : 20 + (i * (width - 40)) / (points.length - 1);
  // Room above 100 % for the label over its dot, and below 0 % for the quarter names.
  const y = (r: number) => 20 + (1 - r) * (height - 40);
  const drawn = points.flatMap((p, i) => (p.rate === null ? [] : [{ ...p, i, rate: p.rate }]));
  return (
    <svg width={width} height={height} role="img" aria-label={label} data-testid="sparkline">
      <line
        x1={0}
        x2={width}
        y1={y(threshold)}
        y2={y(threshold)}
        stroke="#ff7875"
        strokeDasharray="4 3"
      />
      <polyline
        fill="none"
        stroke="#b71c1c"
        strokeWidth={2}
        points={drawn.map((p) => `${x(p.i)},${y(p.rate)}`).join(" ")}
      />
      {drawn.map((p) => (
        <g key={p.label}>
          <circle
            cx={x(p.i)}
            cy={y(p.rate)}
            r={3}
            fill={p.rate < threshold ? "#cf1322" : "#b71c1c"}
          />
          <text x={x(p.i)} y={y(p.rate) - 6} fontSize={10} textAnchor="middle">
            {Math.round(p.rate * 100)}%
          </text>
        </g>
      ))}
      {points.map((p, i) => (
        <text key={p.label} x={x(i)} y={height - 4} fontSize={10} textAnchor="middle">
          {p.label}
        </text>
      ))}
    </svg>
  );
}

/** A branch's results across quarters: the rate line and a table of rank and score. */
export function BranchHistory({ branchId, name }: { branchId: string; name: string }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<BranchResult[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    branchReviewHistory(branchId).then(setRows, (e) => setError(e as ApiError));
  }, [branchId]);
  if (error) return <Alert type="error" showIcon title={errorMessage(t, error)} />;
  if (!rows) return <Spin style={{ margin: 48 }} />;
  // The community's threshold as its latest review holds it (the settings of a review are
  // copied from the community's when opened and become them when changed).
  const threshold = rows[rows.length - 1]?.thresholdPercent ?? 80;
  return (
    <Card title={t("reviews.history.title", { branch: name })} data-testid="branch-history">
      {rows.length === 0 ? (
        <Empty description={t("reviews.history.none")} />
      ) : (
        <>
          <Typography.Text type="secondary">{t("reviews.history.chart")}</Typography.Text>
          <div>
            <Sparkline
              label={t("reviews.history.chart")}
              threshold={threshold / 100}
              points={rows.map((r) => ({ label: `${r.year}Q${r.quarter}`, rate: r.rate }))}
            />
          </div>
          <Typography.Paragraph
            type="secondary"
            style={{ fontSize: 12 }}
            data-testid="history-threshold"
          >
            {t("reviews.history.threshold", { percent: threshold })}
          </Typography.Paragraph>
          <Table<BranchResult>
            size="small"
            pagination={false}
            rowKey="reviewId"
            dataSource={rows}
            columns={[
              {
                title: t("reviews.history.quarter"),
                key: "q",
                render: (_, r) => `${r.year}Q${r.quarter}`,
              },
              {
                title: t("reviews.tallyTable.rate"),
                key: "rate",
                render: (_, r) => percent(r.rate),
              },
              {
                title: t("reviews.tallyTable.memberRate"),
                key: "m",
                render: (_, r) => percent(r.memberRate),
              },
              {
                title: t("reviews.tallyTable.residentRate"),
                key: "res",
                render: (_, r) => percent(r.residentRate),
              },
              { title: t("reviews.tallyTable.score"), key: "s", render: (_, r) => score(r.score) },
              {
                title: t("reviews.history.rank"),
                key: "rank",
                render: (_, r) => t("reviews.history.ofN", { rank: r.rank ?? "—", of: r.of }),
              },
              {
                title: "",
                key: "state",
                render: (_, r) => (
                  <>
                    <Tag>{t(`reviews.state.${r.state}`)}</Tag>
                    {r.flagged && <Tag color="red">!</Tag>}
                  </>
                ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** A community's ranking in every tallied review: one row per branch, one column per quarter. */
export function CommunityRanking({
  communityId,
  version,
}: {
  communityId: string;
  version: number;
}) {
  const { t } = useTranslation();
  const [quarters, setQuarters] = useState<QuarterRanking[] | null>(null);
  const load = useCallback(() => {
    communityReviewRanking(communityId).then(setQuarters, () => setQuarters([]));
  }, [communityId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the review changes
  useEffect(load, [load, version]);
  if (!quarters) return <Spin />;
  if (quarters.length === 0) return <Empty description={t("reviews.history.noRanking")} />;
  const branches = new Map<string, string>();
  for (const q of quarters) for (const r of q.rows) branches.set(r.branchId, r.branchName);
  type Row = { branchId: string; name: string };
  return (
    <Table<Row>
      data-testid="community-ranking"
      size="small"
      pagination={false}
      rowKey="branchId"
      dataSource={[...branches].map(([branchId, name]) => ({ branchId, name }))}
      columns={[
        { title: t("reviews.tallyTable.branch"), dataIndex: "name", key: "name" },
        ...quarters.map((q) => ({
          title: `${q.year}Q${q.quarter}`,
          key: q.reviewId,
          render: (_: unknown, row: Row) => {
            const r = q.rows.find((x) => x.branchId === row.branchId);
            if (!r) return "—";
            return (
              <span style={r.flagged ? { color: "#cf1322" } : undefined}>
                {withNote(t, r.rank ?? "—", percent(r.rate))}
              </span>
            );
          },
        })),
      ]}
    />
  );
}
