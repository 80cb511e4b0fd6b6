import { Alert, App, Button, Form, Input, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { ScheduledDay } from "../../bindings/ScheduledDay";
import { fieldMessage, placeFormError } from "../../errors";
import { DateInput } from "../../forms/DateInput";
import { clearMove, moveDay } from "../../ipc/schedule";
import { within } from "../../lib/calendar";
import { dayText } from "../../lib/text";
import { useErrorNotice } from "../../shell/useErrorNotice";

type Values = { date: Dayjs | null; reason: string };
const FIELDS = ["date", "reason", "month"] as const;

/** Moves one month's activity day by hand (a reason is required), or takes a move back. */
export function MoveDayModal({
  day,
  onDone,
  onClose,
}: {
  day: ScheduledDay;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const picked = Form.useWatch("date", form);
  const fmt = (date: string) => dayText(t, date);
  const monthStart = dayjs(`${day.year}-${String(day.month).padStart(2, "0")}-01`);
  const pickedIso = picked ? picked.format("YYYY-MM-DD") : null;
  const outside = pickedIso !== null && !within(pickedIso, day.weekStart, day.weekEnd);

  const save = async (values: Values) => {
    if (!values.date) return;
    setBusy(true);
    try {
      const moved = await moveDay({
        branchId: day.branchId,
        year: day.year,
        month: day.month,
        date: values.date.format("YYYY-MM-DD"),
        reason: values.reason.trim(),
      });
      message.success(t("move.saved", { date: fmt(moved.date) }));
      onDone();
    } catch (e) {
      const rest = placeFormError(t, form, "move", e as ApiError, FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    setBusy(true);
    try {
      await clearMove(day.branchId, day.year, day.month);
      message.success(t("move.cleared"));
      onDone();
    } catch (e) {
      const rest = placeFormError(t, form, "move", e as ApiError, FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("move.title", { month: monthStart.format(t("calendar.monthFormat")) })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        day.manualReason !== null && (
          <Button key="undo" danger onClick={undo} disabled={busy} data-testid="move-clear">
            {t("move.clear")}
          </Button>
        ),
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={busy}
          onClick={() => form.submit()}
          data-testid="move-save"
        >
          {t("move.save")}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        {t("move.fixed", {
          date: fmt(day.fixedDate),
          start: fmt(day.weekStart),
          end: fmt(day.weekEnd),
        })}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(day.date), reason: day.manualReason ?? "" }}
        onFinish={save}
      >
        <Form.Item
          name="date"
          label={t("move.date")}
          rules={[
            {
              required: true,
              message: fieldMessage(t, "move", { field: "date", rule: "required" }),
            },
          ]}
        >
          <DateInput
            data-testid="move-date"
            allowClear={false}
            defaultPickerValue={monthStart}
            disabledDate={(d) => !d.isSame(monthStart, "month")}
          />
        </Form.Item>
        {outside && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="move-outside"
            title={t("move.outside", { start: fmt(day.weekStart), end: fmt(day.weekEnd) })}
          />
        )}
        <Form.Item
          name="reason"
          label={t("move.reason")}
          rules={[
            {
              required: true,
              whitespace: true,
              message: fieldMessage(t, "move", { field: "reason", rule: "required" }),
            },
          ]}
        >
          <Input.TextArea
            data-testid="move-reason"
            rows={2}
            maxLength={200}
            placeholder={t("move.reasonPlaceholder")}
          />
        </Form.Item>
        <Form.Item name="month" hidden>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
