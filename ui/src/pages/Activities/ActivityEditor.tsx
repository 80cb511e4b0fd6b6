import { ArrowLeftOutlined, CopyOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityDetail } from "../../bindings/ActivityDetail";
import type { ActivityDraft } from "../../bindings/ActivityDraft";
import type { ActivityKind } from "../../bindings/ActivityKind";
import type { ActivitySummary } from "../../bindings/ActivitySummary";
import type { ApiError } from "../../bindings/ApiError";
import type { AuditEntry } from "../../bindings/AuditEntry";
import type { StepEntry } from "../../bindings/StepEntry";
import { PhotoWall } from "../../components/PhotoWall";
import { errorMessage, fieldMessage, placeFormError } from "../../errors";
import { DateInput } from "../../forms/DateInput";
import { activityDetail, planActivity, updateActivity } from "../../ipc/activities";
import { copyPlanFrom } from "../../ipc/studyPlans";
import { draftOf, KINDS, STEPS, stepEntries } from "../../lib/activity";
import { isValidTime } from "../../lib/calendar";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { AttendanceSection } from "./AttendanceSection";
import { CopyPlanModal, planGained } from "./CopyPlanModal";
import { LedgerCards } from "./Ledger";
import { PointVenue } from "./PointVenue";
import { StatusTag } from "./parts";
import { StatusPanel } from "./StatusPanel";
import { StepCard } from "./StepCard";

type Values = {
  topic: string;
  kinds: ActivityKind[];
  date: Dayjs | null;
  startTime: string;
  venue: string;
  leader: string;
  steps: StepEntry[];
};
const FIELDS = ["topic", "kinds", "date", "startTime", "venue", "leader"] as const;

const valuesOf = (d: ActivityDraft): Values => ({
  topic: d.topic,
  kinds: d.kinds,
  date: dayjs(d.date),
  startTime: d.startTime,
  venue: d.venue,
  leader: d.leader,
  steps: stepEntries(d.steps),
});

/** The draft the form holds: the three steps always, in order. */
export function draftFrom(base: ActivityDraft, v: Values): ActivityDraft {
  return {
    branchId: base.branchId,
    month: base.month,
    topic: v.topic.trim(),
    kinds: KINDS.filter((k) => v.kinds.includes(k)),
    date: v.date ? v.date.format("YYYY-MM-DD") : base.date,
    startTime: v.startTime.trim(),
    venue: v.venue.trim(),
    leader: v.leader.trim(),
    steps: STEPS.map((step, i) => {
      const e = v.steps[i];
      return {
        step,
        entry: {
          planContent: e.planContent.trim(),
          planLeader: e.planLeader.trim(),
          planMaterials: e.planMaterials.trim(),
          planMinutes: e.planMinutes ?? 0,
          practiceForms: step === "practicalTraining" ? e.practiceForms : [],
          recordDone: e.recordDone.trim(),
          recordNotes: e.recordNotes.trim(),
        },
      };
    }),
  };
}

export type EditorStart =
  | { kind: "new"; draft: ActivityDraft }
  | { kind: "edit"; detail: ActivityDetail };

/**
 * One activity: header and the three steps (plan + record), attendance, the suggestions and
 * problems captured at it; on the right the held checklist and the status actions.
 */
export function ActivityEditor({ start, onBack }: { start: EditorStart; onBack: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<Values>();
  const [detail, setDetail] = useState<ActivityDetail | null>(
    start.kind === "edit" ? start.detail : null,
  );
  const base: ActivityDraft = detail
    ? draftOf(detail.activity)
    : (start as { draft: ActivityDraft }).draft;
  const [initial] = useState(() => valuesOf(base));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState("plan");
  const [copying, setCopying] = useState(false);

  const month = base.month;
  const monthStart = dayjs(base.date).startOf("month");

  const applyDetail = (next: ActivityDetail, resetForm: boolean) => {
    setDetail(next);
    if (resetForm) {
      form.setFieldsValue(valuesOf(draftOf(next.activity)));
      setDirty(false);
    }
  };

  const save = async (v: Values) => {
    setBusy(true);
    try {
      const draft = draftFrom(base, v);
      const next = detail
        ? await updateActivity(detail.activity.id, draft)
        : await planActivity(draft);
      message.success(t(detail ? "editor.saved" : "editor.planned"));
      applyDetail(next, true);
    } catch (e) {
      const rest = placeFormError(t, form, "activity", e as ApiError, FIELDS, "date");
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  /** Fills the form's empty plan fields from an earlier activity; what is written stays. */
  const copyFrom = async (source: ActivitySummary) => {
    setCopying(false);
    const name = source.topic || t("activities.noTopic");
    try {
      const current = draftFrom(base, form.getFieldsValue(true) as Values);
      const filled = await copyPlanFrom(source.id, current);
      if (!planGained(current, filled)) {
        message.info(t("copyPlan.nothing", { topic: name }));
        return;
      }
      // Only the plan half: date, time and venue stay as the form has them.
      form.setFieldsValue({
        topic: filled.topic,
        kinds: KINDS.filter((k) => filled.kinds.includes(k)),
        leader: filled.leader,
        steps: stepEntries(filled.steps),
      });
      setDirty(true);
      message.success(t("copyPlan.copied", { topic: name }));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  const reload = async () => {
    if (!detail) return;
    try {
      setDetail(await activityDetail(detail.activity.id));
    } catch {
      // The list the user is looking at stays; the next save shows any error.
    }
  };

  const required = (field: string) => ({
    required: true,
    message: fieldMessage(t, "activity", { field, rule: "required" }),
  });

  const held = detail?.activity.status.state === "held";
  // Held after a postponement: it took place on its held day, the planned day is history.
  const plannedFixed = held && detail?.activity.heldOn != null;
  // Copying makes sense while the plan is still being made.
  const canCopy = !detail || detail.activity.status.state === "planned";
  const title = detail?.activity.topic || t("editor.newTitle");

  const planTab = (
    <Form
      form={form}
      layout="vertical"
      size="small"
      initialValues={initial}
      onFinish={save}
      onValuesChange={() => setDirty(true)}
      data-testid="activity-form"
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item
            name="topic"
            label={t("editor.topic")}
            style={{ flex: 2, minWidth: 0 }}
            rules={[{ ...required("topic"), whitespace: true }]}
          >
            <Input
              data-testid="activity-topic"
              maxLength={60}
              placeholder={t("editor.topicPlaceholder")}
            />
          </Form.Item>
          <Form.Item name="leader" label={t("editor.leader")} style={{ flex: 1, minWidth: 0 }}>
            <Input data-testid="activity-leader" maxLength={60} />
          </Form.Item>
        </div>
        <Form.Item
          name="kinds"
          label={t("editor.kinds")}
          rules={[{ type: "array", min: 1, ...required("kinds") }]}
        >
          <Checkbox.Group
            data-testid="activity-kinds"
            options={KINDS.map((k) => ({ value: k, label: t(`activityKind.${k}`) }))}
          />
        </Form.Item>
        <div style={{ display: "flex", gap: 12, flexWrap: "wrap" }}>
          <Form.Item
            name="date"
            label={t("editor.date")}
            rules={[required("date")]}
            extra={plannedFixed ? t("editor.datePlannedFixed") : undefined}
          >
            <DateInput
              data-testid="activity-date"
              allowClear={false}
              disabled={plannedFixed}
              format="YYYY-MM-DD"
              disabledDate={month === null ? undefined : (d) => !d.isSame(monthStart, "month")}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item
            name="startTime"
            label={t("editor.startTime")}
            style={{ width: 100 }}
            rules={[
              required("startTime"),
              {
                validator: (_, v: string) =>
                  !v || isValidTime(v)
                    ? Promise.resolve()
                    : Promise.reject(
                        new Error(
                          fieldMessage(t, "activity", { field: "startTime", rule: "badTime" }),
                        ),
                      ),
              },
            ]}
          >
            <Input data-testid="activity-start-time" maxLength={5} placeholder="08:30" />
          </Form.Item>
          <Form.Item name="venue" label={t("editor.venue")} style={{ flex: 1, minWidth: 160 }}>
            <Input data-testid="activity-venue" maxLength={60} />
          </Form.Item>
        </div>
        <PointVenue
          branchId={base.branchId}
          activityId={detail?.activity.id ?? null}
          onPick={(venue) => {
            form.setFieldValue("venue", venue);
            setDirty(true);
          }}
        />
      </Card>
      {STEPS.map((step, i) => (
        <StepCard key={step} step={step} index={i} />
      ))}
      <div style={{ display: "flex", justifyContent: "flex-end", gap: 8, marginBottom: 12 }}>
        <Button
          type="primary"
          size="middle"
          htmlType="submit"
          loading={busy}
          data-testid="activity-save"
        >
          {t("editor.save")}
        </Button>
      </div>
      {detail && detail.audit.length > 0 && <AuditCard audit={detail.audit} />}
    </Form>
  );

  return (
    <div data-testid="activity-editor" data-activity-id={detail?.activity.id ?? ""}>
      <div style={{ display: "flex", alignItems: "center", gap: 12, marginBottom: 8, minWidth: 0 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="activity-back">
          {t("editor.back")}
        </Button>
        <Typography.Title
          level={4}
          style={{ margin: 0, minWidth: 0 }}
          ellipsis
          data-testid="activity-title"
        >
          {title}
        </Typography.Title>
        {detail && <StatusTag status={detail.activity.status} testId="activity-status" />}
        <Tag style={{ marginInlineEnd: 0 }}>
          {month === null
            ? t("editor.extra")
            : t("editor.ofDay", { month: monthStart.format(t("calendar.monthYearFormat")) })}
        </Tag>
        {canCopy && (
          <Button
            icon={<CopyOutlined />}
            style={{ marginInlineStart: "auto" }}
            onClick={() => setCopying(true)}
            data-testid="copy-plan"
          >
            {t("copyPlan.button")}
          </Button>
        )}
      </div>
      {copying && (
        <CopyPlanModal
          branchId={base.branchId}
          year={dayjs(base.date).year()}
          excludeId={detail?.activity.id ?? null}
          onPick={(source) => void copyFrom(source)}
          onClose={() => setCopying(false)}
        />
      )}
      {held && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="held-note"
          title={t("editor.heldNote")}
        />
      )}
      <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) 280px", gap: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            size="small"
            items={[
              {
                key: "plan",
                label: <span data-testid="tab-plan">{t("editor.tabPlan")}</span>,
                children: planTab,
                forceRender: true,
              },
              {
                key: "attendance",
                label: <span data-testid="tab-attendance">{t("editor.tabAttendance")}</span>,
                disabled: !detail,
                children: detail && (
                  <AttendanceSection
                    key={`${detail.activity.id}-${detail.attendance.length}`}
                    detail={detail}
                    onChanged={(next) => applyDetail(next, false)}
                  />
                ),
              },
              {
                key: "ledger",
                label: (
                  <span data-testid="tab-ledger">
                    {t("editor.tabLedger")}
                    {detail && ` (${detail.suggestions.length + detail.problems.length})`}
                  </span>
                ),
                disabled: !detail,
                children: detail && (
                  <LedgerCards
                    branchId={detail.activity.branchId}
                    activityId={detail.activity.id}
                    suggestions={detail.suggestions}
                    problems={detail.problems}
                    onChanged={reload}
                    titles={{
                      suggestions: t("ledger.activitySuggestions"),
                      problems: t("ledger.activityProblems"),
                    }}
                  />
                ),
              },
              {
                key: "photos",
                label: <span data-testid="tab-photos">{t("editor.tabPhotos")}</span>,
                disabled: !detail,
                children: detail && (
                  <PhotoWall
                    owner={{ kind: "activity", activityId: detail.activity.id }}
                    title={t("photos.activityTitle")}
                    // A held activity's photo changes are in its audit history.
                    onChanged={held ? () => void reload() : undefined}
                  />
                ),
              },
            ]}
          />
        </div>
        <div style={{ minWidth: 0, position: "sticky", top: 0, alignSelf: "start" }}>
          {detail ? (
            <StatusPanel
              detail={detail}
              dirty={dirty}
              onChanged={(next) => applyDetail(next, false)}
            />
          ) : (
            <Alert type="info" showIcon title={t("editor.saveFirst")} data-testid="save-first" />
          )}
        </div>
      </div>
    </div>
  );
}

/** 修改记录: who changed what on the held activity, before → after. */
function AuditCard({ audit }: { audit: AuditEntry[] }) {
  const { t } = useTranslation();
  const fieldName = (field: string) => {
    const [head, tail] = field.split(".");
    if (tail)
      return `${t(`step.${head}`, { defaultValue: head })} · ${t(`auditField.${tail}`, { defaultValue: tail })}`;
    return t(`auditField.${head}`, { defaultValue: head });
  };
  const value = (field: string, v: string) => {
    if (!v) return t("editor.auditEmpty");
    if (field === "status") return t(`activityStatus.${v}`, { defaultValue: v });
    return v;
  };
  return (
    <Card size="small" title={t("editor.audit")} data-testid="activity-audit">
      <Table<AuditEntry>
        size="small"
        pagination={false}
        rowKey={(a) => `${a.at}-${a.field}-${a.after}`}
        dataSource={[...audit].reverse()}
        columns={[
          {
            key: "at",
            title: t("editor.auditAt"),
            width: 140,
            render: (_, a) => dayjs(a.at).format("YYYY-MM-DD HH:mm"),
          },
          { key: "actor", title: t("editor.auditActor"), width: 90, dataIndex: "actor" },
          {
            key: "field",
            title: t("editor.auditField"),
            width: 150,
            render: (_, a) => fieldName(a.field),
          },
          {
            key: "change",
            title: t("editor.auditChange"),
            render: (_, a) => (
              <span style={{ wordBreak: "break-word" }}>
                <Typography.Text delete type="secondary">
                  {value(a.field, a.before)}
                </Typography.Text>
                {" → "}
                {value(a.field, a.after)}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}
