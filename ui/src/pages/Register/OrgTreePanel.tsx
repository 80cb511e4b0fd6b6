import { EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Badge, Button, Empty, Space, Tag, Tree, Typography } from "antd";
import type { DataNode } from "antd/es/tree";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { OrgTree } from "../../bindings/OrgTree";
import { BranchForm, CommunityForm, TownForm } from "../../forms/OrgForms";
import {
  COMMITTEE_SEATS,
  communityOf,
  findBranch,
  findCommunity,
  findTown,
  parseScopeKey,
  type Scope,
  scopeKey,
  townOf,
} from "../../lib/orgTree";

type Editing =
  | { kind: "town"; id: string | null }
  | { kind: "community"; id: string | null }
  | { kind: "branch"; id: string | null };

type Props = {
  tree: OrgTree;
  scope: Scope | null;
  onSelect: (scope: Scope) => void;
  /** After a save: reload the tree and select what was saved. */
  onSaved: (scope: Scope) => void;
};

/** Town → community → branch, with the add / edit buttons for each level. */
export function OrgTreePanel({ tree, scope, onSelect, onSaved }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing | null>(null);
  const hasCommunity = tree.towns.some((n) => n.communities.length > 0);

  const treeData: DataNode[] = useMemo(
    () =>
      tree.towns.map((town) => ({
        key: scopeKey({ kind: "town", id: town.town.id }),
        title: town.town.name,
        children: town.communities.map((c) => ({
          key: scopeKey({ kind: "community", id: c.community.id }),
          title: c.community.name,
          children: c.branches.map((b) => ({
            key: scopeKey({ kind: "branch", id: b.branch.id }),
            isLeaf: true,
            title: (
              <span data-testid="tree-branch">
                {b.branch.name} <Badge count={b.activeMembers} showZero color="#bbb" size="small" />
                {b.seatsFilled < COMMITTEE_SEATS && (
                  <Tag color="orange" style={{ marginLeft: 4, marginInlineEnd: 0 }}>
                    {t("register.seatsMissing")}
                  </Tag>
                )}
              </span>
            ),
          })),
        })),
      })),
    [tree, t],
  );

  const saved = (kind: Scope["kind"]) => (s: { id: string }) => {
    setEditing(null);
    onSaved({ kind, id: s.id });
  };

  // Opening a town or community on first show keeps the tree useful without a click.
  const expandedDefault = useMemo(
    () =>
      tree.towns.flatMap((tn) => [
        scopeKey({ kind: "town", id: tn.town.id }),
        ...tn.communities.map((c) => scopeKey({ kind: "community", id: c.community.id })),
      ]),
    [tree],
  );

  return (
    <div style={{ display: "flex", flexDirection: "column", height: "100%" }}>
      <Space wrap size={[6, 6]} style={{ marginBottom: 8 }}>
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid="add-town"
          onClick={() => setEditing({ kind: "town", id: null })}
        >
          {t("register.addTown")}
        </Button>
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid="add-community"
          disabled={tree.towns.length === 0}
          onClick={() => setEditing({ kind: "community", id: null })}
        >
          {t("register.addCommunity")}
        </Button>
        <Button
          size="small"
          icon={<PlusOutlined />}
          data-testid="add-branch"
          disabled={!hasCommunity}
          onClick={() => setEditing({ kind: "branch", id: null })}
        >
          {t("register.addBranch")}
        </Button>
        <Button
          size="small"
          icon={<EditOutlined />}
          data-testid="edit-node"
          disabled={!scope}
          onClick={() => scope && setEditing({ kind: scope.kind, id: scope.id })}
        >
          {t("register.editNode")}
        </Button>
      </Space>
      <div style={{ flex: 1, overflow: "auto", minHeight: 0 }}>
        {tree.towns.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<Typography.Text>{t("register.noTowns")}</Typography.Text>}
          >
            <Button
              type="primary"
              data-testid="empty-add-town"
              onClick={() => setEditing({ kind: "town", id: null })}
            >
              {t("register.addTown")}
            </Button>
          </Empty>
        ) : (
          <Tree
            data-testid="org-tree"
            blockNode
            showLine
            key={expandedDefault.length}
            defaultExpandedKeys={expandedDefault}
            treeData={treeData}
            selectedKeys={scope ? [scopeKey(scope)] : []}
            onSelect={(keys) => {
              const picked = keys[0] ? parseScopeKey(String(keys[0])) : null;
              if (picked) onSelect(picked);
            }}
          />
        )}
      </div>
      {editing?.kind === "town" && (
        <TownForm
          town={editing.id ? (findTown(tree, editing.id)?.town ?? null) : null}
          onSaved={saved("town")}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === "community" && (
        <CommunityForm
          tree={tree}
          community={
            editing.id ? (findCommunity(tree, editing.id)?.community.community ?? null) : null
          }
          defaultTownId={townOf(tree, scope)}
          onSaved={saved("community")}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === "branch" && (
        <BranchForm
          tree={tree}
          branch={editing.id ? (findBranch(tree, editing.id)?.node.branch ?? null) : null}
          defaultCommunityId={communityOf(tree, scope)}
          onSaved={saved("branch")}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}
