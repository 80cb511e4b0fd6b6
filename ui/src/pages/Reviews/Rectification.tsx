import { Button, Card, Collapse, Empty, Input, List, Space, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ballot } from "../../bindings/Ballot";
import type { ItemDraft } from "../../bindings/ItemDraft";
import type { RectificationItem } from "../../bindings/RectificationItem";
import type { ReviewBranch } from "../../bindings/ReviewBranch";
import { DateInput } from "../../forms/DateInput";
import { labelled } from "../../lib/text";
import { appToday } from "../../lib/today";
import { MARK_COLOURS } from "./parts";

type Props = {
  branches: ReviewBranch[];
  /** The sheets, for the reviewers' own comments on each branch. */
  ballots: Ballot[];
  /** Finalised: comments and items read-only; only marking an item done stays possible. */
  locked: boolean;
  onComment: (branchId: string, comment: string) => Promise<boolean>;
  onItem: (itemId: string | null, draft: ItemDraft) => Promise<boolean>;
};

const draftOf = (item: RectificationItem): ItemDraft => ({
  branchId: item.branchId,
  what: item.what,
  owner: item.owner,
  dueOn: item.dueOn,
  status: item.status,
  doneOn: item.doneOn,
  note: item.note,
});

/** Per branch: the committee's comment and the rectification items (整改事项). */
export function Rectification({ branches, ballots, locked, onComment, onItem }: Props) {
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      {branches.map((b) => (
        <BranchCard
          key={b.branchId}
          branch={b}
          ballots={ballots}
          locked={locked}
          onComment={onComment}
          onItem={onItem}
        />
      ))}
    </Space>
  );
}

function BranchCard({
  branch,
  ballots,
  locked,
  onComment,
  onItem,
}: Omit<Props, "branches"> & { branch: ReviewBranch }) {
  const { t } = useTranslation();
  // What reviewers wrote about this branch: the committee reads it before commenting.
  const voices = ballots.flatMap((b) =>
    b.marks
      .filter((m) => m.branchId === branch.branchId && m.comment)
      .map((m) => ({ sheetNo: b.sheetNo, group: b.group, mark: m.mark, comment: m.comment })),
  );
  const [comment, setComment] = useState(branch.comment);
  const [what, setWhat] = useState("");
  const [owner, setOwner] = useState("");
  const [due, setDue] = useState<Dayjs | null>(null);
  const add = async () => {
    const ok = await onItem(null, {
      branchId: branch.branchId,
      what,
      owner,
      dueOn: (due ?? appToday()).format("YYYY-MM-DD"),
      status: "open",
      doneOn: null,
      note: "",
    });
    if (ok) {
      setWhat("");
      setOwner("");
      setDue(null);
    }
  };
  return (
    <Card size="small" title={branch.branchName} data-testid={`rect-${branch.branchId}`}>
      <Collapse
        size="small"
        style={{ marginBottom: 8 }}
        data-testid="voices"
        defaultActiveKey={voices.length > 0 ? ["voices"] : []}
        items={[
          {
            key: "voices",
            label: t("reviews.voices.title", { n: voices.length }),
            children:
              voices.length === 0 ? (
                <Typography.Text type="secondary">{t("reviews.voices.none")}</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={voices}
                  renderItem={(v) => (
                    <List.Item>
                      <Space wrap>
                        <Typography.Text type="secondary">
                          {t("reviews.voices.sheet", { n: v.sheetNo })}
                        </Typography.Text>
                        <Tag>{t(`reviews.group.${v.group}`)}</Tag>
                        <Tag color={MARK_COLOURS[v.mark]}>{t(`reviews.mark.${v.mark}`)}</Tag>
                        <span>{v.comment}</span>
                      </Space>
                    </List.Item>
                  )}
                />
              ),
          },
        ]}
      />
      <Space.Compact style={{ width: "100%" }}>
        <Input.TextArea
          value={comment}
          disabled={locked}
          placeholder={t("reviews.comment")}
          autoSize={{ minRows: 1, maxRows: 4 }}
          onChange={(e) => setComment(e.target.value)}
          data-testid="comment"
        />
        <Button
          disabled={locked || comment === branch.comment}
          onClick={() => void onComment(branch.branchId, comment)}
          data-testid="comment-save"
        >
          {t("reviews.saveComment")}
        </Button>
      </Space.Compact>
      <List
        size="small"
        style={{ marginTop: 8 }}
        header={<strong>{t("reviews.items.title")}</strong>}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("reviews.items.none")} />
          ),
        }}
        dataSource={branch.items}
        renderItem={(item) => (
          <List.Item
            actions={
              item.status === "open"
                ? [
                    <Button
                      key="done"
                      size="small"
                      onClick={() =>
                        void onItem(item.id, {
                          ...draftOf(item),
                          status: "done",
                          doneOn: appToday().format("YYYY-MM-DD"),
                        })
                      }
                    >
                      {t("reviews.items.markDone")}
                    </Button>,
                  ]
                : []
            }
          >
            <Space wrap>
              <Tag color={item.status === "done" ? "green" : "orange"}>
                {t(`reviews.items.${item.status}`)}
              </Tag>
              <span>{item.what}</span>
              <span>{labelled(t, t("reviews.items.owner"), item.owner)}</span>
              <span>{labelled(t, t("reviews.items.due"), item.dueOn)}</span>
            </Space>
          </List.Item>
        )}
      />
      {!locked && (
        <Space wrap style={{ marginTop: 8 }}>
          <Input
            placeholder={t("reviews.items.what")}
            value={what}
            onChange={(e) => setWhat(e.target.value)}
            style={{ width: 260 }}
          />
          <Input
            placeholder={t("reviews.items.owner")}
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            style={{ width: 120 }}
          />
          <DateInput placeholder={t("reviews.items.due")} value={due} onChange={setDue} />
          <Button onClick={() => void add()}>{t("reviews.items.add")}</Button>
        </Space>
      )}
    </Card>
  );
}
