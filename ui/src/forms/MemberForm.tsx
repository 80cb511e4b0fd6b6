import { App, Button, Form, Input, Modal, Radio, Select, Switch } from "antd";
import type { Rule } from "antd/es/form";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import type { FieldRule } from "../bindings/FieldRule";
import type { Gender } from "../bindings/Gender";
import type { Member } from "../bindings/Member";
import type { MemberDraft } from "../bindings/MemberDraft";
import {
  EARLIEST_BIRTH_YEAR,
  fieldMessage,
  latestBirthYear,
  MIN_JOIN_AGE,
  placeFormError,
} from "../errors";
import { saveMember } from "../ipc/register";
import { isValidPhone } from "../lib/phone";
import { appToday } from "../lib/today";
import { useErrorNotice } from "../shell/useErrorNotice";
import { DateInput } from "./DateInput";

type Values = {
  name: string;
  gender: Gender;
  /** As typed: letters are shown and refused at the field, never silently dropped. */
  birthYear: string;
  phone: string;
  specialty: string;
  joinedOn: Dayjs | null;
  capable: boolean;
  branchId: string | undefined;
};

const FIELDS = [
  "name",
  "gender",
  "birthYear",
  "phone",
  "specialty",
  "joinedOn",
  "capable",
  "branchId",
] as const;

export type BranchOptionGroup = {
  label: string;
  options: { value: string; label: string }[];
};

type Props = {
  /** The member to edit; null adds a new one. */
  member: Member | null;
  /** Preselected branch for a new member (the branch chosen in the tree). */
  defaultBranchId?: string;
  branches: BranchOptionGroup[];
  onSaved: (member: Member) => void;
  onClose: () => void;
};

function initialValues(member: Member | null, defaultBranchId?: string): Values {
  return {
    name: member?.name ?? "",
    gender: member?.gender ?? "male",
    birthYear: member?.birthYear ? String(member.birthYear) : "",
    phone: member?.phone ?? "",
    specialty: member?.specialty ?? "",
    joinedOn: member?.joinedOn ? dayjs(member.joinedOn) : null,
    capable: member?.capable ?? false,
    branchId: member?.branchId ?? defaultBranchId,
  };
}

function toDraft(v: Values): MemberDraft {
  return {
    branchId: v.branchId ?? "",
    name: v.name.trim(),
    gender: v.gender,
    birthYear: Number(v.birthYear.trim()) || 0,
    phone: (v.phone ?? "").trim(),
    specialty: (v.specialty ?? "").trim(),
    joinedOn: v.joinedOn ? v.joinedOn.format("YYYY-MM-DD") : null,
    capable: v.capable,
  };
}

/** Add or edit one member. The rules mirror the core's so most mistakes never leave the form. */
export function MemberForm({ member, defaultBranchId, branches, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const say = (field: string, rule: FieldRule) => fieldMessage(t, "member", { field, rule });

  const rules: Record<string, Rule[]> = {
    name: [
      { required: true, whitespace: true, message: say("name", "required") },
      { max: 30, message: say("name", "tooLong") },
    ],
    birthYear: [
      { required: true, message: t("fieldErrors.member.birthYear.required") },
      {
        validator: (_, value: string | undefined) => {
          const text = (value ?? "").trim();
          if (text === "") return Promise.resolve();
          const year = Number(text);
          return /^\d{4}$/.test(text) && year >= EARLIEST_BIRTH_YEAR && year <= latestBirthYear()
            ? Promise.resolve()
            : Promise.reject(new Error(say("birthYear", "badYear")));
        },
      },
    ],
    phone: [
      {
        validator: (_, value: string | undefined) =>
          !value?.trim() || isValidPhone(value)
            ? Promise.resolve()
            : Promise.reject(new Error(say("phone", "badPhone"))),
      },
    ],
    specialty: [{ max: 200, message: say("specialty", "tooLong") }],
    joinedOn: [
      ({ getFieldValue }) => ({
        validator: (_, value: Dayjs | null) => {
          if (!value) return Promise.resolve();
          if (value.isAfter(appToday(), "day"))
            return Promise.reject(new Error(say("joinedOn", "future")));
          const born = Number(getFieldValue("birthYear")) || null;
          if (born && value.year() < born + MIN_JOIN_AGE)
            return Promise.reject(new Error(say("joinedOn", "badDate")));
          return Promise.resolve();
        },
      }),
    ],
    branchId: [{ required: true, message: say("branchId", "required") }],
  };

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const saved = await saveMember(member?.id ?? null, toDraft(values));
      message.success(t("memberForm.saved", { name: saved.name }));
      onSaved(saved);
    } catch (e) {
      const rest = placeFormError(t, form, "member", e as ApiError, FIELDS);
      if (rest) showError(rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(member ? "memberForm.titleEdit" : "memberForm.titleAdd")}
      onCancel={onClose}
      mask={{ closable: false }}
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={saving}
          data-testid="member-save"
          onClick={() => form.submit()}
        >
          {t("common.save")}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 17 }}
        initialValues={initialValues(member, defaultBranchId)}
        onFinish={submit}
        requiredMark
      >
        <Form.Item name="name" label={t("memberForm.name")} rules={rules.name}>
          <Input data-testid="member-name" maxLength={60} autoFocus />
        </Form.Item>
        <Form.Item name="gender" label={t("memberForm.gender")} required>
          <Radio.Group data-testid="member-gender">
            <Radio value="male">{t("gender.male")}</Radio>
            <Radio value="female">{t("gender.female")}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="birthYear"
          label={t("memberForm.birthYear")}
          rules={rules.birthYear}
          required
        >
          <Input
            data-testid="member-birth-year"
            inputMode="numeric"
            maxLength={8}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item name="phone" label={t("memberForm.phone")} rules={rules.phone}>
          <Input data-testid="member-phone" placeholder={t("memberForm.phonePlaceholder")} />
        </Form.Item>
        <Form.Item name="specialty" label={t("memberForm.specialty")} rules={rules.specialty}>
          <Input
            data-testid="member-specialty"
            placeholder={t("memberForm.specialtyPlaceholder")}
          />
        </Form.Item>
        <Form.Item
          name="joinedOn"
          label={t("memberForm.joinedOn")}
          rules={rules.joinedOn}
          dependencies={["birthYear"]}
        >
          <DateInput
            data-testid="member-joined-on"
            disabledDate={(d) => d.isAfter(appToday(), "day")}
            style={{ width: 180 }}
          />
        </Form.Item>
        <Form.Item
          name="capable"
          label={t("memberForm.capable")}
          valuePropName="checked"
          extra={t("memberForm.capableHelp")}
        >
          <Switch data-testid="member-capable" />
        </Form.Item>
        <Form.Item name="branchId" label={t("memberForm.branch")} rules={rules.branchId} required>
          <Select
            data-testid="member-branch"
            options={branches}
            showSearch={{ optionFilterProp: "label" }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
