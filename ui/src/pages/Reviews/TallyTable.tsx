import { Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { BranchTally } from "../../bindings/BranchTally";
import type { RatingFigures } from "../../bindings/RatingFigures";
import type { ReviewTally } from "../../bindings/ReviewTally";
import { clausesText, withNote } from "../../lib/text";
import { percent, score } from "./parts";

type Props = {
  tally: ReviewTally;
  names: Record<string, string>;
  /** Not yet tallied: the figures are live. */
  live: boolean;
};

/** A group's own rate, with a tag when it alone is below the threshold. */
function GroupRate(props: {
  figures: RatingFigures;
  below: boolean;
  threshold: number;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <span data-testid={props.testId} data-below={props.below ? "true" : "false"}>
      {withNote(t, percent(props.figures.rate), props.figures.valid)}
      {props.below && (
        <Tag color="orange" style={{ marginInlineStart: 4 }}>
          {t("reviews.tallyTable.groupBelow", { threshold: props.threshold })}
        </Tag>
      )}
    </span>
  );
}

/** The tally: per branch and group the rates, the combined counts, score and rank; red rows
 * are below the community's threshold. */
export function TallyTable({ tally, names, live }: Props) {
  const { t } = useTranslation();
  const s = tally.settings;
  const w = s.weights;
  return (
    <div data-testid="tally">
      {live && (
        <Typography.Paragraph type="warning">
          {t("reviews.tallyTable.notTallied")}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="tally-formula">
        {t(
          s.fairlyCountsAsSatisfied
            ? "reviews.formula.withFairly"
            : "reviews.formula.withoutFairly",
        )}
        {t("common.sentenceSeparator")}
        {t("reviews.formula.score", { s: w.satisfied, f: w.fairlySatisfied, d: w.dissatisfied })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="tally-combination">
        {s.combination.kind === "weighted"
          ? t("reviews.formula.weighted", {
              m: s.combination.memberPercent,
              r: 100 - s.combination.memberPercent,
            })
          : t("reviews.formula.pooled")}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t("reviews.tallyTable.rankingNote")}
      </Typography.Paragraph>
      <Table<BranchTally>
        size="small"
        pagination={false}
        rowKey="branchId"
        dataSource={tally.branches}
        onRow={(row) => ({
          "data-testid": `tally-row-${row.branchId}`,
          "data-flagged": row.flagged ? "true" : "false",
          style: row.flagged ? { background: "#fff1f0", color: "#cf1322" } : undefined,
        })}
        columns={[
          {
            title: t("reviews.tallyTable.rank"),
            key: "rank",
            width: 60,
            render: (_, r) => <strong>{r.rank ?? "—"}</strong>,
          },
          {
            title: t("reviews.tallyTable.branch"),
            key: "branch",
            render: (_, r) => (
              <span>
                {names[r.branchId] ?? r.branchId}{" "}
                {r.flagged && (
                  <Tag color="red" data-testid="flag">
                    {t("reviews.tallyTable.flagged", { threshold: s.thresholdPercent })}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: t("reviews.tallyTable.memberRate"),
            key: "m",
            render: (_, r) => (
              <GroupRate
                figures={r.member}
                below={r.memberFlagged}
                threshold={s.thresholdPercent}
                testId={`member-rate-${r.branchId}`}
              />
            ),
          },
          {
            title: t("reviews.tallyTable.residentRate"),
            key: "r",
            render: (_, r) => (
              <GroupRate
                figures={r.resident}
                below={r.residentFlagged}
                threshold={s.thresholdPercent}
                testId={`resident-rate-${r.branchId}`}
              />
            ),
          },
          {
            title: t("reviews.tallyTable.counts"),
            key: "c",
            render: (_, r) =>
              `${r.combined.counts.satisfied} / ${r.combined.counts.fairlySatisfied} / ${r.combined.counts.dissatisfied}`,
          },
          { title: t("reviews.tallyTable.valid"), key: "v", render: (_, r) => r.combined.valid },
          {
            title: t("reviews.tallyTable.invalid"),
            key: "i",
            render: (_, r) =>
              withNote(
                t,
                r.combined.invalid,
                clausesText(t, [
                  `${t("reviews.mark.noRating")} ${r.combined.counts.noRating}`,
                  `${t("reviews.mark.twoRatings")} ${r.combined.counts.twoRatings}`,
                ]),
              ),
          },
          {
            title: t("reviews.tallyTable.rate"),
            key: "rate",
            render: (_, r) => <strong>{percent(r.combined.rate)}</strong>,
          },
          {
            title: t("reviews.tallyTable.score"),
            key: "score",
            render: (_, r) => <span data-testid="score">{score(r.combined.score)}</span>,
          },
        ]}
      />
    </div>
  );
}
