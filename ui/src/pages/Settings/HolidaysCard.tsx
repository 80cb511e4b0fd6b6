import { DeleteOutlined, SnippetsOutlined, UploadOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Form,
  Input,
  List,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { HolidayBreak } from "../../bindings/HolidayBreak";
import type { HolidayEditKind } from "../../bindings/HolidayEditKind";
import type { HolidayYear } from "../../bindings/HolidayYear";
import { errorMessage, fieldMessage, holidayImportMessage, placeFormError } from "../../errors";
import { DateInput } from "../../forms/DateInput";
import {
  editHolidayDay,
  holidayYear,
  importHolidayFile,
  pickHolidayFile,
} from "../../ipc/holidays";
import { breakLength } from "../../lib/calendar";
import { dayText } from "../../lib/text";
import { appYear } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { HolidayNoticeModal } from "./HolidayNoticeModal";

const YEARS = Array.from({ length: 11 }, (_, i) => 2020 + i);
const KINDS: HolidayEditKind[] = ["off", "work", "normal"];

type EditValues = { date: Dayjs | null; kind: HolidayEditKind; name: string };

/** The State Council schedule of a year: where it comes from, its breaks, days and hand edits. */
export function HolidaysCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [year, setYear] = useState(() => Math.min(Math.max(appYear(), 2020), 2030));
  const [data, setData] = useState<HolidayYear | null>(null);
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const [noticeOpen, setNoticeOpen] = useState(false);
  const fmt = (date: string) => dayText(t, date);

  const load = useCallback(async () => {
    try {
      setData(await holidayYear(year));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  }, [year, t, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  const importFile = async () => {
    try {
      const path = await pickHolidayFile(t("holidays.importFilter"));
      if (!path) return;
      setBusy(true);
      const imported = await importHolidayFile(path);
      message.success(t("holidays.imported", { year: imported.year }));
      if (imported.year === year) setData(imported);
      else setYear(imported.year);
    } catch (e) {
      showError(holidayImportMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const edit = async (date: string, kind: HolidayEditKind | null, name: string) => {
    setBusy(true);
    try {
      const next = await editHolidayDay(date, kind, name);
      message.success(t("holidays.editSaved"));
      if (next.year === year) setData(next);
      return true;
    } catch (e) {
      const rest = placeFormError(t, form, "holiday", e as ApiError, ["date", "name", "kind"]);
      if (rest) showError(rest);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const addEdit = async (v: EditValues) => {
    if (!v.date) return;
    if (await edit(v.date.format("YYYY-MM-DD"), v.kind, v.name.trim())) {
      form.resetFields(["date", "name"]);
    }
  };

  const source = data?.source ?? "none";
  const sourceColour = { builtin: "green", imported: "blue", manual: "purple", none: "default" }[
    source
  ];

  return (
    <Card
      title={t("holidays.title")}
      data-testid="holidays-card"
      extra={
        <Space>
          <Button
            icon={<SnippetsOutlined />}
            onClick={() => setNoticeOpen(true)}
            data-testid="holiday-notice"
          >
            {t("holidays.notice.open")}
          </Button>
          <Button
            icon={<UploadOutlined />}
            onClick={importFile}
            loading={busy}
            data-testid="holiday-import"
          >
            {t("holidays.import")}
          </Button>
        </Space>
      }
    >
      <HolidayNoticeModal
        key={noticeOpen ? `open-${year}` : "closed"}
        open={noticeOpen}
        years={YEARS}
        initialYear={year}
        onClose={() => setNoticeOpen(false)}
        onSaved={(saved) => {
          setNoticeOpen(false);
          message.success(t("holidays.imported", { year: saved.year }));
          if (saved.year === year) setData(saved);
          else setYear(saved.year);
        }}
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <span>{t("holidays.year")}</span>
        <Select
          data-testid="holiday-year"
          value={year}
          onChange={setYear}
          style={{ width: 100 }}
          options={YEARS.map((y) => ({ value: y, label: y }))}
        />
        <Tag color={sourceColour} data-testid="holiday-source">
          {t(`holidays.source.${source}`, { file: data?.fileName ?? "" })}
        </Tag>
      </Space>
      {data && data.days.length === 0 && data.edits.length === 0 ? (
        <Typography.Paragraph type="secondary">{t("holidays.noDays")}</Typography.Paragraph>
      ) : (
        data && (
          <>
            <Typography.Title level={5}>{t("holidays.breaks")}</Typography.Title>
            <Table<HolidayBreak>
              size="small"
              pagination={false}
              rowKey="first"
              data-testid="holiday-breaks"
              dataSource={data.breaks}
              columns={[
                { key: "name", title: t("holidays.breakName"), dataIndex: "name" },
                {
                  key: "range",
                  title: t("holidays.breakRange"),
                  render: (_, b) => `${fmt(b.first)} – ${fmt(b.last)}`,
                },
                {
                  key: "days",
                  title: t("holidays.breakDays"),
                  render: (_, b) => t("holidays.daysCount", { count: breakLength(b) }),
                },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              {t("holidays.listed")}
            </Typography.Title>
            <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }} data-testid="holiday-days">
              {data.days.map((d) => (
                <Tag
                  key={d.date}
                  color={d.isOffDay ? "red" : "default"}
                  style={{ marginInlineEnd: 0 }}
                >
                  {d.isOffDay ? t("holidays.off") : t("holidays.work")} {fmt(d.date)} {d.name}
                </Tag>
              ))}
            </div>
          </>
        )
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t("holidays.edits")}
      </Typography.Title>
      <List
        size="small"
        data-testid="holiday-edits"
        locale={{ emptyText: t("holidays.noEdits") }}
        dataSource={data?.edits ?? []}
        renderItem={(e) => (
          <List.Item
            actions={[
              <Button
                key="rm"
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t("common.delete")}
                onClick={() => edit(e.date, null, "")}
                data-testid={`holiday-edit-remove-${e.date}`}
              />,
            ]}
          >
            <Space>
              <Tag color="purple">{t(`holidays.${e.kind}`)}</Tag>
              {fmt(e.date)}
              {e.name}
            </Space>
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="inline"
        initialValues={{ kind: "off", name: "", date: null }}
        onFinish={addEdit}
        style={{ marginTop: 8, rowGap: 8 }}
      >
        <Form.Item
          name="date"
          rules={[
            {
              required: true,
              message: fieldMessage(t, "holiday", { field: "date", rule: "badDate" }),
            },
          ]}
        >
          <DateInput
            placeholder={t("holidays.date")}
            data-testid="holiday-edit-date"
            defaultPickerValue={dayjs(`${year}-01-01`)}
          />
        </Form.Item>
        <Form.Item name="kind">
          <Radio.Group
            optionType="button"
            data-testid="holiday-edit-kind"
            options={KINDS.map((k) => ({ value: k, label: t(`holidays.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="name">
          <Input
            placeholder={t("holidays.namePlaceholder")}
            style={{ width: 120 }}
            maxLength={30}
            data-testid="holiday-edit-name"
          />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="holiday-edit-add">
            {t("holidays.addEdit")}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph
        type="secondary"
        style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}
      >
        {t("holidays.sourceNote")}
      </Typography.Paragraph>
    </Card>
  );
}
