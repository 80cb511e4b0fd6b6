import { Empty, Spin } from "antd";
import { useTranslation } from "react-i18next";
import { findBranch, findCommunity } from "../../lib/orgTree";
import { useOrg } from "../../state/org";
import { CommunityReview } from "./CommunityReview";
import { BranchHistory } from "./History";

/**
 * 季度评议: for a community, its review of a quarter from draft to finalised; for a branch, its
 * results across quarters; for a town, a hint to pick a community.
 */
export function ReviewsPage() {
  const { t } = useTranslation();
  const { tree, scope } = useOrg();
  if (!tree) return <Spin style={{ margin: 48 }} />;
  if (scope?.kind === "branch") {
    const place = findBranch(tree, scope.id);
    if (place)
      return <BranchHistory key={scope.id} branchId={scope.id} name={place.node.branch.name} />;
  }
  if (scope?.kind === "community") {
    const found = findCommunity(tree, scope.id);
    if (found)
      return (
        <CommunityReview
          key={scope.id}
          communityId={scope.id}
          name={found.community.community.name}
        />
      );
  }
  return (
    <Empty
      style={{ marginTop: 80 }}
      data-testid="reviews-choose"
      description={t(scope?.kind === "town" ? "reviews.pickCommunity" : "reviews.chooseScope")}
    />
  );
}
