import { Alert, Button, Input, type InputRef, Space, Tag, Typography } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BallotDraft } from "../../bindings/BallotDraft";
import { GROUP_KEYS, MARK_COLOURS, MARK_KEYS } from "./parts";

type Props = {
  branches: { branchId: string; branchName: string }[];
  disabled: boolean;
  /** Saves the sheet; true when saved (the row is cleared for the next sheet). */
  onSave: (draft: BallotDraft) => Promise<boolean>;
};

/**
 * Fast entry from paper: one row per sheet. The first box takes the reviewer (1 党员, 2 群众),
 * then one box per branch takes its mark (1/2/3, 0 未评, 4 多选). A key moves to the next box;
 * Enter saves the sheet and goes back to the first box.
 */
export function BallotEntry({ branches, disabled, onSave }: Props) {
  const { t } = useTranslation();
  const size = branches.length + 1;
  const [keys, setKeys] = useState<string[]>(() => Array(size).fill(""));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const boxes = useRef<(InputRef | null)[]>([]);

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
        comment: "",
      })),
    });
    setSaving(false);
    if (ok) {
      setKeys(Array(size).fill(""));
      setProblem(null);
      focus(0);
    }
  };

  const label = (i: number) => {
    const key = keys[i];
    if (!key) return <Tag>—</Tag>;
    if (i === 0) return <Tag color="purple">{t(`reviews.group.${GROUP_KEYS[key]}`)}</Tag>;
    const mark = MARK_KEYS[key];
    return <Tag color={MARK_COLOURS[mark]}>{t(`reviews.mark.${mark}`)}</Tag>;
  };

  const box = (i: number, title: string) => (
    <div key={i} style={{ width: i === 0 ? 90 : 120, textAlign: "center" }}>
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
        data-testid={i === 0 ? "entry-group" : `entry-mark-${i - 1}`}
        value={keys[i]}
        disabled={disabled || saving}
        maxLength={2}
        style={{ textAlign: "center", fontSize: 18, width: 56 }}
        onChange={(e) => put(i, e.target.value.slice(-1))}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void save();
          } else if (e.key === "Backspace" && keys[i] === "" && i > 0) {
            focus(i - 1);
          } else if (e.key === "ArrowLeft") focus(i - 1);
          else if (e.key === "ArrowRight") focus(i + 1);
        }}
      />
      <div style={{ marginTop: 4 }}>{label(i)}</div>
    </div>
  );

  return (
    <div data-testid="ballot-entry">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("reviews.entry.help")}
      </Typography.Paragraph>
      <Space wrap align="start" size={8}>
        {box(0, t("reviews.entry.groupKey"))}
        {branches.map((b, i) => box(i + 1, b.branchName))}
        <Button
          type="primary"
          style={{ marginTop: 22 }}
          data-testid="entry-save"
          disabled={disabled}
          loading={saving}
          onClick={() => void save()}
        >
          {t("reviews.entry.save")}
        </Button>
      </Space>
      {problem && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={problem}
          data-testid="entry-problem"
        />
      )}
    </div>
  );
}
