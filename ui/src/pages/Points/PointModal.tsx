import {
  App,
  Button,
  Divider,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivitySummary } from "../../bindings/ActivitySummary";
import type { ApiError } from "../../bindings/ApiError";
import type { DemoPoint } from "../../bindings/DemoPoint";
import type { Member } from "../../bindings/Member";
import type { PointStatusChange } from "../../bindings/PointStatusChange";
import type { Team } from "../../bindings/Team";
import { PhotoWall } from "../../components/PhotoWall";
import { errorMessage, fieldMessage, placeFormError } from "../../errors";
import { DateInput } from "../../forms/DateInput";
import { activitiesAtPoint, pointHistory, savePoint, teamsOf } from "../../ipc/points";
import {
  type LeaderKind,
  leaderId,
  POINT_CATEGORIES,
  type PointFormValues,
  pointDraft,
  withStatus,
} from "../../lib/points";
import { withNote } from "../../lib/text";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { StatusTag, useDateFormat } from "../Activities/parts";
import { PointStatusTag } from "./parts";

const POINT_FIELDS = [
  "name",
  "category",
  "location",
  "createdOn",
  "leader",
  "memberIds",
  "description",
];
const notFuture = (d: Dayjs) => d.isAfter(appToday(), "day");

type Values = Omit<PointFormValues, "createdOn"> & { createdOn: Dayjs };

/** 新增 / 编辑示范点: the point's fields; an existing one also shows its status and history. */
export function PointModal({
  branchId,
  point,
  members,
  defaultDate,
  onClose,
  onSaved,
}: {
  branchId: string;
  /** null to add one. */
  point: DemoPoint | null;
  /** The branch's members (archived ones included, for names). */
  members: readonly Member[];
  defaultDate: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<DemoPoint | null>(point);
  const [teams, setTeams] = useState<Team[]>([]);
  const [closing, setClosing] = useState(false);
  const kind: LeaderKind = Form.useWatch("leaderKind", form) ?? point?.leader.kind ?? "committee";
  const createdOn: Dayjs | undefined = Form.useWatch("createdOn", form);
  const year = (createdOn ?? dayjs(point?.createdOn ?? defaultDate)).year();

  useEffect(() => {
    let live = true;
    teamsOf(branchId, year).then(
      (list) => live && setTeams(list),
      () => live && setTeams([]),
    );
    return () => {
      live = false;
    };
  }, [branchId, year]);

  const active = members.filter((m) => !m.archivedOn);
  const committee = members.filter(
    (m) =>
      (m.seat && !m.archivedOn) ||
      (point?.leader.kind === "committee" && point.leader.memberId === m.id),
  );

  const save = async (v: Values) => {
    setBusy(true);
    try {
      const draft = pointDraft(
        branchId,
        { ...v, createdOn: v.createdOn.format("YYYY-MM-DD") },
        current?.status ?? { kind: "active" },
      );
      await savePoint(current?.id ?? null, draft);
      message.success(t("pointForm.saved"));
      onSaved();
    } catch (e) {
      const rest = placeFormError(t, form, "point", e as ApiError, POINT_FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  const reopen = async () => {
    if (!current) return;
    try {
      setCurrent(await savePoint(current.id, withStatus(current, { kind: "active" })));
      message.success(t("pointForm.reopened"));
    } catch (e) {
      showError(errorMessage(t, e as ApiError, "point"));
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t(point ? "pointForm.titleEdit" : "pointForm.titleAdd")}
      onCancel={() => (current !== point ? onSaved() : onClose())}
      destroyOnHidden
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: busy, "data-testid": "point-save" }}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          name: point?.name ?? "",
          category: point?.category ?? "planting",
          location: point?.location ?? "",
          createdOn: dayjs(point?.createdOn ?? defaultDate),
          leaderKind: point?.leader.kind ?? "committee",
          leader: point ? leaderId(point.leader) : undefined,
          memberIds: point?.memberIds ?? [],
          description: point?.description ?? "",
        }}
      >
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item
            name="name"
            label={t("pointForm.name")}
            style={{ flex: 1 }}
            rules={[
              {
                required: true,
                whitespace: true,
                message: fieldMessage(t, "point", { field: "name", rule: "required" }),
              },
            ]}
          >
            <Input
              data-testid="point-name"
              maxLength={30}
              placeholder={t("pointForm.namePlaceholder")}
            />
          </Form.Item>
          <Form.Item name="category" label={t("pointForm.category")} style={{ width: 140 }}>
            <Select
              data-testid="point-category"
              options={POINT_CATEGORIES.map((c) => ({ value: c, label: t(`pointCategory.${c}`) }))}
            />
          </Form.Item>
        </div>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item name="location" label={t("pointForm.location")} style={{ flex: 1 }}>
            <Input
              data-testid="point-location"
              maxLength={60}
              placeholder={t("pointForm.locationPlaceholder")}
            />
          </Form.Item>
          <Form.Item
            name="createdOn"
            label={t("pointForm.createdOn")}
            rules={[
              {
                required: true,
                message: fieldMessage(t, "point", { field: "createdOn", rule: "required" }),
              },
            ]}
          >
            <DateInput
              data-testid="point-created-on"
              allowClear={false}
              disabledDate={notFuture}
              format="YYYY-MM-DD"
            />
          </Form.Item>
        </div>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item name="leaderKind" label={t("pointForm.leaderKind")}>
            <Radio.Group
              data-testid="point-leader-kind"
              optionType="button"
              onChange={() => form.setFieldValue("leader", undefined)}
            >
              <Radio value="committee" data-testid="point-leader-committee">
                {t("pointForm.byCommittee")}
              </Radio>
              <Radio value="team" data-testid="point-leader-team">
                {t("pointForm.byTeam")}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="leader"
            label={t(kind === "committee" ? "pointForm.leaderMember" : "pointForm.leaderTeam")}
            style={{ flex: 1 }}
            rules={[
              {
                required: true,
                message: fieldMessage(t, "point", { field: "leader", rule: "required" }),
              },
            ]}
          >
            <Select
              data-testid="point-leader"
              notFoundContent={kind === "team" ? t("pointForm.noTeams", { year }) : undefined}
              options={
                kind === "committee"
                  ? committee.map((m) => ({
                      value: m.id,
                      label: m.seat ? withNote(t, m.name, t(`seat.${m.seat}`)) : m.name,
                    }))
                  : teams.map((tm) => ({ value: tm.id, label: tm.name }))
              }
            />
          </Form.Item>
        </div>
        <Form.Item name="memberIds" label={t("pointForm.members")}>
          <Select
            data-testid="point-members"
            mode="multiple"
            optionFilterProp="label"
            options={active.map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t("pointForm.description")}>
          <Input.TextArea data-testid="point-description" rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {current && (
        <PointRecords
          point={current}
          onClose={() => setClosing(true)}
          onReopen={() => void reopen()}
        />
      )}
      {closing && current && (
        <ClosePointModal
          point={current}
          onClose={() => setClosing(false)}
          onSaved={(p) => {
            setClosing(false);
            setCurrent(p);
          }}
        />
      )}
    </Modal>
  );
}

/** Status with close / reopen, the status history and the activities held at the point. */
function PointRecords({
  point,
  onClose,
  onReopen,
}: {
  point: DemoPoint;
  onClose: () => void;
  onReopen: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useDateFormat();
  const [history, setHistory] = useState<PointStatusChange[] | null>(null);
  const [activities, setActivities] = useState<ActivitySummary[] | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads when the status changes.
  useEffect(() => {
    let live = true;
    pointHistory(point.id).then(
      (h) => live && setHistory(h),
      () => live && setHistory([]),
    );
    activitiesAtPoint(point.id).then(
      (a) => live && setActivities(a),
      () => live && setActivities([]),
    );
    return () => {
      live = false;
    };
  }, [point.id, point.status]);

  const status = point.status;
  return (
    <div data-testid="point-records">
      <Divider style={{ margin: "8px 0 12px" }} />
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t("pointForm.status")}</Typography.Text>
        <span data-testid="point-status">
          <PointStatusTag status={status} />
        </span>
        {status.kind === "closed" && (
          <Typography.Text type="secondary">
            {t("pointForm.closedBecause", { date: fmt(status.closedOn), reason: status.reason })}
          </Typography.Text>
        )}
        {status.kind === "active" ? (
          <Button size="small" danger onClick={onClose} data-testid="point-close">
            {t("pointForm.close")}
          </Button>
        ) : (
          <Button size="small" onClick={onReopen} data-testid="point-reopen">
            {t("pointForm.reopen")}
          </Button>
        )}
      </Space>
      <div style={{ display: "flex", gap: 24 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{t("pointForm.history")}</Typography.Text>
          <List
            size="small"
            loading={history === null}
            data-testid="point-history"
            dataSource={history ?? []}
            renderItem={(h) => (
              <List.Item style={{ paddingInline: 0 }}>
                <span>
                  {h.status.kind === "active"
                    ? t("pointForm.historyActive", { date: fmt(h.on) })
                    : t("pointForm.historyClosed", { date: fmt(h.on), reason: h.status.reason })}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("pointForm.recordedOn", { date: h.recordedOn })}
                </Typography.Text>
              </List.Item>
            )}
          />
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong>{t("pointForm.activities")}</Typography.Text>
          {activities && activities.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t("pointForm.noActivities")}
              data-testid="point-activities"
            />
          ) : (
            <List
              size="small"
              loading={activities === null}
              data-testid="point-activities"
              dataSource={activities ?? []}
              renderItem={(a) => (
                <List.Item style={{ paddingInline: 0 }}>
                  <span>
                    {fmt(a.date)} {a.topic}
                  </span>
                  <StatusTag status={a.status} />
                </List.Item>
              )}
            />
          )}
        </div>
      </div>
      <div style={{ marginTop: 12 }}>
        <PhotoWall owner={{ kind: "point", pointId: point.id }} title={t("photos.pointTitle")} />
      </div>
    </div>
  );
}

type CloseValues = { closedOn: Dayjs; reason: string };

/** 关闭示范点: the date and the reason; the history keeps it. */
function ClosePointModal({
  point,
  onClose,
  onSaved,
}: {
  point: DemoPoint;
  onClose: () => void;
  onSaved: (p: DemoPoint) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<CloseValues>();
  const [busy, setBusy] = useState(false);
  const save = async (v: CloseValues) => {
    setBusy(true);
    try {
      const saved = await savePoint(
        point.id,
        withStatus(point, {
          kind: "closed",
          closedOn: v.closedOn.format("YYYY-MM-DD"),
          reason: v.reason.trim(),
        }),
      );
      message.success(t("pointForm.closed"));
      onSaved(saved);
    } catch (e) {
      const rest = placeFormError(t, form, "point", e as ApiError, ["closedOn", "reason"]);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t("pointForm.closeTitle")}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: busy, "data-testid": "point-close-save" }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ closedOn: appToday(), reason: "" }}
        onFinish={save}
      >
        <Form.Item name="closedOn" label={t("pointForm.closedOn")}>
          <DateInput
            data-testid="point-closed-on"
            allowClear={false}
            disabledDate={notFuture}
            format="YYYY-MM-DD"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("pointForm.reason")}
          rules={[
            {
              required: true,
              whitespace: true,
              message: fieldMessage(t, "point", { field: "reason", rule: "required" }),
            },
          ]}
        >
          <Input.TextArea
            data-testid="point-close-reason"
            rows={2}
            maxLength={200}
            placeholder={t("pointForm.reasonPlaceholder")}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
