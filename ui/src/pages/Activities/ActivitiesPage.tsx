import { CalendarOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  List,
  Modal,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivitySummary } from "../../bindings/ActivitySummary";
import type { ApiError } from "../../bindings/ApiError";
import { useWeekRules, WeekRuleTag } from "../../components/WeekRuleTag";
import { errorMessage } from "../../errors";
import { activitiesOfYear, activityDetail, draftForDay } from "../../ipc/activities";
import { extraDraft, percent } from "../../lib/activity";
import { allBranches, findBranch, type Scope } from "../../lib/orgTree";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { useOrg } from "../../state/org";
import { Title, YearSwitcher } from "../Calendar/parts";
import { ActivityEditor, type EditorStart } from "./ActivityEditor";
import { BranchLedger } from "./Ledger";
import { KindTags, StatusTag, todayIso, useDateFormat } from "./parts";
import { StudyPlanCard } from "./StudyPlanCard";

/** What another page asks the activities page to open (the home card's buttons). */
export type ActivitiesIntent =
  | { kind: "activity"; id: string }
  | { kind: "planThisMonth" }
  | { kind: "ledger" };

/** 活动记录: follows the top-bar scope; activities are kept per branch. */
export function ActivitiesPage({
  intent,
  onIntentDone,
}: {
  intent?: ActivitiesIntent | null;
  onIntentDone?: () => void;
}) {
  const { tree, scope } = useOrg();
  if (!tree) return <Spin style={{ margin: 48 }} />;
  if (scope?.kind === "branch" && findBranch(tree, scope.id))
    return (
      <BranchActivities
        key={scope.id}
        branchId={scope.id}
        intent={intent ?? null}
        onIntentDone={onIntentDone}
      />
    );
  if (scope?.kind === "community")
    return (
      <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
        <ChooseBranch scope={scope} />
        <StudyPlanCard key={scope.id} communityId={scope.id} />
      </div>
    );
  return <ChooseBranch scope={scope} />;
}

/** At town or community scope (or none): the branches to pick from. */
function ChooseBranch({ scope }: { scope: Scope | null }) {
  const { t } = useTranslation();
  const { tree, setScope } = useOrg();
  const places = (tree ? allBranches(tree) : []).filter(
    (p) =>
      !scope ||
      (scope.kind === "town" && p.town.town.id === scope.id) ||
      (scope.kind === "community" && p.community.community.id === scope.id),
  );
  if (places.length === 0)
    return (
      <Empty
        style={{ marginTop: 80 }}
        description={t("activities.chooseScope")}
        data-testid="activities-choose"
      />
    );
  return (
    <Card title={t("activities.title")} style={{ maxWidth: 760 }} data-testid="activities-choose">
      <Typography.Paragraph type="secondary">{t("activities.chooseBranch")}</Typography.Paragraph>
      <List
        size="small"
        dataSource={places}
        renderItem={(p) => (
          <List.Item
            style={{ cursor: "pointer" }}
            onClick={() => setScope({ kind: "branch", id: p.node.branch.id })}
            data-testid={`choose-branch-${p.node.branch.id}`}
          >
            <Typography.Link>{p.node.branch.name}</Typography.Link>
            <Typography.Text type="secondary">
              {p.town.town.name} / {p.community.community.name}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

function BranchActivities({
  branchId,
  intent,
  onIntentDone,
}: {
  branchId: string;
  intent: ActivitiesIntent | null;
  onIntentDone?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const { tree } = useOrg();
  const name = (tree && findBranch(tree, branchId)?.node.branch.name) ?? "";
  const [tab, setTab] = useState<"list" | "ledger">(intent?.kind === "ledger" ? "ledger" : "list");
  const [editing, setEditing] = useState<EditorStart | null>(null);
  const [picking, setPicking] = useState(false);

  const open = useCallback(
    async (id: string) => {
      try {
        setEditing({ kind: "edit", detail: await activityDetail(id) });
      } catch (e) {
        showError(errorMessage(t, e as ApiError));
      }
    },
    [t, showError],
  );

  /** The activity day of a month: open its activity if there is one, else a prefilled draft. */
  const planMonth = useCallback(
    async (year: number, month: number) => {
      try {
        const existing = (await activitiesOfYear(branchId, year)).find((a) => a.month === month);
        if (existing) {
          message.info(t("activities.alreadyPlanned"));
          await open(existing.id);
          return;
        }
        setEditing({ kind: "new", draft: await draftForDay(branchId, year, month) });
      } catch (e) {
        const err = e as ApiError;
        if (err.code === "invalid" && err.fields.some((f) => f.field === "month")) {
          const label = dayjs(new Date(year, month - 1, 1)).format(t("calendar.monthYearFormat"));
          message.warning(t("activities.noDay", { month: label }));
        } else showError(errorMessage(t, err));
      }
    },
    [branchId, message, open, t, showError],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: acts once on the intent it was opened with.
  useEffect(() => {
    if (!intent) return;
    if (intent.kind === "activity") void open(intent.id);
    if (intent.kind === "planThisMonth") void planMonth(appToday().year(), appToday().month() + 1);
    onIntentDone?.();
  }, []);

  if (editing)
    return (
      <ActivityEditor
        key={editing.kind === "edit" ? editing.detail.activity.id : "new"}
        start={editing}
        onBack={() => setEditing(null)}
      />
    );

  return (
    <div>
      <div style={{ display: "flex", alignItems: "center", gap: 12, marginBottom: 4 }}>
        <Title>{name}</Title>
        <Typography.Text type="secondary">{t("activities.title")}</Typography.Text>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as "list" | "ledger")}
        items={[
          {
            key: "list",
            label: <span data-testid="tab-activities">{t("activities.tabList")}</span>,
            children: (
              <ActivityList
                branchId={branchId}
                onOpen={open}
                onPlanThisMonth={() => planMonth(appToday().year(), appToday().month() + 1)}
                onPlanOther={() => setPicking(true)}
                onExtra={() => setEditing({ kind: "new", draft: extraDraft(branchId, todayIso()) })}
              />
            ),
          },
          {
            key: "ledger",
            label: <span data-testid="tab-ledger">{t("activities.tabLedger")}</span>,
            children: <BranchLedger branchId={branchId} />,
          },
        ]}
      />
      {picking && (
        <PickMonthModal
          onClose={() => setPicking(false)}
          onPick={(d) => {
            setPicking(false);
            void planMonth(d.year(), d.month() + 1);
          }}
        />
      )}
    </div>
  );
}

function PickMonthModal({ onClose, onPick }: { onClose: () => void; onPick: (d: Dayjs) => void }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState<Dayjs>(() => appToday().add(1, "month").startOf("month"));
  return (
    <Modal
      open
      title={t("activities.planMonthTitle")}
      onCancel={onClose}
      onOk={() => onPick(month)}
      okText={t("activities.planMonthOk")}
      okButtonProps={{ "data-testid": "plan-month-ok" }}
      destroyOnHidden
    >
      <DatePicker
        picker="month"
        value={month}
        onChange={(d) => d && setMonth(d)}
        allowClear={false}
        format={t("calendar.monthYearFormat")}
        data-testid="plan-month-picker"
      />
    </Modal>
  );
}

/** The year's activities: date, topic, kinds, status, steps x/3, rate, ledger counts. */
function ActivityList({
  branchId,
  onOpen,
  onPlanThisMonth,
  onPlanOther,
  onExtra,
}: {
  branchId: string;
  onOpen: (id: string) => void;
  onPlanThisMonth: () => void;
  onPlanOther: () => void;
  onExtra: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useDateFormat();
  const [year, setYear] = useState(() => appToday().year());
  const [list, setList] = useState<ActivitySummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    setList(null);
    activitiesOfYear(branchId, year).then(
      (l) => {
        if (!live) return;
        setList(l);
        setError(null);
      },
      (e) => live && setError(e as ApiError),
    );
    return () => {
      live = false;
    };
  }, [branchId, year]);

  return (
    <div>
      <div
        style={{
          display: "flex",
          alignItems: "center",
          gap: 8,
          flexWrap: "wrap",
          marginBottom: 12,
        }}
      >
        <YearSwitcher year={year} onChange={setYear} />
        <BranchWeekRule branchId={branchId} year={year} />
        <div style={{ flex: 1 }} />
        <Space.Compact>
          <Button
            type="primary"
            icon={<CalendarOutlined />}
            onClick={onPlanThisMonth}
            data-testid="plan-this-month"
          >
            {t("activities.planThisMonth")}
          </Button>
          <Button type="primary" onClick={onPlanOther} data-testid="plan-other-month">
            {t("activities.planOtherMonth")}
          </Button>
        </Space.Compact>
        <Button icon={<PlusOutlined />} onClick={onExtra} data-testid="add-extra">
          {t("activities.addExtra")}
        </Button>
      </div>
      {error ? (
        <Alert type="error" showIcon title={errorMessage(t, error)} />
      ) : list && list.length === 0 ? (
        <Empty description={t("activities.empty")} data-testid="activities-empty" />
      ) : (
        <Table<ActivitySummary>
          size="small"
          data-testid="activity-list"
          loading={!list}
          rowKey="id"
          pagination={false}
          dataSource={list ?? []}
          onRow={(a) =>
            ({
              onClick: () => onOpen(a.id),
              style: { cursor: "pointer" },
              "data-testid": `activity-row-${a.id}`,
            }) as object
          }
          columns={[
            {
              key: "date",
              title: t("activities.date"),
              width: 110,
              render: (_, a) => (
                <span style={{ whiteSpace: "nowrap" }}>
                  {fmt(a.date)} {a.startTime}
                  {a.plannedDate && (
                    <Typography.Text
                      type="secondary"
                      style={{ display: "block", fontSize: 12 }}
                      data-testid={`activity-planned-${a.id}`}
                    >
                      {t("activities.plannedDate", { date: fmt(a.plannedDate) })}
                    </Typography.Text>
                  )}
                </span>
              ),
            },
            {
              key: "topic",
              title: t("activities.topic"),
              render: (_, a) => (
                <span>
                  <Typography.Link>{a.topic || t("activities.noTopic")}</Typography.Link>
                  {a.month === null && (
                    <Tag style={{ marginInlineStart: 6 }}>{t("activities.extra")}</Tag>
                  )}
                </span>
              ),
            },
            {
              key: "kinds",
              title: t("activities.kinds"),
              width: 190,
              render: (_, a) => <KindTags kinds={a.kinds} />,
            },
            {
              key: "status",
              title: t("activities.status"),
              width: 120,
              render: (_, a) => <StatusTag status={a.status} testId={`activity-status-${a.id}`} />,
            },
            {
              key: "steps",
              title: t("activities.steps"),
              width: 80,
              render: (_, a) => (
                <Typography.Text type={a.stepsRecorded === 3 ? "success" : undefined}>
                  {t("activities.stepsOf", { count: a.stepsRecorded })}
                </Typography.Text>
              ),
            },
            {
              key: "rate",
              title: t("activities.rate"),
              width: 72,
              render: (_, a) => {
                const p = percent(a.attendanceRate);
                return p === null ? "—" : `${p}%`;
              },
            },
            {
              key: "suggestions",
              title: t("activities.suggestions"),
              width: 72,
              dataIndex: "suggestions",
            },
            { key: "problems", title: t("activities.problems"), width: 56, dataIndex: "problems" },
          ]}
        />
      )}
    </div>
  );
}

/** The activity-week rules of the branch's community that the year's listed dates follow. */
function BranchWeekRule({ branchId, year }: { branchId: string; year: number }) {
  const { tree } = useOrg();
  const communityId = (tree && findBranch(tree, branchId)?.community.community.id) ?? null;
  const rules = useWeekRules(communityId ? [communityId] : [], year)[communityId ?? ""];
  return rules ? <WeekRuleTag rules={rules} /> : null;
}
