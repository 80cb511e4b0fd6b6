import { Alert, App, Button, Card, Form, Input, Modal, Space, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityDetail } from "../../bindings/ActivityDetail";
import type { ApiError } from "../../bindings/ApiError";
import type { HeldRequirement } from "../../bindings/HeldRequirement";
import { errorMessage, fieldMessage, missingText, placeFormError } from "../../errors";
import { DateInput } from "../../forms/DateInput";
import { activityDetail, changeStatus, setBackHeld } from "../../ipc/activities";
import { heldDayChoice, isOpen, latestPostponedDay } from "../../lib/activity";
import { appTodayIso } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";
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
  const showError = useErrorNotice();
  const fmt = useDateFormat();
  const [busy, setBusy] = useState(false);
  const [notReady, setNotReady] = useState<HeldRequirement[] | null>(null);
  const [modal, setModal] = useState<Mode | null>(null);
  const a = detail.activity;
  const missing = detail.missing;
  // The core refuses "held" before a planned activity's day (activity::held_on); say so first.
  const notYet = a.status.state === "planned" && a.date > appTodayIso();

  /** The server refused "held" for lack of records: read the checklist again and show it. */
  const showNotReady = async () => {
    const fresh = await activityDetail(a.id).catch(() => null);
    if (fresh) onChanged(fresh);
    setNotReady(fresh?.missing ?? missing);
  };

  const markHeld = async () => {
    // A postponed activity took place on a day of its own: ask which first.
    if (a.status.state === "postponed") {
      setModal("held");
      return;
    }
    setBusy(true);
    try {
      const next = await changeStatus(a.id, { state: "held" });
      setNotReady(null);
      message.success(t("editor.markedHeld"));
      onChanged(next);
    } catch (e) {
      const err = e as ApiError;
      if (err.code === "notReadyToHold") await showNotReady();
      else if (err.code === "beforeItsDay")
        showError(t("errors.beforeItsDay", { subject: fmt(err.subject ?? a.date) }));
      else showError(errorMessage(t, err));
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
      showError(errorMessage(t, e as ApiError));
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
      {a.status.state === "held" && detail.tookPlaceOn !== a.date && (
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="status-note">
          {t("editor.heldAfterPostponement", {
            date: fmt(detail.tookPlaceOn),
            planned: fmt(a.date),
          })}
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
              disabled={missing.length > 0 || notYet}
              loading={busy}
              onClick={markHeld}
              data-testid="activity-mark-held"
            >
              {t("editor.markHeld")}
            </Button>
          </Tooltip>
          {notYet ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="held-not-yet">
              {t("editor.heldNotYet", { date: fmt(a.date) })}
            </Typography.Text>
          ) : (
            missing.length === 0 && (
              <Typography.Text type="success" style={{ fontSize: 12 }}>
                {t("editor.allDone")}
              </Typography.Text>
            )
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
      ) : a.status.state === "held" ? (
        <Space orientation="vertical" style={{ width: "100%", marginTop: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("editor.setBackHint")}
          </Typography.Text>
          <Button onClick={() => setModal("setBack")} data-testid="activity-set-back">
            {t("editor.setBack")}
          </Button>
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
            setNotReady(null);
            onChanged(next);
          }}
          onNotReady={() => {
            setModal(null);
            void showNotReady();
          }}
        />
      )}
    </Card>
  );
}

type Mode = "postpone" | "cancel" | "held" | "setBack";
type Values = { newDate: Dayjs | null; heldOn: Dayjs | null; reason: string };

const TITLES: Record<Mode, string> = {
  postpone: "editor.postponeTitle",
  cancel: "editor.cancelTitle",
  held: "editor.heldTitle",
  setBack: "editor.setBackTitle",
};

const REASON_PLACEHOLDERS: Record<Exclude<Mode, "held">, string> = {
  postpone: "editor.postponeReasonPlaceholder",
  cancel: "editor.cancelReasonPlaceholder",
  setBack: "editor.setBackReasonPlaceholder",
};

/** 延期 (new date + reason), 取消活动 (reason), 退回为未开展 (reason), or 标记为已开展 for a
 * postponed activity (the day it took place: by default the day it was postponed to). */
function StatusModal({
  mode,
  detail,
  onClose,
  onDone,
  onNotReady,
}: {
  mode: Mode;
  detail: ActivityDetail;
  onClose: () => void;
  onDone: (next: ActivityDetail) => void;
  onNotReady: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const fmt = useDateFormat();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const a = detail.activity;
  const original = a.date;
  const postponedTo = a.status.state === "postponed" ? a.status.newDate : original;
  const held = heldDayChoice(original, postponedTo, appTodayIso());

  const send = (v: Values) => {
    // Only the fields the mode shows are in `v`.
    const reason = (v.reason ?? "").trim();
    if (mode === "held")
      return changeStatus(a.id, { state: "held" }, v.heldOn?.format("YYYY-MM-DD") ?? null);
    if (mode === "setBack") return setBackHeld(a.id, reason);
    if (mode === "postpone" && v.newDate)
      return changeStatus(a.id, {
        state: "postponed",
        newDate: v.newDate.format("YYYY-MM-DD"),
        reason,
      });
    return changeStatus(a.id, { state: "cancelled", reason });
  };

  const save = async (v: Values) => {
    setBusy(true);
    try {
      const next = await send(v);
      message.success(
        mode === "postpone"
          ? t("editor.postponed", { date: fmt(v.newDate?.format("YYYY-MM-DD") ?? original) })
          : mode === "held"
            ? t("editor.markedHeldOn", { date: fmt(next.tookPlaceOn) })
            : mode === "setBack"
              ? t("editor.setBackDone", { date: fmt(next.activity.date) })
              : t("editor.cancelled"),
      );
      onDone(next);
    } catch (e) {
      const err = e as ApiError;
      if (err.code === "notReadyToHold") {
        onNotReady();
        return;
      }
      const rest = placeFormError(t, form, "status", err, ["newDate", "heldOn", "reason"]);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({
    required: true,
    message: fieldMessage(t, "status", { field, rule: "required" }),
  });
  // A date is an object: `type: "object"`, or the validator takes it for a string and refuses.
  const requiredDay = (field: string) => ({ ...required(field), type: "object" as const });

  return (
    <Modal
      open
      title={t(TITLES[mode])}
      onCancel={onClose}
      destroyOnHidden
      okText={t("common.confirm")}
      okButtonProps={{ loading: busy, danger: mode === "cancel", "data-testid": "status-save" }}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          newDate: null,
          heldOn: mode === "held" ? dayjs(held.offered) : null,
          reason: "",
        }}
        onFinish={save}
      >
        {mode === "postpone" && (
          <Form.Item
            name="newDate"
            label={t("editor.newDate")}
            extra={t("editor.newDateHint", { latest: fmt(latestPostponedDay(original)) })}
            rules={[requiredDay("newDate")]}
          >
            <DateInput
              data-testid="status-new-date"
              format="YYYY-MM-DD"
              defaultPickerValue={dayjs(original)}
              disabledDate={(d) =>
                !d.isAfter(dayjs(original), "day") ||
                d.isAfter(dayjs(latestPostponedDay(original)), "day")
              }
            />
          </Form.Item>
        )}
        {mode === "held" && (
          <Form.Item
            name="heldOn"
            label={t("editor.heldOn")}
            extra={t("editor.heldOnHint", {
              planned: fmt(original),
              postponed: fmt(postponedTo),
            })}
            rules={[requiredDay("heldOn")]}
          >
            <DateInput
              data-testid="status-held-on"
              format="YYYY-MM-DD"
              allowClear={false}
              disabledDate={(d) =>
                d.isBefore(dayjs(held.earliest), "day") || d.isAfter(dayjs(held.latest), "day")
              }
            />
          </Form.Item>
        )}
        {mode === "setBack" && (
          <Typography.Paragraph data-testid="set-back-explained">
            {t("editor.setBackExplained", { date: fmt(original) })}
          </Typography.Paragraph>
        )}
        {mode !== "held" && (
          <Form.Item
            name="reason"
            label={t("editor.reason")}
            rules={[{ ...required("reason"), whitespace: true }]}
          >
            <Input.TextArea
              data-testid="status-reason"
              rows={2}
              maxLength={200}
              placeholder={t(REASON_PLACEHOLDERS[mode])}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
