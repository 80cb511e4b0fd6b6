import { App, AutoComplete, Form, Input, Modal, Radio } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { Problem } from "../../bindings/Problem";
import type { Suggestion } from "../../bindings/Suggestion";
import type { SuggestionSource } from "../../bindings/SuggestionSource";
import type { SuggestionStatus } from "../../bindings/SuggestionStatus";
import { type FormKind, fieldMessage, placeFormError } from "../../errors";
import { DateInput } from "../../forms/DateInput";
import { saveProblem, saveSuggestion } from "../../ipc/activities";
import { needsResponse, nextSuggestionStatuses } from "../../lib/activity";
import { labelled } from "../../lib/text";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";

const CATEGORIES = ["industry", "technical", "infrastructure", "environment", "welfare", "other"];
const notFuture = (d: Dayjs) => d.isAfter(appToday(), "day");

function useRules(kind: FormKind) {
  const { t } = useTranslation();
  return (field: string) => ({
    required: true,
    whitespace: true,
    message: fieldMessage(t, kind, { field, rule: "required" }),
  });
}

type SuggestionValues = {
  text: string;
  source: SuggestionSource;
  sourceName: string;
  category: string;
  receivedOn: Dayjs;
};
const SUGGESTION_FIELDS = ["text", "source", "sourceName", "category", "receivedOn", "response"];

/** 登记意见建议: a new entry, linked to the activity when captured during one. */
export function NewSuggestionModal({
  branchId,
  activityId,
  onClose,
  onSaved,
}: {
  branchId: string;
  activityId: string | null;
  onClose: () => void;
  onSaved: (s: Suggestion) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<SuggestionValues>();
  const [busy, setBusy] = useState(false);
  const required = useRules("suggestion");

  const save = async (v: SuggestionValues) => {
    setBusy(true);
    try {
      const saved = await saveSuggestion({
        id: "",
        branchId,
        activityId,
        text: v.text.trim(),
        source: v.source,
        sourceName: (v.sourceName ?? "").trim(),
        receivedOn: v.receivedOn.format("YYYY-MM-DD"),
        category: (v.category ?? "").trim(),
        status: "received",
        response: "",
      });
      message.success(t("ledger.suggestionSaved"));
      onSaved(saved);
    } catch (e) {
      const rest = placeFormError(t, form, "suggestion", e as ApiError, SUGGESTION_FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("ledger.addSuggestion")}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: busy, "data-testid": "suggestion-save" }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ source: "resident", sourceName: "", category: "", receivedOn: appToday() }}
        onFinish={save}
      >
        <Form.Item name="text" label={t("ledger.text")} rules={[required("text")]}>
          <Input.TextArea data-testid="suggestion-text" rows={3} maxLength={1000} />
        </Form.Item>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item name="source" label={t("ledger.source")}>
            <Radio.Group data-testid="suggestion-source" optionType="button">
              <Radio value="resident" data-testid="suggestion-source-resident">
                {t("suggestionSource.resident")}
              </Radio>
              <Radio value="member" data-testid="suggestion-source-member">
                {t("suggestionSource.member")}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="sourceName" label={t("ledger.sourceName")} style={{ flex: 1 }}>
            <Input
              data-testid="suggestion-source-name"
              maxLength={50}
              placeholder={t("ledger.sourceNamePlaceholder")}
            />
          </Form.Item>
        </div>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item name="category" label={t("ledger.category")} style={{ flex: 1 }}>
            <AutoComplete
              data-testid="suggestion-category"
              options={CATEGORIES.map((c) => ({ value: t(`ledgerCategory.${c}`) }))}
              placeholder={t("ledger.categoryPlaceholder")}
            />
          </Form.Item>
          <Form.Item
            name="receivedOn"
            label={t("ledger.receivedOn")}
            rules={[
              {
                required: true,
                message: fieldMessage(t, "suggestion", { field: "receivedOn", rule: "required" }),
              },
            ]}
          >
            <DateInput
              data-testid="suggestion-received-on"
              allowClear={false}
              disabledDate={notFuture}
              format="YYYY-MM-DD"
            />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

type HandleValues = { status: SuggestionStatus; response: string };

/** 处理: answer, adopt or pass up — only the statuses ahead of the current one. */
export function HandleSuggestionModal({
  suggestion,
  onClose,
  onSaved,
}: {
  suggestion: Suggestion;
  onClose: () => void;
  onSaved: (s: Suggestion) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<HandleValues>();
  const [busy, setBusy] = useState(false);
  const choices = nextSuggestionStatuses(suggestion.status);
  const status = Form.useWatch("status", form) ?? choices[0];

  const save = async (v: HandleValues) => {
    setBusy(true);
    try {
      const saved = await saveSuggestion({
        ...suggestion,
        status: v.status,
        response: (v.response ?? "").trim(),
      });
      message.success(t("ledger.suggestionSaved"));
      onSaved(saved);
    } catch (e) {
      const rest = placeFormError(t, form, "suggestion", e as ApiError, ["status", "response"]);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("ledger.handleTitle")}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: busy, "data-testid": "suggestion-handle-save" }}
    >
      <p style={{ whiteSpace: "pre-wrap" }}>{suggestion.text}</p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: choices[0], response: suggestion.response }}
        onFinish={save}
      >
        <Form.Item name="status" label={t("ledger.nextStatus")} extra={t("ledger.forwardOnly")}>
          <Radio.Group data-testid="suggestion-status" optionType="button">
            {choices.map((s) => (
              <Radio key={s} value={s} data-testid={`suggestion-status-${s}`}>
                {t(`suggestionStatus.${s}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="response"
          label={t("ledger.response")}
          dependencies={["status"]}
          required={needsResponse(status)}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v?: string) =>
                needsResponse(getFieldValue("status")) && !v?.trim()
                  ? Promise.reject(
                      new Error(
                        fieldMessage(t, "suggestion", { field: "response", rule: "required" }),
                      ),
                    )
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.TextArea data-testid="suggestion-response" rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ProblemValues = { person: string; description: string; raisedOn: Dayjs };

/** 登记难题: whose problem and what it is; linked to the activity when captured during one. */
export function NewProblemModal({
  branchId,
  activityId,
  onClose,
  onSaved,
}: {
  branchId: string;
  activityId: string | null;
  onClose: () => void;
  onSaved: (p: Problem) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<ProblemValues>();
  const [busy, setBusy] = useState(false);
  const required = useRules("problem");

  const save = async (v: ProblemValues) => {
    setBusy(true);
    try {
      const saved = await saveProblem({
        id: "",
        branchId,
        activityId,
        person: v.person.trim(),
        description: v.description.trim(),
        raisedOn: v.raisedOn.format("YYYY-MM-DD"),
        help: "",
        status: "open",
        solvedOn: null,
      });
      message.success(t("ledger.problemSaved"));
      onSaved(saved);
    } catch (e) {
      const rest = placeFormError(t, form, "problem", e as ApiError, [
        "person",
        "description",
        "raisedOn",
      ]);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("ledger.addProblem")}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: busy, "data-testid": "problem-save" }}
    >
      <Form form={form} layout="vertical" initialValues={{ raisedOn: appToday() }} onFinish={save}>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item
            name="person"
            label={t("ledger.person")}
            rules={[required("person")]}
            style={{ flex: 1 }}
          >
            <Input data-testid="problem-person" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="raisedOn"
            label={t("ledger.raisedOn")}
            rules={[
              {
                required: true,
                message: fieldMessage(t, "problem", { field: "raisedOn", rule: "required" }),
              },
            ]}
          >
            <DateInput
              data-testid="problem-raised-on"
              allowClear={false}
              disabledDate={notFuture}
              format="YYYY-MM-DD"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="description"
          label={t("ledger.description")}
          rules={[required("description")]}
        >
          <Input.TextArea data-testid="problem-description" rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type SolveValues = { help: string; solvedOn: Dayjs | null };

/** 已解决: how the branch helped and when — both required. */
export function SolveProblemModal({
  problem,
  onClose,
  onSaved,
}: {
  problem: Problem;
  onClose: () => void;
  onSaved: (p: Problem) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<SolveValues>();
  const [busy, setBusy] = useState(false);
  const required = useRules("problem");

  const save = async (v: SolveValues) => {
    if (!v.solvedOn) return;
    setBusy(true);
    try {
      const saved = await saveProblem({
        ...problem,
        status: "solved",
        help: v.help.trim(),
        solvedOn: v.solvedOn.format("YYYY-MM-DD"),
      });
      message.success(t("ledger.problemSaved"));
      onSaved(saved);
    } catch (e) {
      const rest = placeFormError(t, form, "problem", e as ApiError, ["help", "solvedOn"]);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t("ledger.solveTitle")}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: busy, "data-testid": "problem-solve-save" }}
    >
      <p>
        <strong>{labelled(t, problem.person, "")}</strong>
        {problem.description}
      </p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ help: problem.help, solvedOn: appToday() }}
        onFinish={save}
      >
        <Form.Item name="help" label={t("ledger.help")} rules={[required("help")]}>
          <Input.TextArea data-testid="problem-help" rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="solvedOn"
          label={t("ledger.solvedOn")}
          rules={[
            {
              required: true,
              message: fieldMessage(t, "problem", { field: "solvedOn", rule: "required" }),
            },
          ]}
        >
          <DateInput
            data-testid="problem-solved-on"
            format="YYYY-MM-DD"
            disabledDate={(d) => notFuture(d) || d.isBefore(dayjs(problem.raisedOn), "day")}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
