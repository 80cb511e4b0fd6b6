import { Empty, Spin } from "antd";
import { useTranslation } from "react-i18next";
import { findBranch, scopeName } from "../../lib/orgTree";
import { useOrg } from "../../state/org";
import { PointsOverview } from "./Overview";
import { PointsBoard } from "./PointsBoard";

/** 示范点: a branch's "3+X" board, or the overview of a community or town (top-bar scope). */
export function PointsPage() {
  const { t } = useTranslation();
  const { tree, scope } = useOrg();
  if (!tree) return <Spin style={{ margin: 48 }} />;
  if (scope?.kind === "branch" && findBranch(tree, scope.id))
    return <PointsBoard key={scope.id} branchId={scope.id} />;
  const name = scope ? scopeName(tree, scope) : null;
  if (scope && name)
    return <PointsOverview key={`${scope.kind}:${scope.id}`} scope={scope} name={name} />;
  return (
    <Empty
      style={{ marginTop: 80 }}
      description={t("points.chooseScope")}
      data-testid="points-choose"
    />
  );
}
