import { Table, Tag } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FactSheet } from "../../bindings/FactSheet";
import type { ReviewBranch } from "../../bindings/ReviewBranch";
import { monthName, sentencesText, withNote } from "../../lib/text";
import { percent } from "./parts";

type Row = { key: string; label: string; cells: ReactNode[] };

/** The branches' fact sheets side by side: one column per branch, one row per figure. */
export function FactSheets({ branches }: { branches: ReviewBranch[] }) {
  const { t } = useTranslation();
  const met = (ok: boolean) =>
    ok ? <Tag color="green">{t("reviews.facts.met")}</Tag> : <Tag>{t("reviews.facts.notMet")}</Tag>;
  const figure = (key: string, cell: (f: FactSheet) => ReactNode): Row => ({
    key,
    label: t(`reviews.facts.${key}`),
    cells: branches.map((b) => cell(b.facts)),
  });
  const rows: Row[] = [
    figure("days", (f) => `${f.daysHeld} / ${f.daysScheduled}`),
    figure("moved", (f) =>
      f.movedDays.length === 0
        ? t("reviews.facts.none")
        : sentencesText(
            t,
            f.movedDays.map((d) =>
              withNote(t, `${monthName(t, d.month)} ${d.date.slice(5)}`, d.reason),
            ),
          ),
    ),
    figure("held", (f) => withNote(t, f.activitiesHeld, f.extraActivities)),
    figure("threeSteps", (f) => `${f.threeStepsComplete} / ${f.activitiesHeld}`),
    figure("attendance", (f) =>
      f.attendanceRate === null
        ? "—"
        : withNote(t, percent(f.attendanceRate), `${f.membersPresent}/${f.membersOnRoll}`),
    ),
    figure("residents", (f) => f.residentsPresent),
    figure("points", (f) => f.pointsAdded),
    figure("compliance", (f) => `${f.pointsFulfilled} / ${f.pointsRequired}`),
    figure("quarterRule", (f) => met(f.quarterState.kind === "met")),
    figure("suggestions", (f) => `${f.suggestionsAnswered} / ${f.suggestions}`),
    figure("problems", (f) => `${f.problemsSolved} / ${f.problems}`),
    figure("carried", (f) => `${f.carriedOpen} / ${f.carriedItems.length}`),
  ];
  return (
    <Table<Row>
      data-testid="fact-sheets"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      columns={[
        { title: "", dataIndex: "label", key: "label", width: 220, fixed: "left" },
        ...branches.map((b, i) => ({
          title: b.branchName,
          key: b.branchId,
          render: (_: unknown, r: Row) => r.cells[i],
        })),
      ]}
    />
  );
}
