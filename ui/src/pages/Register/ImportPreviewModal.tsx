import { Alert, Button, Modal, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ImportField } from "../../bindings/ImportField";
import type { ImportLayout } from "../../bindings/ImportLayout";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { ImportRow } from "../../bindings/ImportRow";
import { importProblemMessage } from "../../errors";
import { listText } from "../../lib/text";

type Props = {
  preview: ImportPreview;
  importing: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/** The register's own label of each field: the preview table's column titles and the layout note's. */
const FIELD_LABEL: Record<ImportField, string> = {
  community: "terms.community",
  branch: "members.branch",
  name: "members.name",
  gender: "members.gender",
  birthYear: "members.birthYear",
  phone: "members.phone",
  specialty: "members.specialty",
  joinedOn: "members.joinedOn",
  capable: "members.capable",
};

/** Which row was taken as the header and what each column is read as, before anything is written. */
function LayoutNote({ layout, t }: { layout: ImportLayout; t: TFunction }) {
  const read = layout.columns.flatMap(({ header, field }) => (field ? [{ header, field }] : []));
  const unread = layout.columns.filter((c) => !c.field && c.header);
  return (
    <div data-testid="import-layout" style={{ marginBottom: 12 }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t("import.layoutHeader", { row: layout.headerRow })}
        {layout.headerRow > 1 && t("import.layoutSkipped", { count: layout.headerRow - 1 })}
      </Typography.Paragraph>
      <Space size={[4, 4]} wrap>
        <span>{t("import.layoutReads")}</span>
        {read.map(({ header, field }) => {
          const label = t(FIELD_LABEL[field]);
          return (
            <Tag key={header} data-testid="import-column">
              {header === label ? label : `${header} → ${label}`}
            </Tag>
          );
        })}
      </Space>
      {unread.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
          {t("import.layoutUnread", {
            headers: listText(
              t,
              unread.map((c) => c.header),
            ),
          })}
        </Typography.Paragraph>
      )}
      {layout.branchFromTitle && (
        <Typography.Paragraph
          strong
          style={{ margin: "4px 0 0" }}
          data-testid="import-title-branch"
        >
          {t("import.layoutFromTitle", { branch: layout.branchFromTitle })}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/** Shows every row as understood. Import is all-or-nothing, so one bad row blocks it. */
export function ImportPreviewModal({ preview, importing, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const total = preview.rows.length;
  const bad = preview.rows.filter((r) => r.problems.length > 0).length;
  const blocked = bad > 0 || total === 0;

  const columns: ColumnsType<ImportRow> = [
    { title: t("import.row"), dataIndex: "row", width: 64, fixed: "left" },
    { title: t(FIELD_LABEL.community), dataIndex: "communityName", width: 110, ellipsis: true },
    { title: t(FIELD_LABEL.branch), dataIndex: "branchName", width: 130, ellipsis: true },
    { title: t(FIELD_LABEL.name), dataIndex: "name", width: 90 },
    {
      title: t(FIELD_LABEL.gender),
      dataIndex: "gender",
      width: 60,
      render: (g: ImportRow["gender"]) => (g ? t(`gender.${g}`) : ""),
    },
    { title: t(FIELD_LABEL.birthYear), dataIndex: "birthYear", width: 84 },
    { title: t(FIELD_LABEL.phone), dataIndex: "phone", width: 120 },
    { title: t(FIELD_LABEL.specialty), dataIndex: "specialty", width: 120, ellipsis: true },
    { title: t(FIELD_LABEL.joinedOn), dataIndex: "joinedOn", width: 104 },
    {
      title: t(FIELD_LABEL.capable),
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
      <LayoutNote layout={preview.layout} t={t} />
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
