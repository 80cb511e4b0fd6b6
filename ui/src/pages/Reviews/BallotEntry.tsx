import { Alert, Button, Input, type InputRef, Space, Tag, Typography } from "antd";
import { type KeyboardEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ballot } from "../../bindings/Ballot";
import type { BallotDraft } from "../../bindings/BallotDraft";
import { GROUP_KEYS, keyOfGroup, keyOfMark, MARK_COLOURS, MARK_KEYS } from "./parts";

type Props = {
  branches: { branchId: string; branchName: string }[];
  disabled: boolean;
  /** Saves the sheet; true when saved (a new row is cleared for the next sheet). */
  onSave: (draft: BallotDraft) => Promise<boolean>;
  /** A saved sheet to correct: the row starts with its keys and comments. */
  editing?: Ballot;
  /** Editing only: leaves without saving (Esc). */
  onCancel?: () => void;
};

const emptyRow = (size: number) => Array(size).fill("") as string[];

/**
 * Fast entry from paper: one row per sheet. The first box takes the reviewer (1 党员, 2 群众),
 * then one box per branch takes its mark (1/2/3, 0 未评, 4 多选); a key moves to the next mark
 * (after the last one, to the save button). A reviewer's written comment goes in the box under
 * its mark, which sits between that mark and the next in the tab order: Shift+Tab right after
 * keying a mark reaches it, Tab goes on to the next mark. Enter saves the sheet and goes back
 * to the first box.
 */
export function BallotEntry({ branches, disabled, onSave, editing, onCancel }: Props) {
  const { t } = useTranslation();
  const size = branches.length + 1;
  const prefix = editing ? "edit" : "entry";
  const [keys, setKeys] = useState<string[]>(() =>
    editing
      ? [
          keyOfGroup(editing.group),
          ...branches.map((b) =>
            keyOfMark(editing.marks.find((m) => m.branchId === b.branchId)?.mark ?? "noRating"),
          ),
        ]
      : emptyRow(size),
  );
  const [comments, setComments] = useState<string[]>(() =>
    branches.map((b) => editing?.marks.find((m) => m.branchId === b.branchId)?.comment ?? ""),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const boxes = useRef<(InputRef | null)[]>([]);
  const saveButton = useRef<HTMLButtonElement | null>(null);

  const focus = (i: number) => boxes.current[Math.max(0, Math.min(size - 1, i))]?.focus();
  const accepts = (i: number, key: string) => (i === 0 ? key in GROUP_KEYS : key in MARK_KEYS);

  const put = (i: number, key: string) => {
    if (key === "") {
      setKeys((k) => k.map((v, j) => (j === i ? "" : v)));
      return;
    }
    if (!accepts(i, key)) {
      setProblem(t("reviews.entry.badKey"));
      return;
    }
    setProblem(null);
    setKeys((k) => k.map((v, j) => (j === i ? key : v)));
    if (i < size - 1) focus(i + 1);
    else saveButton.current?.focus();
  };

  const save = async () => {
    if (keys.some((k) => k === "")) {
      setProblem(t("reviews.entry.incomplete"));
      focus(keys.indexOf(""));
      return;
    }
    setSaving(true);
    const ok = await onSave({
      group: GROUP_KEYS[keys[0]],
      marks: branches.map((b, i) => ({
        branchId: b.branchId,
        mark: MARK_KEYS[keys[i + 1]],
        comment: comments[i].trim(),
      })),
    });
    setSaving(false);
    if (ok && !editing) {
      setKeys(emptyRow(size));
      setComments(branches.map(() => ""));
      setProblem(null);
      focus(0);
    }
  };

  /** Keys every box of the row shares: Enter saves, Esc leaves an edit. */
  const common = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void save();
      return true;
    }
    if (e.key === "Escape" && onCancel) {
      e.preventDefault();
      onCancel();
      return true;
    }
    return false;
  };

  const label = (i: number) => {
    const key = keys[i];
    if (!key) return <Tag>—</Tag>;
    if (i === 0) return <Tag color="purple">{t(`reviews.group.${GROUP_KEYS[key]}`)}</Tag>;
    const mark = MARK_KEYS[key];
    return <Tag color={MARK_COLOURS[mark]}>{t(`reviews.mark.${mark}`)}</Tag>;
  };

  const box = (i: number, title: string) => (
    <div key={i} style={{ width: i === 0 ? 90 : 140, textAlign: "center" }}>
      <Typography.Text
        ellipsis
        style={{ display: "block", fontSize: 12, marginBottom: 4 }}
        title={title}
      >
        {title}
      </Typography.Text>
      <Input
        ref={(el) => {
          boxes.current[i] = el;
        }}
        data-testid={i === 0 ? `${prefix}-group` : `${prefix}-mark-${i - 1}`}
        value={keys[i]}
        disabled={disabled || saving}
        maxLength={2}
        style={{ textAlign: "center", fontSize: 18, width: 56 }}
        onChange={(e) => put(i, e.target.value.slice(-1))}
        onKeyDown={(e) => {
          if (common(e)) return;
          if (e.key === "Backspace" && keys[i] === "" && i > 0) {
            focus(i - 1);
          } else if (e.key === "ArrowLeft") focus(i - 1);
          else if (e.key === "ArrowRight") focus(i + 1);
        }}
      />
      <div style={{ marginTop: 4 }}>{label(i)}</div>
      {i > 0 && (
        <Input
          size="small"
          style={{ marginTop: 4 }}
          data-testid={`${prefix}-comment-${i - 1}`}
          aria-label={t("reviews.entry.commentOf", { branch: title })}
          placeholder={t("reviews.entry.commentPlaceholder")}
          value={comments[i - 1]}
          disabled={disabled || saving}
          maxLength={1000}
          onChange={(e) => {
            const text = e.target.value;
            setComments((c) => c.map((v, j) => (j === i - 1 ? text : v)));
          }}
          onKeyDown={(e) => {
            common(e);
          }}
        />
      )}
    </div>
  );

  return (
    <div data-testid={editing ? "ballot-edit" : "ballot-entry"}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {editing ? t("reviews.edit.help", { n: editing.sheetNo }) : t("reviews.entry.help")}
      </Typography.Paragraph>
      <Space wrap align="start" size={8}>
        {box(0, t("reviews.entry.groupKey"))}
        {branches.map((b, i) => box(i + 1, b.branchName))}
        <Space direction="vertical" style={{ marginTop: 22 }}>
          <Button
            ref={saveButton}
            type="primary"
            data-testid={`${prefix}-save`}
            disabled={disabled}
            loading={saving}
            onClick={() => void save()}
          >
            {editing ? t("reviews.edit.save") : t("reviews.entry.save")}
          </Button>
          {onCancel && (
            <Button data-testid={`${prefix}-cancel`} onClick={onCancel}>
              {t("common.cancel")}
            </Button>
          )}
        </Space>
      </Space>
      {problem && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={problem}
          data-testid={`${prefix}-problem`}
        />
      )}
    </div>
  );
}
