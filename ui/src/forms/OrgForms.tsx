// Small modal forms for the organisation register: town, community, branch.
import { App, Form, Input, Modal, Select } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import type { Branch } from "../bindings/Branch";
import type { BranchBasis } from "../bindings/BranchBasis";
import type { Community } from "../bindings/Community";
import type { OrgTree } from "../bindings/OrgTree";
import type { Town } from "../bindings/Town";
import { fieldMessage, placeFormError } from "../errors";
import { saveBranch, saveCommunity, saveTown } from "../ipc/register";
import { useErrorNotice } from "../shell/useErrorNotice";

const BASES: BranchBasis[] = ["trade", "skill", "age", "other"];

type Saved = { name: string };

/** Shared shell: submits, shows success, places server errors next to the fields. */
function OrgModal<V extends object, R extends Saved>(props: {
  title: string;
  initial: V;
  fields: readonly string[];
  save: (values: V) => Promise<R>;
  onSaved: (saved: R) => void;
  onClose: () => void;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const submit = async (values: V) => {
    setSaving(true);
    try {
      const saved = await props.save(values);
      message.success(t("orgForm.saved", { name: saved.name }));
      props.onSaved(saved);
    } catch (e) {
      const rest = placeFormError(t, form, "org", e as ApiError, props.fields);
      if (rest) showError(rest);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      mask={{ closable: false }}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={props.initial}
        onFinish={submit}
        data-testid={props.testId}
      >
        {props.children}
      </Form>
    </Modal>
  );
}

function useNameRules() {
  const { t } = useTranslation();
  return [
    {
      required: true,
      whitespace: true,
      message: fieldMessage(t, "org", { field: "name", rule: "required" }),
    },
    { max: 30, message: fieldMessage(t, "org", { field: "name", rule: "tooLong" }) },
  ];
}

type Common<R> = { onSaved: (saved: R) => void; onClose: () => void };

export function TownForm({ town, ...rest }: { town: Town | null } & Common<Town>) {
  const { t } = useTranslation();
  const nameRules = useNameRules();
  return (
    <OrgModal
      title={t(town ? "orgForm.editTown" : "orgForm.addTown")}
      initial={{ name: town?.name ?? "" }}
      fields={["name"]}
      save={(v) => saveTown(town?.id ?? null, { name: v.name })}
      testId="town-form"
      {...rest}
    >
      <Form.Item name="name" label={t("orgForm.townName")} rules={nameRules}>
        <Input data-testid="town-name" autoFocus />
      </Form.Item>
    </OrgModal>
  );
}

export function CommunityForm({
  community,
  tree,
  defaultTownId,
  ...rest
}: {
  community: Community | null;
  tree: OrgTree;
  defaultTownId?: string;
} & Common<Community>) {
  const { t } = useTranslation();
  const nameRules = useNameRules();
  const [name, setName] = useState(community?.name ?? "");
  return (
    <OrgModal
      title={t(community ? "orgForm.editCommunity" : "orgForm.addCommunity")}
      initial={{
        townId: community?.townId ?? defaultTownId,
        name: community?.name ?? "",
        committeeName: community?.committeeName ?? "",
      }}
      fields={["townId", "name", "committeeName"]}
      save={(v) =>
        saveCommunity(community?.id ?? null, {
          townId: v.townId ?? "",
          name: v.name,
          // Left empty, the core names it "<name>党委".
          committeeName: v.committeeName ?? "",
        })
      }
      testId="community-form"
      {...rest}
    >
      <Form.Item
        name="townId"
        label={t("orgForm.town")}
        rules={[
          {
            required: true,
            message: fieldMessage(t, "org", { field: "townId", rule: "required" }),
          },
        ]}
      >
        <Select options={tree.towns.map((n) => ({ value: n.town.id, label: n.town.name }))} />
      </Form.Item>
      <Form.Item name="name" label={t("orgForm.communityName")} rules={nameRules}>
        <Input data-testid="community-name" autoFocus onChange={(e) => setName(e.target.value)} />
      </Form.Item>
      <Form.Item
        name="committeeName"
        label={t("orgForm.committeeName")}
        rules={[
          { max: 30, message: fieldMessage(t, "org", { field: "committeeName", rule: "tooLong" }) },
        ]}
      >
        <Input placeholder={t("orgForm.committeeDefault", { name: name.trim() || "…" })} />
      </Form.Item>
    </OrgModal>
  );
}

export function BranchForm({
  branch,
  tree,
  defaultCommunityId,
  ...rest
}: {
  branch: Branch | null;
  tree: OrgTree;
  defaultCommunityId?: string;
} & Common<Branch>) {
  const { t } = useTranslation();
  const nameRules = useNameRules();
  const communities = tree.towns.map((town) => ({
    label: town.town.name,
    title: town.town.name,
    options: town.communities.map((c) => ({ value: c.community.id, label: c.community.name })),
  }));
  return (
    <OrgModal
      title={t(branch ? "orgForm.editBranch" : "orgForm.addBranch")}
      initial={{
        communityId: branch?.communityId ?? defaultCommunityId,
        name: branch?.name ?? "",
        basis: branch?.basis ?? ("trade" as BranchBasis),
        note: branch?.note ?? "",
      }}
      fields={["communityId", "name", "basis", "note"]}
      save={(v) =>
        saveBranch(branch?.id ?? null, {
          communityId: v.communityId ?? "",
          name: v.name,
          basis: v.basis,
          note: v.note ?? "",
        })
      }
      testId="branch-form"
      {...rest}
    >
      <Form.Item
        name="communityId"
        label={t("orgForm.community")}
        rules={[
          {
            required: true,
            message: fieldMessage(t, "org", { field: "communityId", rule: "required" }),
          },
        ]}
      >
        <Select options={communities} />
      </Form.Item>
      <Form.Item name="name" label={t("orgForm.branchName")} rules={nameRules}>
        <Input
          data-testid="branch-name"
          autoFocus
          placeholder={t("orgForm.branchNamePlaceholder")}
        />
      </Form.Item>
      <Form.Item name="basis" label={t("orgForm.basis")} required>
        <Select
          data-testid="branch-basis"
          options={BASES.map((b) => ({ value: b, label: t(`basis.${b}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t("orgForm.note")}
        rules={[{ max: 200, message: fieldMessage(t, "org", { field: "note", rule: "tooLong" }) }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
    </OrgModal>
  );
}
