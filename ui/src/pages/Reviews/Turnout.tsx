import { Form, InputNumber, Modal, Space, Typography } from "antd";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReviewerCount } from "../../bindings/ReviewerCount";
import { sentencesText } from "../../lib/text";

/** "党员只收回 7 / 125 张（5%）" for each group the core judged low, or null when none is. */
export function lowTurnoutText(t: TFunction, reviewers: readonly ReviewerCount[]): string | null {
  const low = reviewers.filter((r) => r.lowTurnout);
  if (low.length === 0) return null;
  return sentencesText(
    t,
    low.map((r) =>
      t("reviews.turnout.low", {
        group: t(`reviews.group.${r.group}`),
        sheets: r.sheets,
        registered: r.registered,
        percent: r.percent,
      }),
    ),
  );
}

/** 参评: "党员 7 / 125（5%）· 群众 30 / 40（75%）", a low group in red. */
export function TurnoutLine({ reviewers }: { reviewers: readonly ReviewerCount[] }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap data-testid="review-turnout">
      <Typography.Text type="secondary">{t("reviews.turnout.label")}</Typography.Text>
      {reviewers.map((r, i) => (
        <Typography.Text
          key={r.group}
          type={r.lowTurnout ? "danger" : undefined}
          data-testid={`turnout-${r.group}`}
          data-low={r.lowTurnout ? "true" : undefined}
        >
          {i > 0 && " · "}
          {t("reviews.turnout.group", {
            group: t(`reviews.group.${r.group}`),
            sheets: r.sheets,
            registered: r.registered,
          })}
          {r.registered > 0 && t("reviews.turnout.percent", { percent: r.percent })}
        </Typography.Text>
      ))}
    </Space>
  );
}

type Numbers = { members: number | null; residents: number | null };

/**
 * 开始收集选票 asks how many members and residents take part (members prefilled from the
 * register, as the review was opened): the turnout is judged against these numbers.
 */
export function StartCollectingModal({
  reviewers,
  onStart,
  onClose,
}: {
  reviewers: readonly ReviewerCount[];
  onStart: (members: number, residents: number) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Numbers>();
  const [busy, setBusy] = useState(false);
  const registered = (group: string) => reviewers.find((r) => r.group === group)?.registered ?? 0;
  const finish = async ({ members, residents }: Numbers) => {
    if (members === null || residents === null) return;
    setBusy(true);
    const started = await onStart(members, residents);
    setBusy(false);
    if (started) onClose();
  };
  return (
    <Modal
      open
      title={t("reviews.turnout.startTitle")}
      okText={t("reviews.startCollecting")}
      okButtonProps={{ loading: busy, "data-testid": "start-ok" }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("reviews.turnout.startHint")}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ members: registered("member"), residents: registered("resident") }}
        onFinish={finish}
      >
        <Form.Item
          name="members"
          label={t("reviews.turnout.members")}
          extra={t("reviews.turnout.membersHint")}
          rules={[
            { required: true, message: t("reviews.turnout.membersRequired") },
            { type: "number", min: 1, message: t("reviews.turnout.membersRequired") },
          ]}
        >
          <InputNumber min={0} max={100000} precision={0} data-testid="start-members" />
        </Form.Item>
        <Form.Item
          name="residents"
          label={t("reviews.turnout.residents")}
          rules={[{ required: true, message: t("reviews.turnout.residentsRequired") }]}
        >
          <InputNumber min={0} max={100000} precision={0} data-testid="start-residents" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
