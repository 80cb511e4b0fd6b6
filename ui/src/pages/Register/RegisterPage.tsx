import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Space, Spin, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { Member } from "../../bindings/Member";
import type { OrgTree } from "../../bindings/OrgTree";
import { errorMessage } from "../../errors";
import { MemberForm } from "../../forms/MemberForm";
import { listMembers } from "../../ipc/register";
import { branchOptions, findBranch, memberQuery, type Scope, scopeName } from "../../lib/orgTree";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { useOrg } from "../../state/org";
import { CommitteeCard } from "./CommitteeCard";
import { ImportExportButtons } from "./ImportExportButtons";
import { MemberTable } from "./MemberTable";
import { OrgTreePanel } from "./OrgTreePanel";

/** The organisation register: the tree on the left, the chosen scope's members on the right. */
export function RegisterPage() {
  const { tree, reload, scope, setScope } = useOrg();
  if (!tree) return <Spin style={{ margin: 48 }} />;
  return (
    <div style={{ display: "flex", gap: 16, height: "100%", minHeight: 0 }}>
      <Card
        size="small"
        style={{ width: 300, flex: "none", display: "flex", flexDirection: "column" }}
        styles={{ body: { flex: 1, minHeight: 0, display: "flex", flexDirection: "column" } }}
      >
        <OrgTreePanel
          tree={tree}
          scope={scope}
          onSelect={setScope}
          onSaved={(s) => {
            setScope(s);
            void reload();
          }}
        />
      </Card>
      <div style={{ flex: 1, minWidth: 0, overflowY: "auto", overflowX: "hidden" }}>
        <ScopePane tree={tree} scope={scope} onTreeChanged={reload} />
      </div>
    </div>
  );
}

function ScopePane({
  tree,
  scope,
  onTreeChanged,
}: {
  tree: OrgTree;
  scope: Scope | null;
  onTreeChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const showError = useErrorNotice();
  const [members, setMembers] = useState<Member[]>([]);
  const [loading, setLoading] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Member | "new" | null>(null);
  const [version, setVersion] = useState(0);
  const name = scope ? scopeName(tree, scope) : null;
  const branch = scope?.kind === "branch" ? findBranch(tree, scope.id) : null;

  const load = useCallback(async () => {
    if (!scope) return;
    setLoading(true);
    try {
      setMembers(await listMembers(memberQuery(scope, showArchived)));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setLoading(false);
    }
  }, [scope, showArchived, showError, t]);

  useEffect(() => {
    void load();
  }, [load]);

  // Members changed: reload the table, the tree's counts and the committee seats.
  const changed = () => {
    void load();
    void onTreeChanged();
    setVersion((v) => v + 1);
  };

  if (tree.towns.length === 0) {
    return (
      <Empty
        style={{ marginTop: 80 }}
        description={t("register.emptySteps")}
        data-testid="empty-steps"
      />
    );
  }
  if (!scope || name === null) {
    return (
      <Empty
        style={{ marginTop: 80 }}
        description={t("register.chooseNode")}
        data-testid="choose-node"
      />
    );
  }

  return (
    <Space direction="vertical" size={12} style={{ width: "100%" }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8, flexWrap: "wrap" }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="scope-title">
          {name}
        </Typography.Title>
        <Tag>{t(`scope.${scope.kind}`)}</Tag>
        {branch && <Tag color="blue">{t(`basis.${branch.node.branch.basis}`)}</Tag>}
        <div style={{ flex: 1 }} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="add-member"
          onClick={() => setEditing("new")}
        >
          {t("members.add")}
        </Button>
        <ImportExportButtons onImported={changed} />
      </div>
      {branch?.node.branch.note && (
        <Typography.Text type="secondary">{branch.node.branch.note}</Typography.Text>
      )}
      {branch && (
        <CommitteeCard
          branchId={branch.node.branch.id}
          candidates={members.filter((m) => m.archivedOn === null)}
          version={version}
          onSaved={changed}
        />
      )}
      <MemberTable
        members={members}
        loading={loading}
        showBranch={scope.kind !== "branch"}
        showArchived={showArchived}
        onShowArchived={setShowArchived}
        onEdit={setEditing}
        onChanged={changed}
        emptyText={t(branch ? "register.noMembers" : "register.noMembersScope")}
      />
      {editing && (
        <MemberForm
          member={editing === "new" ? null : editing}
          defaultBranchId={branch?.node.branch.id}
          branches={branchOptions(tree)}
          onSaved={() => {
            setEditing(null);
            changed();
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}
