import { DownloadOutlined, LeftOutlined, RightOutlined } from "@ant-design/icons";
import { App, Button, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { ScheduleScope } from "../../bindings/ScheduleScope";
import { errorMessage } from "../../errors";
import { exportIcs, pickIcsFile } from "../../ipc/schedule";
import { useErrorNotice } from "../../shell/useErrorNotice";

/** ‹ 2026年 › */
export function YearSwitcher({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const { t } = useTranslation();
  return (
    <Space.Compact>
      <Button
        icon={<LeftOutlined />}
        onClick={() => onChange(year - 1)}
        aria-label={t("common.prev")}
        data-testid="year-prev"
      />
      <Button style={{ pointerEvents: "none", minWidth: 72 }} data-testid="year-label">
        {t("calendar.yearLabel", { year })}
      </Button>
      <Button
        icon={<RightOutlined />}
        onClick={() => onChange(year + 1)}
        aria-label={t("common.next")}
        data-testid="year-next"
      />
    </Space.Compact>
  );
}

/** Save dialog, then an .ics of the scope's activity days for the year. */
export function ExportIcsButton({
  scope,
  year,
  name,
}: {
  scope: ScheduleScope;
  year: number;
  name: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const run = async () => {
    try {
      const path = await pickIcsFile(
        t("calendar.exportName", { name, year }),
        t("calendar.exportFilter"),
      );
      if (!path) return;
      const outcome = await exportIcs(scope, year, path);
      message.success(t("calendar.exportDone", { count: outcome.events, path: outcome.path }));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };
  return (
    <Button icon={<DownloadOutlined />} onClick={run} data-testid="export-ics">
      {t("calendar.export")}
    </Button>
  );
}

export function Title({ children }: { children: React.ReactNode }) {
  return (
    <Typography.Title
      level={4}
      style={{ margin: 0, whiteSpace: "nowrap" }}
      data-testid="calendar-title"
    >
      {children}
    </Typography.Title>
  );
}
