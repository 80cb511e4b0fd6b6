import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ComplianceState } from "../../bindings/ComplianceState";
import type { PointStatus } from "../../bindings/PointStatus";
import { STATE_COLOR, STATE_TAG } from "../../lib/points";

/** 已达标 / 还剩 N 天 / 未达标 / 未开始, in words. */
export function useStateText() {
  const { t } = useTranslation();
  return (state: ComplianceState) =>
    t(`complianceState.${state.kind}`, {
      days: state.kind === "notYet" ? state.daysLeft : 0,
    });
}

/** A traffic light: a coloured dot and the state in words. */
export function StateLight({ state, testId }: { state: ComplianceState; testId?: string }) {
  const text = useStateText();
  return (
    <span
      data-testid={testId}
      data-state={state.kind}
      style={{ display: "inline-flex", alignItems: "center", gap: 6, whiteSpace: "nowrap" }}
    >
      <span
        style={{
          width: 10,
          height: 10,
          borderRadius: "50%",
          background: STATE_COLOR[state.kind],
          flex: "none",
        }}
      />
      <Typography.Text style={{ fontSize: 13 }}>{text(state)}</Typography.Text>
    </span>
  );
}

/** A coloured cell of the overview (red / amber / green / grey). */
export function StateTag({ state, testId }: { state: ComplianceState; testId?: string }) {
  const text = useStateText();
  return (
    <Tag
      color={STATE_TAG[state.kind]}
      data-testid={testId}
      data-state={state.kind}
      style={{ marginInlineEnd: 0, whiteSpace: "nowrap" }}
    >
      {text(state)}
    </Tag>
  );
}

export function PointStatusTag({ status }: { status: PointStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status.kind === "active" ? "green" : "default"} style={{ marginInlineEnd: 0 }}>
      {t(`pointStatus.${status.kind}`)}
    </Tag>
  );
}
