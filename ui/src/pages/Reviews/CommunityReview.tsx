import { AuditOutlined, LockOutlined } from "@ant-design/icons";
import type { ButtonProps } from "antd";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { Ballot } from "../../bindings/Ballot";
import type { ChainCheck } from "../../bindings/ChainCheck";
import type { Counts } from "../../bindings/Counts";
import type { ReviewDetail } from "../../bindings/ReviewDetail";
import type { ReviewerGroup } from "../../bindings/ReviewerGroup";
import type { ReviewSettings } from "../../bindings/ReviewSettings";
import type { ReviewState } from "../../bindings/ReviewState";
import { breakText, errorMessage, reviewLabel } from "../../errors";
import * as ipc from "../../ipc/reviews";
import { labelled, sentencesText } from "../../lib/text";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { BallotEntry } from "./BallotEntry";
import { FactSheets } from "./FactSheets";
import { CommunityRanking } from "./History";
import { MARK_COLOURS } from "./parts";
import { Rectification } from "./Rectification";
import { TallyTable } from "./TallyTable";
import { lowTurnoutText, StartCollectingModal, TurnoutLine } from "./Turnout";

const STATES: ReviewState[] = ["draft", "collecting", "tallied", "finalised"];
const GROUPS: ReviewerGroup[] = ["member", "resident"];
const ZERO: Counts = {
  satisfied: 0,
  fairlySatisfied: 0,
  dissatisfied: 0,
  noRating: 0,
  twoRatings: 0,
};

/** The review of one community for a chosen quarter, from opening to the locked result. */
export function CommunityReview({ communityId, name }: { communityId: string; name: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useErrorNotice();
  const [starting, setStarting] = useState(false);
  const [year, setYear] = useState(appToday().year());
  const [quarter, setQuarter] = useState(Math.floor(appToday().month() / 3) + 1);
  /** undefined while loading; null: no review that quarter. */
  const [detail, setDetail] = useState<ReviewDetail | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [chain, setChain] = useState<ChainCheck | null>(null);
  const [version, setVersion] = useState(0);
  const [reopening, setReopening] = useState(false);
  /** The saved sheet being corrected, if any. */
  const [editing, setEditing] = useState<Ballot | null>(null);
  const [reason, setReason] = useState("");

  const load = useCallback(async () => {
    setDetail(undefined);
    try {
      setDetail(await ipc.findReview(communityId, year, quarter));
      setLoadError(null);
    } catch (e) {
      setLoadError(e as ApiError);
    }
  }, [communityId, year, quarter]);
  useEffect(() => {
    void load();
  }, [load]);

  /** Runs a write; the new review replaces the old, an error is shown in Chinese. */
  /** Runs a change of the review: the new detail, or null after saying why it was refused. */
  const change = async (write: () => Promise<ReviewDetail>, done?: string) => {
    try {
      const next = await write();
      setDetail(next);
      setVersion((v) => v + 1);
      setChain(null);
      if (done) message.success(done);
      return next;
    } catch (e) {
      showError(errorMessage(t, e as ApiError, "review"));
      return null;
    }
  };
  const run = async (write: () => Promise<ReviewDetail>, done?: string) =>
    (await change(write, done)) !== null;

  const verify = async () => {
    try {
      setChain(await ipc.verifyReviewAudit());
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  const header = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t("reviews.title", { community: name, year, quarter })}
      </Typography.Title>
      <Select
        value={year}
        onChange={setYear}
        style={{ width: 100 }}
        data-testid="review-year"
        options={[-2, -1, 0, 1].map((d) => ({
          value: appToday().year() + d,
          label: appToday().year() + d,
        }))}
      />
      <Segmented
        value={quarter}
        onChange={(q) => setQuarter(Number(q))}
        data-testid="review-quarter"
        options={[1, 2, 3, 4].map((n) => ({ value: n, label: t("reviews.quarterN", { n }) }))}
      />
      <Button icon={<AuditOutlined />} onClick={() => void verify()} data-testid="review-verify">
        {t("reviews.verify")}
      </Button>
    </Space>
  );

  const chainAlert = chain && (
    <Alert
      style={{ marginBottom: 12 }}
      data-testid="chain-result"
      type={chain.broken ? "error" : "success"}
      showIcon
      title={
        chain.broken
          ? t(chain.broken.review ? "reviews.chainBrokenReview" : "reviews.chainBroken", {
              review: reviewLabel(t, chain.broken),
              seq: chain.broken.seq ?? "—",
              action: chain.broken.action,
              problem: breakText(t, chain.broken),
            })
          : t("reviews.chainIntact", { entries: chain.entries, reviews: chain.reviews })
      }
    />
  );

  if (loadError)
    return (
      <div>
        {header}
        <Alert type="error" showIcon title={errorMessage(t, loadError)} />
      </div>
    );
  if (detail === undefined)
    return (
      <div>
        {header}
        <Spin style={{ display: "block", margin: 48 }} />
      </div>
    );
  if (detail === null)
    return (
      <div>
        {header}
        {chainAlert}
        <Empty description={t("reviews.none")} style={{ marginTop: 48 }}>
          <Button
            type="primary"
            data-testid="review-open"
            onClick={() => void run(() => ipc.openReview(communityId, year, quarter))}
          >
            {t("reviews.open")}
          </Button>
        </Empty>
      </div>
    );

  const id = detail.review.id;
  const state = detail.review.state;
  const low = lowTurnoutText(t, detail.reviewers);

  /** 统计: with low turnout, only after a yes naming the figure. */
  const tally = () => {
    if (!low) {
      void run(() => ipc.tallyReview(id));
      return;
    }
    modal.confirm({
      title: t("reviews.turnout.tallyTitle"),
      content: <span data-testid="low-turnout">{low}</span>,
      okText: t("reviews.turnout.tallyOk"),
      okButtonProps: { "data-testid": "tally-anyway" },
      onOk: () => run(() => ipc.tallyReview(id, true)),
    });
  };

  /** 定稿: says what reopening means, and names a low turnout. */
  const finalise = () => {
    modal.confirm({
      title: t("reviews.finaliseTitle"),
      content: (
        <div data-testid="finalise-confirm">
          <Typography.Paragraph>{t("reviews.finaliseConfirm")}</Typography.Paragraph>
          {low && (
            <Typography.Paragraph type="danger" data-testid="low-turnout">
              {t("reviews.turnout.finaliseLow", { low })}
            </Typography.Paragraph>
          )}
        </div>
      ),
      okText: t("reviews.finaliseOk"),
      okButtonProps: { danger: true, "data-testid": "review-finalise-ok" },
      onOk: () => run(() => ipc.finaliseReview(id, low !== null)),
    });
  };
  const locked = state === "finalised";
  const names = Object.fromEntries(detail.branches.map((b) => [b.branchId, b.branchName]));

  const actions = (
    <Space wrap>
      <Tag color={locked ? "red" : "blue"} data-testid="review-state">
        {t(`reviews.state.${state}`)}
      </Tag>
      {locked && (
        <Tag icon={<LockOutlined />} color="red" data-testid="review-locked">
          {t("reviews.locked")}
        </Tag>
      )}
      {state === "draft" && (
        <Button type="primary" data-testid="review-start" onClick={() => setStarting(true)}>
          {t("reviews.startCollecting")}
        </Button>
      )}
      {state === "collecting" && (
        <Button type="primary" data-testid="review-tally" onClick={tally}>
          {t("reviews.tally")}
        </Button>
      )}
      {state === "tallied" && (
        <>
          <Button
            data-testid="review-resume"
            onClick={() => void run(() => ipc.resumeCollecting(id))}
          >
            {t("reviews.resumeCollecting")}
          </Button>
          <Button type="primary" danger data-testid="review-finalise" onClick={finalise}>
            {t("reviews.finalise")}
          </Button>
        </>
      )}
      {locked && (
        <Button data-testid="review-reopen" onClick={() => setReopening(true)}>
          {t("reviews.reopen")}
        </Button>
      )}
      {state !== "draft" && <TurnoutLine reviewers={detail.reviewers} />}
    </Space>
  );

  const ballotsTab = (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      <Card size="small" title={t("reviews.reviewers")}>
        <Space wrap size="large">
          {detail.reviewers.map((r) => (
            <Reviewers
              key={r.group}
              group={r.group}
              registered={r.registered}
              sheets={r.sheets}
              disabled={!(state === "draft" || state === "collecting")}
              onSave={(n) => run(() => ipc.setReviewers(id, r.group, n), t("reviews.saved"))}
            />
          ))}
        </Space>
      </Card>
      <Card size="small" title={t("reviews.entry.title")}>
        <BallotEntry
          branches={detail.branches}
          disabled={state !== "collecting"}
          onSave={async (draft) => {
            // No pop-up per sheet: the entry row shows the sheet just saved as one line.
            const next = await change(() => ipc.saveBallot(id, null, draft));
            return next ? Math.max(0, ...next.ballots.map((b) => b.sheetNo)) : null;
          }}
        />
      </Card>
      <Card size="small" title={t("reviews.ballots")}>
        <Table<Ballot>
          size="small"
          rowKey="id"
          data-testid="ballot-list"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={[...detail.ballots].reverse()}
          columns={[
            { title: t("reviews.sheetNo"), dataIndex: "sheetNo", key: "no", width: 60 },
            {
              title: t("reviews.entry.groupKey"),
              key: "group",
              width: 80,
              render: (_, b) => t(`reviews.group.${b.group}`),
            },
            ...detail.branches.map((br, i) => ({
              title: br.branchName,
              key: br.branchId,
              render: (_: unknown, b: Ballot) => {
                const mark = b.marks[i]?.mark ?? "noRating";
                const comment = b.marks[i]?.comment;
                return (
                  <>
                    <Tag color={MARK_COLOURS[mark]}>{t(`reviews.mark.${mark}`)}</Tag>
                    {comment && (
                      <Typography.Text
                        type="secondary"
                        style={{ display: "block", fontSize: 12, maxWidth: 180 }}
                        ellipsis={{ tooltip: comment }}
                        data-testid={`ballot-comment-${b.sheetNo}-${i}`}
                      >
                        “{comment}”
                      </Typography.Text>
                    )}
                  </>
                );
              },
            })),
            {
              title: "",
              key: "actions",
              width: 120,
              render: (_, b) =>
                state === "collecting" ? (
                  <Space size={0}>
                    <Button
                      size="small"
                      type="link"
                      data-testid={`ballot-edit-${b.sheetNo}`}
                      onClick={() => setEditing(b)}
                    >
                      {t("reviews.edit.open")}
                    </Button>
                    <Popconfirm
                      title={t("reviews.deleteBallotConfirm")}
                      onConfirm={() => void run(() => ipc.deleteBallot(b.id))}
                    >
                      <Button size="small" danger type="link">
                        {t("reviews.deleteBallot")}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <TotalsForm
        branches={detail.branches}
        disabled={state !== "collecting"}
        onSave={(branchId, group, counts) =>
          run(() => ipc.setTotals(id, { branchId, group, counts }), t("reviews.saved"))
        }
      />
      <SettingsCard
        settings={detail.settings}
        disabled={!(state === "draft" || state === "collecting")}
        onSave={(s) => run(() => ipc.setReviewSettings(id, s), t("reviews.saved"))}
      />
    </Space>
  );

  return (
    <div data-testid="review-page">
      {header}
      {chainAlert}
      <Steps
        size="small"
        style={{ marginBottom: 12 }}
        current={STATES.indexOf(state)}
        items={STATES.map((s) => ({ title: t(`reviews.state.${s}`) }))}
      />
      {actions}
      {detail.reopenings.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {labelled(
            t,
            t("reviews.reopenings"),
            sentencesText(
              t,
              detail.reopenings.map((r) =>
                labelled(t, `${r.at.replace("T", " ").slice(0, 16)} ${r.actor}`, r.reason),
              ),
            ),
          )}
        </Typography.Paragraph>
      )}
      <Tabs
        style={{ marginTop: 8 }}
        defaultActiveKey={
          state === "tallied" || locked ? "tally" : state === "collecting" ? "ballots" : "facts"
        }
        items={[
          {
            key: "facts",
            label: t("reviews.tabs.facts"),
            children: (
              <>
                {(state === "draft" || state === "collecting") && (
                  <Button
                    style={{ marginBottom: 8 }}
                    onClick={() => void run(() => ipc.refreshReviewFacts(id))}
                  >
                    {t("reviews.refreshFacts")}
                  </Button>
                )}
                <FactSheets branches={detail.branches} />
              </>
            ),
          },
          { key: "ballots", label: t("reviews.tabs.ballots"), children: ballotsTab },
          {
            key: "tally",
            label: t("reviews.tabs.tally"),
            children: (
              <TallyTable
                tally={detail.tally}
                names={names}
                live={state === "draft" || state === "collecting"}
              />
            ),
          },
          {
            key: "rectification",
            label: t("reviews.tabs.rectification"),
            children: (
              <Rectification
                branches={detail.branches}
                ballots={detail.ballots}
                locked={locked}
                onComment={(branchId, comment) =>
                  run(() => ipc.setReviewComment(id, branchId, comment), t("reviews.saved"))
                }
                onItem={(itemId, draft) =>
                  run(() => ipc.saveRectificationItem(id, itemId, draft), t("reviews.saved"))
                }
              />
            ),
          },
          {
            key: "history",
            label: t("reviews.tabs.history"),
            children: <CommunityRanking communityId={communityId} version={version} />,
          },
          {
            key: "audit",
            label: t("reviews.tabs.audit"),
            children: (
              <Table
                size="small"
                rowKey="seq"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={detail.audit}
                columns={[
                  { title: t("reviews.audit.seq"), dataIndex: "seq", key: "seq", width: 60 },
                  {
                    title: t("reviews.audit.at"),
                    key: "at",
                    render: (_, e) => e.at.replace("T", " ").slice(0, 19),
                  },
                  { title: t("reviews.audit.actor"), dataIndex: "actor", key: "actor" },
                  { title: t("reviews.audit.action"), dataIndex: "action", key: "action" },
                  {
                    title: "SHA-256",
                    key: "hash",
                    render: (_, e) => (
                      <Typography.Text code>{e.hash.slice(0, 12)}…</Typography.Text>
                    ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
      {starting && (
        <StartCollectingModal
          reviewers={detail.reviewers}
          onStart={(members, residents) => run(() => ipc.startCollecting(id, members, residents))}
          onClose={() => setStarting(false)}
        />
      )}
      <Modal
        open={editing !== null}
        title={editing && t("reviews.edit.title", { n: editing.sheetNo })}
        footer={null}
        width={Math.min(1100, 260 + detail.branches.length * 150)}
        destroyOnHidden
        onCancel={() => setEditing(null)}
      >
        {editing && (
          <BallotEntry
            key={editing.id}
            branches={detail.branches}
            disabled={state !== "collecting"}
            editing={editing}
            onCancel={() => setEditing(null)}
            onSave={async (draft) => {
              const ok = await run(
                () => ipc.updateBallot(editing.id, draft),
                t("reviews.edit.saved", { n: editing.sheetNo }),
              );
              if (ok) setEditing(null);
              return ok ? editing.sheetNo : null;
            }}
          />
        )}
      </Modal>
      <Modal
        open={reopening}
        title={t("reviews.reopenTitle")}
        okButtonProps={{ "data-testid": "reopen-ok" } as ButtonProps}
        onCancel={() => setReopening(false)}
        onOk={async () => {
          if (await run(() => ipc.reopenReview(id, reason))) {
            setReopening(false);
            setReason("");
          }
        }}
      >
        <Input.TextArea
          data-testid="reopen-reason"
          placeholder={t("reviews.reopenReason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}

function Reviewers(props: {
  group: ReviewerGroup;
  registered: number;
  sheets: number;
  disabled: boolean;
  onSave: (n: number) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | null>(props.registered);
  useEffect(() => setValue(props.registered), [props.registered]);
  return (
    <Space>
      <span>{t(`reviews.group.${props.group}`)}</span>
      <InputNumber
        min={0}
        value={value}
        disabled={props.disabled}
        onChange={setValue}
        data-testid={`reviewers-${props.group}`}
      />
      <Button
        size="small"
        disabled={props.disabled || value === null || value === props.registered}
        data-testid={`reviewers-save-${props.group}`}
        onClick={() => value !== null && void props.onSave(value)}
      >
        {t("common.save")}
      </Button>
      <Typography.Text type="secondary">
        {t("reviews.sheetsIn", { sheets: props.sheets, registered: props.registered })}
      </Typography.Text>
    </Space>
  );
}

function TotalsForm(props: {
  branches: { branchId: string; branchName: string }[];
  disabled: boolean;
  onSave: (branchId: string, group: ReviewerGroup, counts: Counts) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [branchId, setBranchId] = useState(props.branches[0]?.branchId ?? "");
  const [group, setGroup] = useState<ReviewerGroup>("resident");
  const [counts, setCounts] = useState<Counts>(ZERO);
  const fields: (keyof Counts)[] = [
    "satisfied",
    "fairlySatisfied",
    "dissatisfied",
    "noRating",
    "twoRatings",
  ];
  return (
    <Card size="small" title={t("reviews.totals.title")}>
      <Typography.Paragraph type="secondary">{t("reviews.totals.help")}</Typography.Paragraph>
      <Space wrap>
        <Select
          value={branchId}
          onChange={setBranchId}
          style={{ width: 200 }}
          options={props.branches.map((b) => ({ value: b.branchId, label: b.branchName }))}
        />
        <Segmented
          value={group}
          onChange={(g) => setGroup(g as ReviewerGroup)}
          options={GROUPS.map((g) => ({ value: g, label: t(`reviews.group.${g}`) }))}
        />
        {fields.map((f) => (
          <Space key={f} size={4}>
            <span>{t(`reviews.mark.${f}`)}</span>
            <InputNumber
              min={0}
              style={{ width: 70 }}
              value={counts[f]}
              onChange={(v) => setCounts((c) => ({ ...c, [f]: v ?? 0 }))}
            />
          </Space>
        ))}
        <Button
          disabled={props.disabled || !branchId}
          onClick={async () => {
            if (await props.onSave(branchId, group, counts)) setCounts(ZERO);
          }}
        >
          {t("reviews.totals.save")}
        </Button>
      </Space>
    </Card>
  );
}

function SettingsCard(props: {
  settings: ReviewSettings;
  disabled: boolean;
  onSave: (s: ReviewSettings) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [s, setS] = useState(props.settings);
  useEffect(() => setS(props.settings), [props.settings]);
  const weight = (k: keyof ReviewSettings["weights"]) => (
    <InputNumber
      min={0}
      max={100}
      style={{ width: 70 }}
      disabled={props.disabled}
      value={s.weights[k]}
      onChange={(v) => setS({ ...s, weights: { ...s.weights, [k]: v ?? 0 } })}
    />
  );
  return (
    <Card size="small" title={t("reviews.settings.title")}>
      <Space wrap size="large">
        <Checkbox
          checked={s.fairlyCountsAsSatisfied}
          disabled={props.disabled}
          onChange={(e) => setS({ ...s, fairlyCountsAsSatisfied: e.target.checked })}
        >
          {t("reviews.settings.fairlyCounts")}
        </Checkbox>
        <Space>
          {t("reviews.settings.weights")}
          {weight("satisfied")}
          {weight("fairlySatisfied")}
          {weight("dissatisfied")}
        </Space>
        <Space>
          {t("reviews.settings.threshold")}
          <InputNumber
            min={0}
            max={100}
            disabled={props.disabled}
            value={s.thresholdPercent}
            onChange={(v) => setS({ ...s, thresholdPercent: v ?? 0 })}
          />
        </Space>
        <Space>
          {t("reviews.settings.combination")}
          <Select
            style={{ width: 200 }}
            disabled={props.disabled}
            data-testid="settings-combination"
            value={s.combination.kind}
            onChange={(kind) =>
              setS({
                ...s,
                combination: kind === "weighted" ? { kind, memberPercent: 50 } : { kind: "pooled" },
              })
            }
            options={[
              { value: "pooled", label: t("reviews.settings.pooled") },
              { value: "weighted", label: t("reviews.settings.weighted") },
            ]}
          />
          {s.combination.kind === "weighted" && (
            <>
              {t("reviews.settings.memberShare")}
              <InputNumber
                min={1}
                max={99}
                style={{ width: 70 }}
                disabled={props.disabled}
                data-testid="settings-member-percent"
                value={s.combination.memberPercent}
                onChange={(v) =>
                  setS({ ...s, combination: { kind: "weighted", memberPercent: v ?? 50 } })
                }
              />
              {t("reviews.settings.residentShare", {
                percent: 100 - s.combination.memberPercent,
              })}
            </>
          )}
        </Space>
        <Button disabled={props.disabled} onClick={() => void props.onSave(s)}>
          {t("reviews.settings.save")}
        </Button>
      </Space>
    </Card>
  );
}
