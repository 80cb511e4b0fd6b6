import { Alert, type ButtonProps, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { HolidayDay } from "../../bindings/HolidayDay";
import type { HolidayYear } from "../../bindings/HolidayYear";
import type { YearSchedule } from "../../bindings/YearSchedule";
import { errorMessage, holidayImportMessage } from "../../errors";
import { readHolidayNotice, saveHolidayNotice } from "../../ipc/holidays";

type Props = {
  open: boolean;
  years: number[];
  initialYear: number;
  onClose: () => void;
  onSaved: (year: HolidayYear) => void;
};

/**
 * 粘贴放假通知: the State Council's notice pasted as text is read by the core into the year's
 * days, shown for confirmation, and saved only then (read again when saved).
 */
export function HolidayNoticeModal({ open, years, initialYear, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [year, setYear] = useState(initialYear);
  const [text, setText] = useState("");
  const [read, setRead] = useState<{ text: string; year: number; schedule: YearSchedule } | null>(
    null,
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = read && read.text === text && read.year === year ? read.schedule : null;

  const readIt = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setRead({ text, year, schedule: await readHolidayNotice(year, text) });
    } catch (e) {
      setRead(null);
      setProblem(holidayImportMessage(t, e as ApiError, "errors.holidayNotice"));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setBusy(true);
    try {
      onSaved(await saveHolidayNotice(year, text));
      setText("");
      setRead(null);
    } catch (e) {
      setProblem(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const off = current?.days.filter((d) => d.isOffDay).length ?? 0;
  const work = (current?.days.length ?? 0) - off;
  return (
    <Modal
      open={open}
      width={760}
      // Fits a 1024×640 screen with the buttons in view: the body scrolls, not the page.
      style={{ top: 24 }}
      styles={{ body: { maxHeight: "calc(100vh - 190px)", overflowY: "auto" } }}
      title={t("holidays.notice.title")}
      onCancel={onClose}
      okText={current ? t("holidays.notice.save", { year }) : t("holidays.notice.read")}
      onOk={current ? save : readIt}
      okButtonProps={
        {
          loading: busy,
          disabled: text.trim() === "",
          "data-testid": current ? "holiday-notice-save" : "holiday-notice-read",
        } as ButtonProps
      }
      cancelText={t("common.cancel")}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("holidays.notice.help")}
        </Typography.Paragraph>
        <Space>
          <span>{t("holidays.year")}</span>
          <Select
            data-testid="holiday-notice-year"
            value={year}
            onChange={setYear}
            style={{ width: 100 }}
            options={years.map((y) => ({ value: y, label: y }))}
          />
        </Space>
        <Input.TextArea
          data-testid="holiday-notice-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={6}
          maxLength={20000}
          placeholder={t("holidays.notice.placeholder")}
        />
        {problem && (
          <Alert type="error" showIcon title={problem} data-testid="holiday-notice-problem" />
        )}
        {current && (
          <>
            <Alert
              type="success"
              showIcon
              data-testid="holiday-notice-summary"
              title={t("holidays.notice.summary", { year, off, work })}
            />
            <Table<HolidayDay>
              size="small"
              rowKey="date"
              data-testid="holiday-notice-days"
              pagination={false}
              scroll={{ y: 180 }}
              dataSource={current.days}
              columns={[
                {
                  key: "date",
                  title: t("holidays.date"),
                  render: (_, d) => dayjs(d.date).format(t("calendar.dateFormatYear")),
                },
                {
                  key: "kind",
                  title: t("holidays.notice.kind"),
                  render: (_, d) =>
                    d.isOffDay ? (
                      <Tag color="red">{t("holidays.off")}</Tag>
                    ) : (
                      <Tag>{t("holidays.work")}</Tag>
                    ),
                },
                { key: "name", title: t("holidays.breakName"), dataIndex: "name" },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
