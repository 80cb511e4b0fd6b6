import { Card, Checkbox, Form, Input, InputNumber, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Step } from "../../bindings/Step";
import { PRACTICE_FORMS } from "../../lib/activity";

/** One of the three steps: its plan on the left, its record on the right. */
export function StepCard({ step, index }: { step: Step; index: number }) {
  const { t } = useTranslation();
  const name = (field: string) => ["steps", index, field];
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`step-${step}`}
      title={
        <span>
          <Typography.Text type="danger" style={{ marginInlineEnd: 8 }}>
            {t("editor.stepNo", { n: index + 1 })}
          </Typography.Text>
          {t(`step.${step}`)}
        </span>
      }
    >
      <div
        style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)", gap: 16 }}
      >
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{t("editor.plan")}</Typography.Text>
          <Form.Item name={name("planContent")} label={t("editor.planContent")}>
            <Input.TextArea
              data-testid={`step-${step}-plan`}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              placeholder={t("editor.planContentPlaceholder")}
            />
          </Form.Item>
          <div style={{ display: "flex", gap: 8 }}>
            <Form.Item name={name("planLeader")} label={t("editor.planLeader")} style={{ flex: 1 }}>
              <Input data-testid={`step-${step}-leader`} maxLength={100} />
            </Form.Item>
            <Form.Item name={name("planMinutes")} label={t("editor.planMinutes")}>
              <InputNumber
                data-testid={`step-${step}-minutes`}
                min={0}
                max={600}
                step={10}
                precision={0}
                style={{ width: 120 }}
              />
            </Form.Item>
          </div>
          <Form.Item name={name("planMaterials")} label={t("editor.planMaterials")}>
            <Input data-testid={`step-${step}-materials`} maxLength={500} />
          </Form.Item>
          {step === "practicalTraining" && (
            <Form.Item name={name("practiceForms")} label={t("editor.practiceForms")}>
              <Checkbox.Group
                data-testid="step-practicalTraining-forms"
                options={PRACTICE_FORMS.map((f) => ({ value: f, label: t(`practiceForm.${f}`) }))}
              />
            </Form.Item>
          )}
        </div>
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{t("editor.record")}</Typography.Text>
          <Form.Item name={name("recordDone")} label={t("editor.recordDone")}>
            <Input.TextArea
              data-testid={`step-${step}-record`}
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={2000}
              placeholder={t("editor.recordDonePlaceholder")}
            />
          </Form.Item>
          <Form.Item name={name("recordNotes")} label={t("editor.recordNotes")}>
            <Input.TextArea
              data-testid={`step-${step}-notes`}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
            />
          </Form.Item>
        </div>
      </div>
    </Card>
  );
}
