import {
  CheckCircleFilled,
  EditOutlined,
  InboxOutlined,
  RollbackOutlined,
  SearchOutlined,
} from "@ant-design/icons";
import { App, Button, Empty, Input, Popconfirm, Space, Switch, Table, Tag, Tooltip } from "antd";
import type { Breakpoint } from "antd/es/_util/responsiveObserver";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { Member } from "../../bindings/Member";
import { errorMessage } from "../../errors";
import { archiveMember, restoreMember } from "../../ipc/register";
import { appYear } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";

type Props = {
  members: Member[];
  loading: boolean;
  /** A town or community shows members of many branches, so it needs a branch column. */
  showBranch: boolean;
  showArchived: boolean;
  onShowArchived: (on: boolean) => void;
  onEdit: (member: Member) => void;
  /** Called after archive / restore so the page reloads the table and tree counts. */
  onChanged: () => void;
  emptyText: string;
};

const byText = (a: string, b: string) => a.localeCompare(b, "zh-CN");

/** Shown only from 1200px wide: the columns a narrow window can do without. */
const BY_PRIORITY: Breakpoint[] = ["xl"];

/** Client-side search: the register of one community is small enough to filter in memory. */
export function matchesSearch(m: Member, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return [m.name, m.phone, m.specialty].some((f) => f.toLowerCase().includes(q));
}

export function MemberTable(props: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [search, setSearch] = useState("");
  const thisYear = appYear();
  const shown = useMemo(
    () => props.members.filter((m) => matchesSearch(m, search)),
    [props.members, search],
  );

  const act = async (run: () => Promise<Member>, done: string) => {
    try {
      const m = await run();
      message.success(t(done, { name: m.name }));
      props.onChanged();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  // Eight narrow columns fit the 1280px window beside the tree without sideways scrolling:
  // the seat rides as a tag beside the name, actions are icons. Below 1200px (the smallest
  // window is 1024) gender, specialty and joining date give way (the member form shows them);
  // name, age, phone and 有能力 stay.
  const columns: ColumnsType<Member> = [
    {
      title: t("members.name"),
      dataIndex: "name",
      width: 140,
      fixed: "left",
      sorter: (a, b) => byText(a.name, b.name),
      render: (name: string, m) => (
        <Space size={4} style={{ whiteSpace: "nowrap" }}>
          <span>{name}</span>
          {m.seat ? <Tag color="red">{t(`seatShort.${m.seat}`)}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t("members.gender"),
      dataIndex: "gender",
      responsive: BY_PRIORITY,
      width: 56,
      render: (g: Member["gender"]) => t(`gender.${g}`),
    },
    {
      title: t("members.birthYear"),
      dataIndex: "birthYear",
      width: 104,
      sorter: (a, b) => a.birthYear - b.birthYear,
      render: (y: number) => (
        <span>
          {y} <span style={{ color: "#888" }}>{t("members.age", { age: thisYear - y })}</span>
        </span>
      ),
    },
    { title: t("members.phone"), dataIndex: "phone", width: 116 },
    {
      title: t("members.specialty"),
      dataIndex: "specialty",
      responsive: BY_PRIORITY,
      width: 96,
      ellipsis: true,
      sorter: (a, b) => byText(a.specialty, b.specialty),
    },
    {
      title: t("members.joinedOn"),
      dataIndex: "joinedOn",
      responsive: BY_PRIORITY,
      width: 100,
      sorter: (a, b) => byText(a.joinedOn ?? "", b.joinedOn ?? ""),
    },
    {
      title: t("members.capable"),
      dataIndex: "capable",
      width: 84,
      align: "center",
      sorter: (a, b) => Number(a.capable) - Number(b.capable),
      render: (c: boolean) =>
        c ? (
          <CheckCircleFilled style={{ color: "#389e0d" }} aria-label={t("terms.capable")} />
        ) : null,
    },
  ];
  if (props.showBranch) {
    columns.splice(2, 0, {
      title: t("members.branch"),
      dataIndex: "branchName",
      width: 140,
      ellipsis: true,
      sorter: (a, b) => byText(a.branchName, b.branchName),
    });
  }
  if (props.showArchived) {
    columns.push({
      title: t("members.status"),
      dataIndex: "archivedOn",
      width: 150,
      render: (d: string | null) =>
        d ? (
          <Tag>{t("members.archivedOn", { date: d })}</Tag>
        ) : (
          <Tag color="blue">{t("members.active")}</Tag>
        ),
    });
  }
  columns.push({
    title: t("members.actions"),
    key: "actions",
    width: 76,
    fixed: "right",
    render: (_, m) => (
      <Space size={0}>
        <Tooltip title={t("common.edit")}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t("common.edit")}
            data-testid="member-edit"
            onClick={() => props.onEdit(m)}
          />
        </Tooltip>
        {m.archivedOn ? (
          <Tooltip title={t("members.restore")}>
            <Button
              size="small"
              type="text"
              icon={<RollbackOutlined />}
              aria-label={t("members.restore")}
              onClick={() => act(() => restoreMember(m.id), "members.restored")}
            />
          </Tooltip>
        ) : (
          <Popconfirm
            title={t("members.archiveConfirm", { name: m.name })}
            okText={t("common.confirm")}
            cancelText={t("common.cancel")}
            onConfirm={() => act(() => archiveMember(m.id), "members.archived")}
          >
            <Tooltip title={t("members.archive")}>
              <Button
                size="small"
                type="text"
                danger
                icon={<InboxOutlined />}
                aria-label={t("members.archive")}
              />
            </Tooltip>
          </Popconfirm>
        )}
      </Space>
    ),
  });

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input
          prefix={<SearchOutlined />}
          data-testid="member-search"
          allowClear
          placeholder={t("members.search")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 260 }}
        />
        <Space size={6}>
          <Switch
            data-testid="show-archived"
            checked={props.showArchived}
            onChange={props.onShowArchived}
            size="small"
          />
          {t("members.showArchived")}
        </Space>
      </Space>
      <Table<Member>
        data-testid="member-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={props.loading}
        scroll={{ x: "max-content" }}
        pagination={{
          defaultPageSize: 20,
          showSizeChanger: true,
          hideOnSinglePage: true,
          showTotal: (n) => t("members.total", { count: n }),
        }}
        rowClassName={(m) => (m.archivedOn ? "row-archived" : "")}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={props.members.length > 0 ? undefined : props.emptyText}
            />
          ),
        }}
      />
    </div>
  );
}
