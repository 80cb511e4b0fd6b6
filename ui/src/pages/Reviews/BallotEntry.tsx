import { Alert, Button, Input, type InputRef, Space, Tag, Typography } from "antd";
import { type KeyboardEvent, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useTranslation } from "react-i18next";
import type { Ballot } from "../../bindings/Ballot";
import type { BallotDraft } from "../../bindings/BallotDraft";
import { GROUP_KEYS, keyOfGroup, keyOfMark, MARK_COLOURS, MARK_KEYS } from "./parts";

type Props = {
  branches: { branchId: string; branchName: string }[];
  disabled: boolean;
  /**
   * Saves the sheet; its sheet number when saved, null when refused (the caller has said why).
   * A new sheet's row is cleared and ready before the save ends, so keys typed meanwhile count.
   */
  onSave: (draft: BallotDraft) => Promise<number | null>;
  /** A saved sheet to correct: the row starts with its keys and comments. */
  editing?: Ballot;
  /** Editing only: leaves without saving (Esc). */
  onCancel?: () => void;
};

/** The key that opens the comment box of the branch just marked (numeric keypad *). */
export const COMMENT_KEY = "*";

const emptyRow = (size: number) => Array(size).fill("") as string[];

type Sheet = { keys: string[]; comments: string[] };

/**
 * Fast entry from paper, made to be keyed blind: one row per sheet. The first box takes the
 * reviewer (1 党员, 2 群众), then one box per branch takes its mark (1/2/3, 0 未评, 4 多选); a key
 * moves on to the next mark. A key outside the sheet's key set is refused with a visible hint and
 * never stored. A reviewer's written comment is keyed only after * (it opens the comment box of
 * the branch just marked); Tab or Enter closes it and goes on to the next mark. Enter saves the
 * sheet: the row is cleared and the cursor is back in the reviewer box at once, and the sheet
 * just saved stays shown as one line to glance at.
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
  /** The branch whose comment box is open (entry only; an edit shows every box). */
  const [commenting, setCommenting] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [last, setLast] = useState<{ no: number; sheet: Sheet } | null>(null);
  const [saving, setSaving] = useState(false);
  const boxes = useRef<(InputRef | null)[]>([]);
  const commentBoxes = useRef<(InputRef | null)[]>([]);
  const saveButton = useRef<HTMLButtonElement | null>(null);
  // The row as keyed, read by handlers that run before React re-renders (fast typing).
  const row = useRef<Sheet>({ keys, comments });
  row.current = { keys, comments };
  // Saves run one after another, in the order the sheets were keyed.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const focus = (i: number) => {
    if (i >= size) saveButton.current?.focus();
    else boxes.current[Math.max(0, i)]?.focus();
  };
  const accepts = (i: number, key: string) => (i === 0 ? key in GROUP_KEYS : key in MARK_KEYS);

  // Keys arrive faster than React renders: every change that moves the cursor is drawn at once
  // (flushSync), so the next key lands in the box as it now is.
  const setRow = (next: Sheet) => {
    row.current = next;
    flushSync(() => {
      setKeys(next.keys);
      setComments(next.comments);
    });
  };

  const put = (i: number, key: string) => {
    if (key === "") {
      setRow({ ...row.current, keys: row.current.keys.map((v, j) => (j === i ? "" : v)) });
      return;
    }
    if (!editing && key === COMMENT_KEY) {
      openComment(i);
      return;
    }
    if (!accepts(i, key)) {
      setProblem(t(i === 0 ? "reviews.entry.badGroupKey" : "reviews.entry.badKey"));
      return;
    }
    setProblem(null);
    setRow({ ...row.current, keys: row.current.keys.map((v, j) => (j === i ? key : v)) });
    focus(i + 1);
  };

  /** * in box `i` (or on the save button, i = size): the comment of the branch just marked. */
  const openComment = (i: number) => {
    const marked = i < size && row.current.keys[i] !== "" ? i : i - 1;
    if (marked < 1) {
      setProblem(t("reviews.entry.commentFirst"));
      return;
    }
    flushSync(() => {
      setProblem(null);
      setCommenting(marked - 1);
    });
    commentBoxes.current[marked - 1]?.focus();
  };

  const closeComment = (branch: number) => {
    flushSync(() => setCommenting(null));
    const next = row.current.keys.findIndex((k, j) => j > branch + 1 && k === "");
    focus(next === -1 ? size : next);
  };

  const draftOf = (sheet: Sheet): BallotDraft => ({
    group: GROUP_KEYS[sheet.keys[0]],
    marks: branches.map((b, i) => ({
      branchId: b.branchId,
      mark: MARK_KEYS[sheet.keys[i + 1]],
      comment: sheet.comments[i].trim(),
    })),
  });

  const save = () => {
    const sheet = row.current;
    if (sheet.keys.some((k) => k === "")) {
      setProblem(t("reviews.entry.incomplete"));
      focus(sheet.keys.indexOf(""));
      return;
    }
    setProblem(null);
    setCommenting(null);
    if (editing) {
      setSaving(true);
      void onSave(draftOf(sheet)).finally(() => setSaving(false));
      return;
    }
    // The next sheet starts now; this one is saved behind it.
    setRow({ keys: emptyRow(size), comments: branches.map(() => "") });
    focus(0);
    queue.current = queue.current.then(async () => {
      const no = await onSave(draftOf(sheet));
      if (no !== null) {
        setLast({ no, sheet });
        return;
      }
      // Refused: the sheet comes back into the row if nothing was keyed there since, else it
      // is named so it can be keyed again; either way nothing typed is silently lost.
      const untouched = row.current.keys.every((k) => k === "");
      if (untouched) {
        setRow(sheet);
      } else {
        setProblem(t("reviews.entry.notSaved", { keys: sheet.keys.join(" ") }));
      }
    });
  };

  /** Keys every box of the row shares: Enter saves, Esc leaves an edit. */
  const common = (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      save();
      return true;
    }
    if (e.key === "Escape" && onCancel) {
      e.preventDefault();
      onCancel();
      return true;
    }
    return false;
  };

  /** The words of a keyed box (box 0 the reviewer, then the marks). */
  const markLabel = (i: number, key: string) => {
    if (i === 0) return t(`reviews.group.${GROUP_KEYS[key]}`);
    return t(`reviews.mark.${MARK_KEYS[key]}`);
  };

  const label = (i: number) => {
    const key = keys[i];
    if (!key) return <Tag>—</Tag>;
    if (i === 0) return <Tag color="purple">{markLabel(0, key)}</Tag>;
    return <Tag color={MARK_COLOURS[MARK_KEYS[key]]}>{markLabel(i, key)}</Tag>;
  };

  const commentBox = (i: number, title: string) => {
    const open = editing || commenting === i - 1;
    const text = comments[i - 1];
    if (!open) {
      return text ? (
        <Typography.Text
          type="secondary"
          ellipsis
          style={{ display: "block", fontSize: 12, marginTop: 4 }}
          title={text}
          data-testid={`${prefix}-comment-text-${i - 1}`}
        >
          “{text}”
        </Typography.Text>
      ) : null;
    }
    return (
      <Input
        ref={(el) => {
          commentBoxes.current[i - 1] = el;
        }}
        size="small"
        style={{ marginTop: 4 }}
        data-testid={`${prefix}-comment-${i - 1}`}
        aria-label={t("reviews.entry.commentOf", { branch: title })}
        placeholder={t("reviews.entry.commentPlaceholder")}
        value={text}
        disabled={disabled || saving}
        maxLength={1000}
        onChange={(e) => {
          const value = e.target.value;
          setRow({
            ...row.current,
            comments: row.current.comments.map((v, j) => (j === i - 1 ? value : v)),
          });
        }}
        onKeyDown={(e) => {
          if (editing) {
            common(e);
            return;
          }
          if (e.key === "Tab" || e.key === "Enter" || e.key === "Escape") {
            e.preventDefault();
            closeComment(i - 1);
          }
        }}
      />
    );
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
      {i > 0 && commentBox(i, title)}
    </div>
  );

  const lastLine = (l: { no: number; sheet: Sheet }) =>
    t("reviews.entry.last", {
      n: l.no,
      group: markLabel(0, l.sheet.keys[0]),
      marks: l.sheet.keys
        .slice(1)
        .map(
          (k, i) =>
            markLabel(i + 1, k) + (l.sheet.comments[i].trim() ? t("reviews.entry.hasComment") : ""),
        )
        .join(" "),
    });

  return (
    <div data-testid={editing ? "ballot-edit" : "ballot-entry"}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {editing ? t("reviews.edit.help", { n: editing.sheetNo }) : t("reviews.entry.help")}
      </Typography.Paragraph>
      <Space wrap align="start" size={8}>
        {box(0, t("reviews.entry.groupKey"))}
        {branches.map((b, i) => box(i + 1, b.branchName))}
        <Space orientation="vertical" style={{ marginTop: 22 }}>
          <Button
            ref={saveButton}
            type="primary"
            data-testid={`${prefix}-save`}
            disabled={disabled}
            loading={saving}
            onClick={() => save()}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                save();
              } else if (!editing && e.key === COMMENT_KEY) {
                e.preventDefault();
                openComment(size);
              } else if (e.key.length === 1) {
                // A key after the last mark is not part of this sheet: say so, store nothing.
                e.preventDefault();
                setProblem(t("reviews.entry.sheetFull"));
              } else if (e.key === "Backspace") {
                focus(size - 1);
              }
            }}
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
      {!editing && last && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="entry-last">
          {lastLine(last)}
        </Typography.Paragraph>
      )}
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
