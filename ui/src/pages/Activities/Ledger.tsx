import { PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { Problem } from "../../bindings/Problem";
import type { Suggestion } from "../../bindings/Suggestion";
import { errorMessage, fieldMessage } from "../../errors";
import { problemsOf, saveProblem, suggestionsOf } from "../../ipc/activities";
import {
  nextProblemStatuses,
  nextSuggestionStatuses,
  PROBLEM_COLOR,
  problemIsOpen,
  SUGGESTION_COLOR,
  suggestionIsOpen,
} from "../../lib/activity";
import { labelled, sentencesText } from "../../lib/text";
import { useErrorNotice } from "../../shell/useErrorNotice";
import {
  HandleSuggestionModal,
  NewProblemModal,
  NewSuggestionModal,
  SolveProblemModal,
} from "./LedgerForms";

const SMALL = { fontSize: 12 } as const;

/** 意见建议 as a table, with 处理 for the entries that can still move forward. */
export function SuggestionTable({
  items,
  onChanged,
  testId,
}: {
  items: Suggestion[];
  onChanged: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [handling, setHandling] = useState<Suggestion | null>(null);
  return (
    <>
      <Table<Suggestion>
        size="small"
        data-testid={testId}
        pagination={items.length > 10 ? { pageSize: 10, size: "small" } : false}
        rowKey="id"
        dataSource={items}
        locale={{ emptyText: t("ledger.noSuggestions") }}
        onRow={(s) => ({ "data-testid": `suggestion-row-${s.id}` }) as object}
        columns={[
          { key: "date", title: t("ledger.receivedOn"), width: 100, dataIndex: "receivedOn" },
          {
            key: "text",
            title: t("ledger.text"),
            render: (_, s) => (
              <div style={{ minWidth: 0 }}>
                <div style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>{s.text}</div>
                {s.category && <Tag style={{ marginTop: 2 }}>{s.category}</Tag>}
                {s.response && (
                  <Typography.Text type="secondary" style={SMALL}>
                    {labelled(t, t("ledger.response"), s.response)}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          {
            key: "source",
            title: t("ledger.source"),
            width: 96,
            render: (_, s) => (
              <span>
                {t(`suggestionSource.${s.source}`)}
                {s.sourceName && (
                  <Typography.Text type="secondary" style={SMALL}>
                    {" "}
                    {s.sourceName}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            key: "status",
            title: t("ledger.status"),
            width: 96,
            render: (_, s) => (
              <Tag color={SUGGESTION_COLOR[s.status]} data-testid={`suggestion-state-${s.id}`}>
                {t(`suggestionStatus.${s.status}`)}
              </Tag>
            ),
          },
          {
            key: "actions",
            title: t("ledger.actions"),
            width: 72,
            render: (_, s) =>
              nextSuggestionStatuses(s.status).length > 0 && (
                <Button
                  size="small"
                  onClick={() => setHandling(s)}
                  data-testid={`suggestion-handle-${s.id}`}
                >
                  {t("ledger.handle")}
                </Button>
              ),
          },
        ]}
      />
      {handling && (
        <HandleSuggestionModal
          suggestion={handling}
          onClose={() => setHandling(null)}
          onSaved={() => {
            setHandling(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

/** 难题 as a table: mark solved (help + date) or pass up to the community. */
export function ProblemTable({
  items,
  onChanged,
  testId,
}: {
  items: Problem[];
  onChanged: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [solving, setSolving] = useState<Problem | null>(null);

  const passUp = async (p: Problem) => {
    try {
      await saveProblem({ ...p, status: "passedUp", solvedOn: null });
      message.success(t("ledger.problemSaved"));
      onChanged();
    } catch (e) {
      const err = e as ApiError;
      showError(
        err.code === "invalid" && err.fields.length > 0
          ? sentencesText(
              t,
              err.fields.map((f) => fieldMessage(t, "problem", f)),
            )
          : errorMessage(t, err),
      );
    }
  };

  return (
    <>
      <Table<Problem>
        size="small"
        data-testid={testId}
        pagination={items.length > 10 ? { pageSize: 10, size: "small" } : false}
        rowKey="id"
        dataSource={items}
        locale={{ emptyText: t("ledger.noProblems") }}
        onRow={(p) => ({ "data-testid": `problem-row-${p.id}` }) as object}
        columns={[
          { key: "date", title: t("ledger.raisedOn"), width: 100, dataIndex: "raisedOn" },
          { key: "person", title: t("ledger.person"), width: 110, dataIndex: "person" },
          {
            key: "description",
            title: t("ledger.description"),
            render: (_, p) => (
              <div style={{ minWidth: 0 }}>
                <div style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                  {p.description}
                </div>
                {p.help && (
                  <Typography.Text type="secondary" style={SMALL}>
                    {labelled(t, t("ledger.help"), p.help)}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          {
            key: "status",
            title: t("ledger.status"),
            width: 110,
            render: (_, p) => (
              <Space orientation="vertical" size={0}>
                <Tag color={PROBLEM_COLOR[p.status]} data-testid={`problem-state-${p.id}`}>
                  {t(`problemStatus.${p.status}`)}
                </Tag>
                {p.solvedOn && <Typography.Text style={SMALL}>{p.solvedOn}</Typography.Text>}
              </Space>
            ),
          },
          {
            key: "actions",
            title: t("ledger.actions"),
            width: 150,
            render: (_, p) => {
              const next = nextProblemStatuses(p.status);
              return (
                <Space size={4}>
                  {next.includes("solved") && (
                    <Button
                      size="small"
                      onClick={() => setSolving(p)}
                      data-testid={`problem-solve-${p.id}`}
                    >
                      {t("ledger.solve")}
                    </Button>
                  )}
                  {next.includes("passedUp") && (
                    <Popconfirm title={t("ledger.passUpConfirm")} onConfirm={() => passUp(p)}>
                      <Button size="small" data-testid={`problem-pass-up-${p.id}`}>
                        {t("ledger.passUp")}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {solving && (
        <SolveProblemModal
          problem={solving}
          onClose={() => setSolving(null)}
          onSaved={() => {
            setSolving(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

/** The two ledgers with their add buttons; `activityId` links new entries to an activity. */
export function LedgerCards({
  branchId,
  activityId,
  suggestions,
  problems,
  onChanged,
  titles,
}: {
  branchId: string;
  activityId: string | null;
  suggestions: Suggestion[];
  problems: Problem[];
  onChanged: () => void;
  titles: { suggestions: string; problems: string };
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<"suggestion" | "problem" | null>(null);
  const done = () => {
    setAdding(null);
    onChanged();
  };
  return (
    <>
      <Card
        size="small"
        title={titles.suggestions}
        extra={
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding("suggestion")}
            data-testid="suggestion-add"
          >
            {t("ledger.addSuggestion")}
          </Button>
        }
      >
        <SuggestionTable items={suggestions} onChanged={onChanged} testId="suggestion-list" />
      </Card>
      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={titles.problems}
        extra={
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding("problem")}
            data-testid="problem-add"
          >
            {t("ledger.addProblem")}
          </Button>
        }
      >
        <ProblemTable items={problems} onChanged={onChanged} testId="problem-list" />
      </Card>
      {adding === "suggestion" && (
        <NewSuggestionModal
          branchId={branchId}
          activityId={activityId}
          onClose={() => setAdding(null)}
          onSaved={done}
        />
      )}
      {adding === "problem" && (
        <NewProblemModal
          branchId={branchId}
          activityId={activityId}
          onClose={() => setAdding(null)}
          onSaved={done}
        />
      )}
    </>
  );
}

/** 台账: every suggestion and problem of the branch; open ones by default. */
export function BranchLedger({ branchId }: { branchId: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<"open" | "all">("open");
  const [data, setData] = useState<{ s: Suggestion[]; p: Problem[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([suggestionsOf(branchId), problemsOf(branchId)]);
      setData({ s, p });
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [branchId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Alert type="error" showIcon title={errorMessage(t, error)} />;
  const s = (data?.s ?? []).filter((x) => filter === "all" || suggestionIsOpen(x.status));
  const p = (data?.p ?? []).filter((x) => filter === "all" || problemIsOpen(x.status));
  return (
    <div data-testid="branch-ledger">
      <Segmented
        style={{ marginBottom: 12 }}
        value={filter}
        onChange={(v) => setFilter(v as "open" | "all")}
        data-testid="ledger-filter"
        options={[
          { value: "open", label: t("ledger.filterOpen") },
          { value: "all", label: t("ledger.filterAll") },
        ]}
      />
      <LedgerCards
        branchId={branchId}
        activityId={null}
        suggestions={s}
        problems={p}
        onChanged={load}
        titles={{ suggestions: t("ledger.suggestions"), problems: t("ledger.problems") }}
      />
    </div>
  );
}
