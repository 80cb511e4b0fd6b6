import { TreeSelect } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { parseScopeKey, scopeKey } from "../lib/orgTree";
import { useOrg } from "../state/org";

/** The app-wide scope: one town, community or branch. The register follows it. */
export function ScopeSelector() {
  const { t } = useTranslation();
  const { tree, scope, setScope } = useOrg();
  const treeData = useMemo(
    () =>
      (tree?.towns ?? []).map((town) => ({
        value: scopeKey({ kind: "town", id: town.town.id }),
        title: town.town.name,
        children: town.communities.map((c) => ({
          value: scopeKey({ kind: "community", id: c.community.id }),
          title: c.community.name,
          children: c.branches.map((b) => ({
            value: scopeKey({ kind: "branch", id: b.branch.id }),
            title: b.branch.name,
          })),
        })),
      })),
    [tree],
  );
  return (
    <TreeSelect
      data-testid="scope-select"
      style={{ width: 300 }}
      treeData={treeData}
      value={scope ? scopeKey(scope) : undefined}
      onChange={(key?: string) => setScope(key ? parseScopeKey(key) : null)}
      placeholder={t("scope.placeholder")}
      showSearch={{ treeNodeFilterProp: "title" }}
      allowClear
      treeDefaultExpandAll
      disabled={!tree || tree.towns.length === 0}
    />
  );
}
