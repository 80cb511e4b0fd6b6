import { Alert, Descriptions, Modal, Radio, Space, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConflictChoice } from "../../bindings/ConflictChoice";
import type { ExchangeChoice as Choice } from "../../bindings/ExchangeChoice";
import type { ExchangeConflict } from "../../bindings/ExchangeConflict";
import type { ExchangeKindCounts as KindCounts } from "../../bindings/ExchangeKindCounts";
import type { ExchangePreview } from "../../bindings/ExchangePreview";
import { labelled } from "../../lib/text";

type Props = {
  preview: ExchangePreview | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (choices: ConflictChoice[]) => void;
};

const conflictId = (c: ExchangeConflict) => `${c.kind}|${c.key}`;

/** The kind's name in the chosen language; a kind a later app adds shows its table name. */
function useKindName() {
  const { t, i18n } = useTranslation();
  return (kind: string) =>
    i18n.exists(`exchange.kinds.${kind}`) ? t(`exchange.kinds.${kind}`) : kind;
}

/**
 * What an import would do, per record kind (新增 / 修改 / 无变化 / 保留本机 / 删除 / 冲突), and every
 * conflict with both versions of what differs; 确认导入 waits until each conflict has a choice.
 */
export function ExchangePreviewModal({ preview, busy, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const kindName = useKindName();
  // Choices belong to the preview they were made on: a new preview starts with none.
  const [made, setMade] = useState<{ of: ExchangePreview | null; picked: Record<string, Choice> }>({
    of: null,
    picked: {},
  });
  const choices = made.of === preview ? made.picked : {};
  const pick = (id: string, choice: Choice) =>
    setMade({ of: preview, picked: { ...choices, [id]: choice } });
  const conflicts = preview?.conflicts ?? [];
  const open = conflicts.filter((c) => !choices[conflictId(c)]).length;
  const m = preview?.manifest;

  const confirm = () =>
    onConfirm(conflicts.map((c) => ({ kind: c.kind, key: c.key, choice: choices[conflictId(c)] })));

  return (
    <Modal
      open={!!preview}
      width={820}
      title={t("exchange.previewTitle")}
      onCancel={onCancel}
      onOk={confirm}
      okText={t("exchange.confirm")}
      okButtonProps={{ disabled: open > 0, loading: busy, "data-testid": "exchange-confirm" }}
      cancelText={t("common.cancel")}
      destroyOnHidden
    >
      {m && (
        <Space orientation="vertical" style={{ width: "100%" }} data-testid="exchange-preview">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t("exchange.fileKind")}>
              {t(`exchange.fileKinds.${m.kind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("exchange.madeAt")}>
              {dayjs(m.createdAt).format("YYYY-MM-DD HH:mm")}
            </Descriptions.Item>
            <Descriptions.Item label={t("exchange.branch")}>{m.branchName}</Descriptions.Item>
            <Descriptions.Item label={t("exchange.community")}>{m.communityName}</Descriptions.Item>
          </Descriptions>
          <Table<KindCounts>
            size="small"
            rowKey="kind"
            pagination={false}
            // A branch's file has about twenty kinds: the conflicts below stay in view.
            scroll={{ y: 300 }}
            data-testid="exchange-counts"
            dataSource={preview.kinds}
            locale={{ emptyText: t("exchange.nothing") }}
            columns={[
              { title: t("exchange.kind"), dataIndex: "kind", render: kindName },
              { title: t("exchange.new"), dataIndex: "new" },
              { title: t("exchange.changed"), dataIndex: "changed" },
              { title: t("exchange.unchanged"), dataIndex: "unchanged" },
              { title: t("exchange.kept"), dataIndex: "kept" },
              { title: t("exchange.deleted"), dataIndex: "deleted" },
              {
                title: t("exchange.conflicting"),
                dataIndex: "conflicting",
                render: (n: number) =>
                  n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n,
              },
            ]}
          />
          {preview.photoFiles > 0 && (
            <Typography.Text type="secondary">
              {t("exchange.photos", { count: preview.photoFiles })}
            </Typography.Text>
          )}
          {conflicts.length === 0 ? (
            <Alert type="success" showIcon title={t("exchange.noConflicts")} />
          ) : (
            <>
              <Alert
                type="warning"
                showIcon
                title={t("exchange.conflictHelp", { count: conflicts.length })}
              />
              <div data-testid="exchange-conflicts">
                {conflicts.map((c) => (
                  <div
                    key={conflictId(c)}
                    data-testid={`exchange-conflict-${c.kind}`}
                    style={{ borderBottom: "1px solid #f0f0f0", padding: "8px 0" }}
                  >
                    <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
                      <Typography.Text strong>
                        {labelled(t, kindName(c.kind), c.label || c.key)}
                      </Typography.Text>
                      <Radio.Group
                        value={choices[conflictId(c)]}
                        onChange={(e) => pick(conflictId(c), e.target.value as Choice)}
                        options={[
                          { value: "mine", label: t("exchange.mine") },
                          { value: "theirs", label: t("exchange.theirs") },
                        ]}
                      />
                    </Space>
                    <Table
                      size="small"
                      rowKey="column"
                      pagination={false}
                      dataSource={c.fields}
                      columns={[
                        {
                          title: t("exchange.field"),
                          dataIndex: "column",
                          width: 140,
                          // The column's name in words; an unlisted one as it is.
                          render: (column: string) =>
                            t(`exchange.columns.${column}`, { defaultValue: column }),
                        },
                        { title: t("exchange.mineVersion"), dataIndex: "mine" },
                        { title: t("exchange.theirsVersion"), dataIndex: "theirs" },
                      ]}
                    />
                  </div>
                ))}
              </div>
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}
