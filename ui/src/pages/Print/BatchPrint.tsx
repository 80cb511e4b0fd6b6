import { FolderOpenOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Checkbox, Flex, Progress, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { BatchOutcome } from "../../bindings/BatchOutcome";
import type { BatchRequest } from "../../bindings/BatchRequest";
import type { OrgTree } from "../../bindings/OrgTree";
import type { Paper } from "../../bindings/Paper";
import { errorMessage } from "../../errors";
import { pickFolder } from "../../ipc/print";
import { findBranch, findCommunity, findTown, type Scope } from "../../lib/orgTree";
import { useOrg } from "../../state/org";
import { batchFailed, cancelBatch, startBatch, useBatchState } from "../../state/printBatch";

/** The branches a batch covers for the scope in the top bar: a town's, a community's (a
 * branch's community), or every branch when nothing is chosen. */
function batchScope(tree: OrgTree, scope: Scope | null) {
  const everyone = tree.towns.flatMap((t) => t.communities);
  if (scope?.kind === "town") {
    const town = findTown(tree, scope.id);
    if (town) {
      return {
        name: town.town.name,
        ids: { townId: town.town.id, communityId: null },
        communities: town.communities,
      };
    }
  }
  const communityId =
    scope?.kind === "community"
      ? scope.id
      : scope?.kind === "branch"
        ? findBranch(tree, scope.id)?.community.community.id
        : undefined;
  const found = communityId ? findCommunity(tree, communityId) : null;
  if (found) {
    const community = found.community;
    return {
      name: community.community.name,
      ids: { townId: null, communityId: community.community.id },
      communities: [community],
    };
  }
  return { name: null, ids: { townId: null, communityId: null }, communities: everyone };
}

type Props = { year: number; month: number | null; paper: Paper };

/**
 * 批量打印: every branch's calendar of the current scope, one PDF each, into a folder the user
 * picks, with progress and a cancel button. The core writes each file whole, so a cancelled
 * batch leaves only finished documents.
 */
export function BatchPrint({ year, month, paper }: Props) {
  const { t } = useTranslation();
  const { tree, scope } = useOrg();
  const [excel, setExcel] = useState(false);
  // Kept outside the page, so leaving 打印 mid-batch shows it again on return.
  const { progress, running, cancelling, outcome, error } = useBatchState();

  if (!tree) return null;
  const target = batchScope(tree, scope);
  const branches = target.communities.reduce((n, c) => n + c.branches.length, 0);
  const what = month
    ? t("print.batch.monthCalendars", { year, month })
    : t("print.batch.yearCalendars", { year });

  const start = async () => {
    let folder: string | null;
    try {
      folder = await pickFolder(t("print.batch.pickFolder"));
    } catch (e) {
      batchFailed(e as ApiError);
      return;
    }
    if (!folder) return;
    const request: BatchRequest = { ...target.ids, year, month, paper, excel };
    await startBatch(request, folder);
  };

  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  return (
    <Card size="small" title={t("print.batch.title")} data-testid="print-batch-card">
      <Flex vertical gap={8}>
        {branches === 0 ? (
          <Typography.Text type="secondary">{t("print.batch.noBranches")}</Typography.Text>
        ) : (
          <Typography.Text>
            {t("print.batch.what", {
              scope: target.name ?? t("print.batch.everyBranch"),
              count: branches,
              what,
            })}
          </Typography.Text>
        )}
        <Space wrap>
          <Checkbox checked={excel} disabled={running} onChange={(e) => setExcel(e.target.checked)}>
            <span data-testid="print-batch-excel">
              {t("print.batch.excel", { count: target.communities.length })}
            </span>
          </Checkbox>
          <Button
            data-testid="print-batch"
            icon={<FolderOpenOutlined />}
            disabled={running || branches === 0}
            onClick={start}
          >
            {t("print.batch.start")}
          </Button>
        </Space>
        {running && (
          <Flex vertical gap={4} data-testid="print-batch-progress">
            <Progress
              percent={total ? Math.floor((done * 100) / total) : 0}
              status="active"
              format={() => t("print.batch.done", { done, total })}
            />
            <Space>
              <Typography.Text type="secondary" data-testid="print-batch-file">
                {progress?.file
                  ? t("print.batch.last", { file: progress.file })
                  : t("print.batch.starting")}
              </Typography.Text>
              <Button
                data-testid="print-batch-cancel"
                danger
                size="small"
                icon={<StopOutlined />}
                loading={cancelling}
                onClick={cancelBatch}
              >
                {cancelling ? t("print.batch.cancelling") : t("print.batch.cancel")}
              </Button>
            </Space>
          </Flex>
        )}
        {outcome && <BatchResult outcome={outcome} />}
        {error && (
          <Alert
            data-testid="print-batch-error"
            type="error"
            showIcon
            title={errorMessage(t, error)}
          />
        )}
      </Flex>
    </Card>
  );
}

/** What the batch did: everything written, cancelled part way, or documents that failed. */
function BatchResult({ outcome }: { outcome: BatchOutcome }) {
  const { t } = useTranslation();
  const first = outcome.failed[0];
  const counts = { written: outcome.written, total: outcome.total, folder: outcome.folder };
  const title = outcome.cancelled
    ? t("print.batch.cancelled", counts)
    : first
      ? t("print.batch.partly", { ...counts, failed: outcome.failed.length })
      : t("print.batch.finished", counts);
  return (
    <Alert
      data-testid="print-batch-result"
      type={first ? "error" : outcome.cancelled ? "warning" : "success"}
      showIcon
      title={title}
      description={
        first ? (
          <>
            {t("print.batch.firstError", { file: first.file, error: errorMessage(t, first.error) })}
            {first.error.glyphs?.length ? (
              <ul style={{ margin: 0 }}>
                {first.error.glyphs.map((g) => (
                  <li key={`${g.character}-${g.field}`}>{t("print.gap", g)}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : undefined
      }
    />
  );
}
