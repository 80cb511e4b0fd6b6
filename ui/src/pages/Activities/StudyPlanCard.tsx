import { EditOutlined, SendOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityKind } from "../../bindings/ActivityKind";
import type { ApiError } from "../../bindings/ApiError";
import type { HandOut } from "../../bindings/HandOut";
import type { StudyPlan } from "../../bindings/StudyPlan";
import type { StudyTopic } from "../../bindings/StudyTopic";
import { errorMessage, fieldMessage, placeFormError } from "../../errors";
import { handOutStudyTopic, saveStudyPlan, studyPlan } from "../../ipc/studyPlans";
import { KINDS } from "../../lib/activity";
import { labelled, listText } from "../../lib/text";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { YearSwitcher } from "../Calendar/parts";
import { KindTags } from "./parts";

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
/** The three step contents of a topic, in step order, with their step names. */
const CONTENTS = [
  ["theory", "step.theoryStudy"],
  ["practice", "step.practicalTraining"],
  ["exchange", "step.interactiveImprovement"],
] as const;
const FIELDS = ["topic", "kinds", "theory", "practice", "exchange"] as const;
const SHORT = 28;

type Values = Omit<StudyTopic, "month">;

const shorten = (text: string) => (text.length > SHORT ? `${text.slice(0, SHORT)}…` : text);

/**
 * 年度学习计划: the committee sets a topic per month (with what to study, practise and discuss)
 * and hands it to all its branches. A branch's plan for that month starts from it.
 */
export function StudyPlanCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const showError = useErrorNotice();
  const [year, setYear] = useState(() => appToday().year());
  const [plan, setPlan] = useState<StudyPlan | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [handing, setHanding] = useState<number | null>(null);
  const [report, setReport] = useState<{ month: number; result: HandOut } | null>(null);

  useEffect(() => {
    let live = true;
    setPlan(null);
    studyPlan(communityId, year).then(
      (p) => {
        if (!live) return;
        setPlan(p);
        setError(null);
      },
      (e) => live && setError(e as ApiError),
    );
    return () => {
      live = false;
    };
  }, [communityId, year]);

  const monthName = (m: number) =>
    dayjs(new Date(year, m - 1, 1)).format(t("calendar.monthYearFormat"));

  const handOut = async (month: number) => {
    setHanding(month);
    try {
      setReport({ month, result: await handOutStudyTopic(communityId, year, month) });
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setHanding(null);
    }
  };

  const rows = MONTHS.map((month) => ({
    month,
    topic: plan?.topics.find((x) => x.month === month),
  }));

  return (
    <Card
      title={t("studyPlan.title")}
      extra={<YearSwitcher year={year} onChange={setYear} />}
      style={{ maxWidth: 1100 }}
      data-testid="study-plan"
    >
      <Typography.Paragraph type="secondary">{t("studyPlan.intro")}</Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon title={errorMessage(t, error)} />
      ) : (
        <>
          {plan && plan.topics.length === 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t("studyPlan.empty", { year })}
              data-testid="study-plan-empty"
            />
          )}
          <Table
            size="small"
            loading={!plan}
            rowKey="month"
            pagination={false}
            dataSource={rows}
            data-testid="study-plan-table"
            onRow={(r) => ({ "data-testid": `study-month-${r.month}` }) as object}
            columns={[
              {
                key: "month",
                title: t("studyPlan.month"),
                width: 64,
                render: (_, r) =>
                  dayjs(new Date(year, r.month - 1, 1)).format(t("calendar.monthFormat")),
              },
              {
                key: "topic",
                title: t("studyPlan.topic"),
                render: (_, r) =>
                  r.topic ? (
                    <span data-testid={`study-topic-${r.month}`}>
                      <Typography.Text strong>{r.topic.topic}</Typography.Text>
                      {r.topic.kinds.length > 0 && (
                        <div style={{ marginTop: 4 }}>
                          <KindTags kinds={r.topic.kinds} />
                        </div>
                      )}
                    </span>
                  ) : (
                    <Typography.Text type="secondary">{t("studyPlan.noTopic")}</Typography.Text>
                  ),
              },
              {
                key: "contents",
                title: t("studyPlan.contents"),
                render: (_, r) =>
                  r.topic &&
                  CONTENTS.filter(([field]) => r.topic?.[field]).map(([field, label]) => (
                    <div key={field} title={r.topic?.[field]} style={{ fontSize: 12 }}>
                      <Typography.Text type="secondary">
                        {labelled(t, t(label), "")}
                      </Typography.Text>
                      {shorten(r.topic?.[field] ?? "")}
                    </div>
                  )),
              },
              {
                key: "actions",
                title: "",
                width: 200,
                render: (_, r) => (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      disabled={!plan}
                      onClick={() => setEditing(r.month)}
                      data-testid={`study-edit-${r.month}`}
                    >
                      {t("common.edit")}
                    </Button>
                    {r.topic && (
                      <Popconfirm
                        title={t("studyPlan.handOutConfirm", { month: monthName(r.month) })}
                        description={
                          <div style={{ maxWidth: 320 }}>
                            {t("studyPlan.handOutExplain", { month: monthName(r.month) })}
                          </div>
                        }
                        okText={t("studyPlan.handOut")}
                        onConfirm={() => handOut(r.month)}
                        okButtonProps={{ "data-testid": "study-handout-ok" }}
                      >
                        <Button
                          size="small"
                          icon={<SendOutlined />}
                          loading={handing === r.month}
                          data-testid={`study-handout-${r.month}`}
                        >
                          {t("studyPlan.handOut")}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}
      {plan && editing !== null && (
        <TopicModal
          plan={plan}
          month={editing}
          monthName={monthName(editing)}
          onClose={() => setEditing(null)}
          onSaved={(next) => {
            setPlan(next);
            setEditing(null);
          }}
        />
      )}
      {report && (
        <HandOutReport
          monthName={monthName(report.month)}
          result={report.result}
          onClose={() => setReport(null)}
        />
      )}
    </Card>
  );
}

/** One month of the plan; saving sends the whole year with this month changed or removed. */
function TopicModal({
  plan,
  month,
  monthName,
  onClose,
  onSaved,
}: {
  plan: StudyPlan;
  month: number;
  monthName: string;
  onClose: () => void;
  onSaved: (plan: StudyPlan) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<Values>();
  const existing = plan.topics.find((x) => x.month === month);
  const [busy, setBusy] = useState(false);

  const save = async (topic: StudyTopic | null) => {
    const topics = plan.topics.filter((x) => x.month !== month);
    if (topic) topics.push(topic);
    topics.sort((a, b) => a.month - b.month);
    // The core names fields by row: `topics.<index>.topic`; this month's row goes on the form.
    const prefix = `topics.${topic ? topics.indexOf(topic) : -1}.`;
    setBusy(true);
    try {
      const saved = await saveStudyPlan({ ...plan, topics });
      message.success(t(topic ? "studyPlan.saved" : "studyPlan.cleared", { month: monthName }));
      onSaved(saved);
    } catch (e) {
      const err = e as ApiError;
      const fields = err.fields.map((f) =>
        f.field.startsWith(prefix) ? { ...f, field: f.field.slice(prefix.length) } : f,
      );
      const rest = placeFormError(t, form, "studyPlan", { ...err, fields }, FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  const onFinish = (v: Values) =>
    save({
      month,
      topic: v.topic.trim(),
      kinds: KINDS.filter((k) => (v.kinds ?? []).includes(k)),
      theory: (v.theory ?? "").trim(),
      practice: (v.practice ?? "").trim(),
      exchange: (v.exchange ?? "").trim(),
    });

  const steps: [keyof Values, string, string][] = [
    ["theory", "step.theoryStudy", "studyPlan.theoryPlaceholder"],
    ["practice", "step.practicalTraining", "studyPlan.practicePlaceholder"],
    ["exchange", "step.interactiveImprovement", "studyPlan.exchangePlaceholder"],
  ];

  return (
    <Modal
      open
      width={640}
      title={t("studyPlan.editTitle", { month: monthName })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <div style={{ display: "flex", gap: 8 }}>
          {existing && (
            <Popconfirm
              title={t("studyPlan.clearConfirm", { month: monthName })}
              description={t("studyPlan.clearExplain")}
              onConfirm={() => save(null)}
              okButtonProps={{ danger: true, "data-testid": "study-clear-ok" }}
            >
              <Button danger disabled={busy} data-testid="study-clear">
                {t("studyPlan.clear")}
              </Button>
            </Popconfirm>
          )}
          <div style={{ flex: 1 }} />
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button
            type="primary"
            loading={busy}
            onClick={() => form.submit()}
            data-testid="study-save"
          >
            {t("common.save")}
          </Button>
        </div>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          existing ?? {
            topic: "",
            kinds: [] as ActivityKind[],
            theory: "",
            practice: "",
            exchange: "",
          }
        }
        onFinish={onFinish}
        data-testid="study-form"
      >
        <Form.Item
          name="topic"
          label={t("studyPlan.topic")}
          rules={[
            {
              required: true,
              whitespace: true,
              message: fieldMessage(t, "studyPlan", { field: "topic", rule: "required" }),
            },
          ]}
        >
          <Input
            maxLength={60}
            placeholder={t("studyPlan.topicPlaceholder")}
            data-testid="study-topic"
          />
        </Form.Item>
        <Form.Item name="kinds" label={t("studyPlan.kinds")} extra={t("studyPlan.kindsHint")}>
          <Checkbox.Group
            data-testid="study-kinds"
            options={KINDS.map((k) => ({ value: k, label: t(`activityKind.${k}`) }))}
          />
        </Form.Item>
        {steps.map(([field, label, placeholder], i) => (
          <Form.Item
            key={field}
            name={field}
            label={`${t("editor.stepNo", { n: i + 1 })} ${t(label)}`}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t(placeholder)}
              data-testid={`study-${field}`}
            />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** What handing out did, branch by branch. */
function HandOutReport({
  monthName,
  result,
  onClose,
}: {
  monthName: string;
  result: HandOut;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const groups = (["created", "filled", "kept", "noDay"] as const).filter(
    (k) => result[k].length > 0,
  );
  return (
    <Modal
      open
      title={t("studyPlan.reportTitle", { month: monthName })}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="study-report-close">
          {t("studyPlan.reportOk")}
        </Button>
      }
    >
      <div data-testid="study-report">
        {groups.length === 0 ? (
          <Typography.Paragraph>{t("studyPlan.reportNoBranches")}</Typography.Paragraph>
        ) : (
          groups.map((k) => (
            <Typography.Paragraph key={k} data-testid={`study-report-${k}`}>
              <Typography.Text strong>
                {t(`studyPlan.report.${k}`, { n: result[k].length })}
              </Typography.Text>
              {listText(t, result[k])}
              {k === "kept" || k === "noDay" ? (
                <div>
                  <Typography.Text type="secondary">
                    {t(`studyPlan.report.${k}Hint`)}
                  </Typography.Text>
                </div>
              ) : null}
            </Typography.Paragraph>
          ))
        )}
      </div>
    </Modal>
  );
}
