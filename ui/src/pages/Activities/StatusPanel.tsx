import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Space,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityDetail } from "../../bindings/ActivityDetail";
import type { ApiError } from "../../bindings/ApiError";
import type { HeldRequirement } from "../../bindings/HeldRequirement";
import { errorMessage, fieldMessage, missingText, placeFormError } from "../../errors";
import { activityDetail, changeStatus } from "../../ipc/activities";
import { isOpen } from "../../lib/activity";
import { HeldChecklist, useDateFormat } from "./parts";

type Props = {
  detail: ActivityDetail;
  /** The form holds unsaved edits: the checklist follows what is saved. */
  dirty: boolean;
  onChanged: (detail: ActivityDetail) => void;
};

/** 开展条件: the held checklist, then the lifecycle actions the status still allows. */
export function StatusPanel({ detail, dirty, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useDateFormat();
  const [busy, setBusy] = useState(false);
  const [notReady, setNotReady] = useState<HeldRequirement[] | null>(null);
  const [modal, setModal] = useState<"postpone" | "cancel" | null>(null);
  const a = detail.activity;
  const missing = detail.missing;

  const markHeld = async () => {
    setBusy(true);
    try {
      const next = await changeStatus(a.id, { state: "held" });
      setNotReady(null);
      message.success(t("editor.markedHeld"));
      onChanged(next);
    } catch (e) {
      const err = e as ApiError;
      if (err.code === "notReadyToHold") {
        // The server knows best: read the checklist again and show what is missing.
        const fresh = await activityDetail(a.id).catch(() => null);
        if (fresh) onChanged(fresh);
        setNotReady(fresh?.missing ?? missing);
      } else message.error(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  const resume = async () => {
    if (a.status.state !== "postponed") return;
    setBusy(true);
    try {
      const next = await changeStatus(a.id, { state: "planned" });
      message.success(t("editor.resumed", { date: fmt(next.activity.date) }));
      onChanged(next);
    } catch (e) {
      message.error(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t("editor.checklist")} data-testid="status-panel">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4, fontSize: 12 }}>
        {t("editor.checklistHint")}
      </Typography.Paragraph>
      <HeldChecklist missing={missing} />
      {dirty && (
        <Typography.Paragraph type="warning" style={{ fontSize: 12, margin: "4px 0 0" }}>
          {t("editor.unsaved")}
        </Typography.Paragraph>
      )}
      {notReady && notReady.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="held-not-ready"
          title={t("editor.notReady")}
          description={missingText(t, notReady)}
        />
      )}
      {a.status.state === "postponed" && (
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="status-note">
          {t("editor.postponedTo", { date: fmt(a.status.newDate), reason: a.status.reason })}
        </Typography.Paragraph>
      )}
      {a.status.state === "cancelled" && (
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="status-note">
          {t("editor.cancelledBecause", { reason: a.status.reason })}
        </Typography.Paragraph>
      )}
      {isOpen(a.status) ? (
        <Space orientation="vertical" style={{ width: "100%", marginTop: 12 }}>
          <Tooltip
            title={
              missing.length > 0
                ? t("editor.markHeldMissing", { items: missingText(t, missing) })
                : undefined
            }
          >
            <Button
              type="primary"
              block
              disabled={missing.length > 0}
              loading={busy}
              onClick={markHeld}
              data-testid="activity-mark-held"
            >
              {t("editor.markHeld")}
            </Button>
          </Tooltip>
          {missing.length === 0 && (
            <Typography.Text type="success" style={{ fontSize: 12 }}>
              {t("editor.allDone")}
            </Typography.Text>
          )}
          <Space wrap>
            {a.status.state === "postponed" && (
              <Button onClick={resume} disabled={busy} data-testid="activity-resume">
                {t("editor.resume")}
              </Button>
            )}
            <Button onClick={() => setModal("postpone")} data-testid="activity-postpone">
              {t("editor.postpone")}
            </Button>
            <Button danger onClick={() => setModal("cancel")} data-testid="activity-cancel">
              {t("editor.cancel")}
            </Button>
          </Space>
        </Space>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
          {t("editor.finalStatus")}
        </Typography.Paragraph>
      )}
      {modal && (
        <StatusModal
          mode={modal}
          detail={detail}
          onClose={() => setModal(null)}
          onDone={(next) => {
            setModal(null);
            onChanged(next);
          }}
        />
      )}
    </Card>
  );
}

type Values = { newDate: Dayjs | null; reason: string };

/** 延期 (new date + reason) or 取消活动 (reason). */
function StatusModal({
  mode,
  detail,
  onClose,
  onDone,
}: {
  mode: "postpone" | "cancel";
  detail: ActivityDetail;
  onClose: () => void;
  onDone: (next: ActivityDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useDateFormat();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const original = detail.activity.date;

  const save = async (v: Values) => {
    setBusy(true);
    try {
      const reason = v.reason.trim();
      const next = await changeStatus(
        detail.activity.id,
        mode === "postpone" && v.newDate
          ? { state: "postponed", newDate: v.newDate.format("YYYY-MM-DD"), reason }
          : { state: "cancelled", reason },
      );
      message.success(
        mode === "postpone"
          ? t("editor.postponed", { date: fmt(v.newDate?.format("YYYY-MM-DD") ?? original) })
          : t("editor.cancelled"),
      );
      onDone(next);
    } catch (e) {
      const rest = placeFormError(t, form, "status", e as ApiError, ["newDate", "reason"]);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: fieldMessage(t, "status", { field, rule: "required" }),
  });

  return (
    <Modal
      open
      title={t(mode === "postpone" ? "editor.postponeTitle" : "editor.cancelTitle")}
      onCancel={onClose}
      destroyOnHidden
      okText={t("common.confirm")}
      okButtonProps={{ loading: busy, danger: mode === "cancel", "data-testid": "status-save" }}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ newDate: null, reason: "" }}
        onFinish={save}
      >
        {mode === "postpone" && (
          <Form.Item
            name="newDate"
            label={t("editor.newDate")}
            rules={[{ ...required("newDate"), whitespace: false }]}
          >
            <DatePicker
              data-testid="status-new-date"
              format="YYYY-MM-DD"
              defaultPickerValue={dayjs(original)}
              disabledDate={(d) => !d.isAfter(dayjs(original), "day")}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t("editor.reason")} rules={[required("reason")]}>
          <Input.TextArea
            data-testid="status-reason"
            rows={2}
            maxLength={200}
            placeholder={t(
              mode === "postpone"
                ? "editor.postponeReasonPlaceholder"
                : "editor.cancelReasonPlaceholder",
            )}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
