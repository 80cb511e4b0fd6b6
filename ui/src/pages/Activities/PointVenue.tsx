import { App, Form, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { PointSummary } from "../../bindings/PointSummary";
import { errorMessage } from "../../errors";
import { listPoints, pointOfActivity, setActivityPoint } from "../../ipc/points";
import { withNote } from "../../lib/text";
import { useErrorNotice } from "../../shell/useErrorNotice";

type Props = {
  branchId: string;
  /** Null until the plan is saved: the link is stored on the activity. */
  activityId: string | null;
  /** Fills the venue text with the chosen point. */
  onPick: (venue: string) => void;
};

/** 在示范点开展: on-site teaching and observation often take place at a demonstration point. */
export function PointVenue({ branchId, activityId, onPick }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [points, setPoints] = useState<PointSummary[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listPoints({ townId: null, communityId: null, branchId }, null)
      .then((list) => live && setPoints(list.filter((p) => p.point.status.kind === "active")))
      .catch(() => live && setPoints([]));
    if (activityId) {
      pointOfActivity(activityId)
        .then((p) => live && setChosen(p?.id ?? null))
        .catch(() => {});
    }
    return () => {
      live = false;
    };
  }, [branchId, activityId]);

  const choose = async (id: string | null) => {
    if (!activityId) return;
    try {
      await setActivityPoint(activityId, id);
      setChosen(id);
      const point = points.find((p) => p.point.id === id)?.point;
      if (point) onPick(point.location ? withNote(t, point.name, point.location) : point.name);
      message.success(t(id ? "editor.pointLinked" : "editor.pointUnlinked"));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  return (
    <Form.Item label={t("editor.point")} style={{ marginBottom: 8 }}>
      <Select
        allowClear
        data-testid="activity-point"
        disabled={!activityId || points.length === 0}
        value={chosen ?? undefined}
        placeholder={t(points.length === 0 ? "editor.pointNone" : "editor.pointPlaceholder")}
        onChange={(id?: string) => void choose(id ?? null)}
        options={points.map((p) => ({ value: p.point.id, label: p.point.name }))}
      />
      {!activityId && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("editor.pointAfterSave")}
        </Typography.Text>
      )}
    </Form.Item>
  );
}
