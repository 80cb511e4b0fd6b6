import { Alert, Modal, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityDraft } from "../../bindings/ActivityDraft";
import type { ActivitySummary } from "../../bindings/ActivitySummary";
import type { ApiError } from "../../bindings/ApiError";
import { errorMessage } from "../../errors";
import { activitiesOfYear } from "../../ipc/activities";
import { stepEntries } from "../../lib/activity";
import { KindTags, StatusTag } from "./parts";

/**
 * 从以往活动复制: the branch's activities of this year and the year before (newest first),
 * except the one being edited. Picking one hands it to the editor, which asks the core to fill
 * the form's empty plan fields from it.
 */
export function CopyPlanModal({
  branchId,
  year,
  excludeId,
  onPick,
  onClose,
}: {
  branchId: string;
  year: number;
  excludeId: string | null;
  onPick: (source: ActivitySummary) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [list, setList] = useState<ActivitySummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([activitiesOfYear(branchId, year), activitiesOfYear(branchId, year - 1)]).then(
      ([now, before]) => {
        if (!live) return;
        setList(
          [...now, ...before]
            .filter((a) => a.id !== excludeId)
            .sort((a, b) => b.date.localeCompare(a.date)),
        );
      },
      (e) => live && setError(e as ApiError),
    );
    return () => {
      live = false;
    };
  }, [branchId, year, excludeId]);

  return (
    <Modal
      open
      width={720}
      title={t("copyPlan.title")}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("copyPlan.hint")}</Typography.Paragraph>
      {error ? (
        <Alert type="error" showIcon title={errorMessage(t, error)} />
      ) : (
        <Table<ActivitySummary>
          size="small"
          loading={!list}
          rowKey="id"
          pagination={list && list.length > 8 ? { pageSize: 8, size: "small" } : false}
          dataSource={list ?? []}
          data-testid="copy-plan-list"
          locale={{ emptyText: t("copyPlan.empty", { from: year - 1, to: year }) }}
          onRow={(a) =>
            ({
              onClick: () => onPick(a),
              style: { cursor: "pointer" },
              "data-testid": `copy-source-${a.id}`,
            }) as object
          }
          columns={[
            { key: "date", title: t("activities.date"), width: 110, dataIndex: "date" },
            {
              key: "topic",
              title: t("activities.topic"),
              render: (_, a) => (
                <Typography.Link>{a.topic || t("activities.noTopic")}</Typography.Link>
              ),
            },
            {
              key: "kinds",
              title: t("activities.kinds"),
              width: 170,
              render: (_, a) => <KindTags kinds={a.kinds} />,
            },
            {
              key: "status",
              title: t("activities.status"),
              width: 110,
              render: (_, a) => <StatusTag status={a.status} />,
            },
          ]}
        />
      )}
    </Modal>
  );
}

/** Whether `after` has any plan field filled that was empty in `before` (what copying adds). */
export function planGained(before: ActivityDraft, after: ActivityDraft): boolean {
  if (!before.topic && after.topic) return true;
  if (!before.leader && after.leader) return true;
  if (before.kinds.length === 0 && after.kinds.length > 0) return true;
  const [b, a] = [stepEntries(before.steps), stepEntries(after.steps)];
  return b.some(
    (e, i) =>
      (!e.planContent && a[i].planContent) ||
      (!e.planLeader && a[i].planLeader) ||
      (!e.planMaterials && a[i].planMaterials) ||
      (!e.planMinutes && a[i].planMinutes) ||
      (e.practiceForms.length === 0 && a[i].practiceForms.length > 0),
  );
}
