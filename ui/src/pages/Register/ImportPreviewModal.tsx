import { Alert, Button, Modal, Space, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { ImportRow } from "../../bindings/ImportRow";
import { importProblemMessage } from "../../errors";

type Props = {
  preview: ImportPreview;
  importing: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/** Shows every row as understood. Import is all-or-nothing, so one bad row blocks it. */
export function ImportPreviewModal({ preview, importing, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const total = preview.rows.length;
  const bad = preview.rows.filter((r) => r.problems.length > 0).length;
  const blocked = bad > 0 || total === 0;

  const columns: ColumnsType<ImportRow> = [
    { title: t("import.row"), dataIndex: "row", width: 64, fixed: "left" },
    { title: t("terms.community"), dataIndex: "communityName", width: 110, ellipsis: true },
    { title: t("members.branch"), dataIndex: "branchName", width: 130, ellipsis: true },
    { title: t("members.name"), dataIndex: "name", width: 90 },
    {
      title: t("members.gender"),
      dataIndex: "gender",
      width: 60,
      render: (g: ImportRow["gender"]) => (g ? t(`gender.${g}`) : ""),
    },
    { title: t("members.birthYear"), dataIndex: "birthYear", width: 84 },
    { title: t("members.phone"), dataIndex: "phone", width: 120 },
    { title: t("members.specialty"), dataIndex: "specialty", width: 120, ellipsis: true },
    { title: t("members.joinedOn"), dataIndex: "joinedOn", width: 104 },
    {
      title: t("members.capable"),
      dataIndex: "capable",
      width: 72,
      render: (c: boolean) => (c ? t("common.yes") : t("common.no")),
    },
    {
      title: t("import.problems"),
      dataIndex: "problems",
      width: 220,
      render: (problems: ImportRow["problems"]) => (
        <Space size={[2, 4]} wrap>
          {problems.map((p) => (
            <Tag color="red" key={p}>
              {importProblemMessage(t, p)}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Modal
      open
      width={1100}
      title={t("import.title")}
      onCancel={onCancel}
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="ok"
          type="primary"
          data-testid="import-confirm"
          disabled={blocked}
          loading={importing}
          onClick={onConfirm}
        >
          {t("import.confirm", { count: total })}
        </Button>,
      ]}
    >
      <Alert
        style={{ marginBottom: 12 }}
        type={blocked ? "warning" : "success"}
        showIcon
        title={<span data-testid="import-summary">{t("import.summary", { total, bad })}</span>}
        description={blocked ? t("import.blocked") : t("import.ready")}
      />
      <Table<ImportRow>
        data-testid="import-table"
        rowKey="row"
        size="small"
        columns={columns}
        dataSource={preview.rows}
        scroll={{ x: "max-content", y: 420 }}
        pagination={false}
        rowClassName={(r) => (r.problems.length ? "row-problem" : "")}
      />
    </Modal>
  );
}
