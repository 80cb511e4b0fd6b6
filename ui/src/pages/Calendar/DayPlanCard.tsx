import { DeleteOutlined } from "@ant-design/icons";
import {
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { BranchClash } from "../../bindings/BranchClash";
import type { DayPlan } from "../../bindings/DayPlan";
import type { Weekday } from "../../bindings/Weekday";
import type { WeekdayAdvice } from "../../bindings/WeekdayAdvice";
import { errorMessage, fieldMessage, placeFormError } from "../../errors";
import { deleteDayPlan, planClashes, saveDayPlan } from "../../ipc/schedule";
import { isValidTime, shortBranchName, WEEKDAYS } from "../../lib/calendar";
import { clashLines } from "../../lib/clashes";
import { listText } from "../../lib/text";
import { appToday } from "../../lib/today";
import { useErrorNotice } from "../../shell/useErrorNotice";

type Values = {
  weekday: Weekday | undefined;
  startTime: string;
  venue: string;
  effectiveFrom: Dayjs | null;
};
const FIELDS = ["weekday", "startTime", "venue", "effectiveFrom"] as const;

/** The weekdays to recommend: fewest conflicts, then fewest moves, preferring free ones. */
export function bestWeekdays(advice: readonly WeekdayAdvice[]): Set<Weekday> {
  const free = advice.filter((a) => a.branchIds.length === 0);
  const pool = free.length > 0 ? free : advice;
  const score = (a: WeekdayAdvice) => a.conflicts * 100 + a.moved;
  const min = Math.min(...pool.map(score));
  return new Set(pool.filter((a) => score(a) === min).map((a) => a.weekday));
}

type Props = {
  branchId: string;
  year: number;
  plans: DayPlan[];
  venues: string[];
  advice: WeekdayAdvice[];
  branchName: (id: string) => string;
  onChanged: () => void;
};

/** 活动日设置: the branch's weekday, time and venue from a month on, with its history. */
export function DayPlanCard({
  branchId,
  year,
  plans,
  venues,
  advice,
  branchName,
  onChanged,
}: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const chosen = Form.useWatch("weekday", form);
  const latest = [...plans].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  const best = bestWeekdays(advice);
  const monthLabel = (ym: string) => dayjs(`${ym}-01`).format(t("calendar.monthYearFormat"));

  const save = async (values: Values) => {
    if (!values.weekday || !values.effectiveFrom) return;
    const plan: DayPlan = {
      branchId,
      effectiveFrom: values.effectiveFrom.format("YYYY-MM"),
      weekday: values.weekday,
      startTime: values.startTime.trim(),
      venue: values.venue.trim(),
    };
    setBusy(true);
    try {
      // Warn where the choice is made: the core says which days would clash, and with whom.
      const clashes = await planClashes(plan);
      if (clashes.length > 0 && !(await confirmClashes(clashes))) return;
      await saveDayPlan(plan);
      message.success(
        t("plan.saved", {
          month: monthLabel(plan.effectiveFrom),
          weekday: t(`weekday.${plan.weekday}`),
        }),
      );
      onChanged();
    } catch (e) {
      const rest = placeFormError(t, form, "dayPlan", e as ApiError, FIELDS);
      if (rest) showError(rest);
    } finally {
      setBusy(false);
    }
  };

  /** Asks whether to save a day that clashes; resolves true to save anyway. */
  const confirmClashes = (clashes: BranchClash[]) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t("clash.confirmTitle"),
        width: 560,
        content: (
          <div data-testid="clash-warning">
            <Typography.Paragraph>{t("clash.confirmIntro")}</Typography.Paragraph>
            <ul style={{ paddingInlineStart: 20 }}>
              {clashLines(t, clashes).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <Typography.Paragraph type="secondary">{t("clash.confirmOutro")}</Typography.Paragraph>
          </div>
        ),
        okText: t("clash.saveAnyway"),
        cancelText: t("clash.chooseAgain"),
        okButtonProps: { "data-testid": "clash-save-anyway" },
        cancelButtonProps: { "data-testid": "clash-choose-again" },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });

  const remove = async (effectiveFrom: string) => {
    try {
      await deleteDayPlan(branchId, effectiveFrom);
      message.success(t("plan.deleted"));
      onChanged();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  const required = (field: string) => ({
    required: true,
    message: fieldMessage(t, "dayPlan", { field, rule: "required" }),
  });

  return (
    <Card size="small" title={t("plan.title")} data-testid="plan-card">
      <Form
        form={form}
        layout="vertical"
        size="small"
        key={`${branchId}-${latest?.effectiveFrom ?? "none"}`}
        initialValues={{
          weekday: latest?.weekday,
          startTime: latest?.startTime ?? "08:30",
          venue: latest?.venue ?? "",
          effectiveFrom: appToday().startOf("month"),
        }}
        onFinish={save}
        style={{ marginBottom: 0 }}
      >
        <div style={{ display: "flex", gap: 8 }}>
          <Form.Item
            name="weekday"
            label={t("plan.weekday")}
            rules={[required("weekday")]}
            style={{ flex: 1 }}
          >
            <Select
              data-testid="plan-weekday"
              placeholder={t("plan.weekdayPlaceholder")}
              options={WEEKDAYS.map((w) => ({ value: w, label: t(`weekday.${w}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="startTime"
            label={t("plan.startTime")}
            style={{ width: 96 }}
            rules={[
              required("startTime"),
              {
                validator: (_, v: string) =>
                  !v || isValidTime(v)
                    ? Promise.resolve()
                    : Promise.reject(
                        new Error(
                          fieldMessage(t, "dayPlan", { field: "startTime", rule: "badTime" }),
                        ),
                      ),
              },
            ]}
          >
            <Input data-testid="plan-start-time" placeholder="08:30" maxLength={5} />
          </Form.Item>
        </div>
        <WeekdayAdvisor
          year={year}
          advice={advice}
          best={best}
          chosen={chosen}
          branchName={branchName}
          onChoose={(w) => form.setFieldValue("weekday", w)}
        />
        <Form.Item name="venue" label={t("plan.venue")}>
          <AutoComplete
            data-testid="plan-venue"
            options={venues.map((v) => ({ value: v }))}
            placeholder={t("plan.venuePlaceholder")}
            filterOption={(input, option) => String(option?.value ?? "").includes(input)}
          />
        </Form.Item>
        <div style={{ display: "flex", gap: 8, alignItems: "flex-end" }}>
          <Form.Item
            name="effectiveFrom"
            label={t("plan.effectiveFrom")}
            rules={[required("effectiveFrom")]}
            style={{ flex: 1 }}
          >
            <DatePicker
              picker="month"
              data-testid="plan-effective-from"
              format={t("calendar.monthYearFormat")}
              allowClear={false}
              style={{ width: "100%" }}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="plan-save">
              {t("plan.save")}
            </Button>
          </Form.Item>
        </div>
      </Form>
      <Typography.Text strong>{t("plan.history")}</Typography.Text>
      <List
        size="small"
        data-testid="plan-history"
        locale={{ emptyText: t("plan.noHistory") }}
        dataSource={[...plans].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))}
        renderItem={(p) => (
          <List.Item
            data-testid={`plan-${p.effectiveFrom}`}
            actions={[
              <Popconfirm
                key="del"
                title={t("plan.deleteConfirm", { month: monthLabel(p.effectiveFrom) })}
                onConfirm={() => remove(p.effectiveFrom)}
              >
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("common.delete")}
                  data-testid={`plan-delete-${p.effectiveFrom}`}
                />
              </Popconfirm>,
            ]}
          >
            <span>
              {t("plan.historyFrom", { month: monthLabel(p.effectiveFrom) })} →{" "}
              {t(`weekday.${p.weekday}`)} {p.startTime}
              {p.venue && ` · ${p.venue}`}
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** For each weekday: holiday moves and conflicts this year, and who already uses it. */
function WeekdayAdvisor({
  year,
  advice,
  best,
  chosen,
  branchName,
  onChoose,
}: {
  year: number;
  advice: WeekdayAdvice[];
  best: Set<Weekday>;
  chosen: Weekday | undefined;
  branchName: (id: string) => string;
  onChoose: (w: Weekday) => void;
}) {
  const { t } = useTranslation();
  if (advice.length === 0) return null;
  return (
    <div style={{ marginBottom: 12 }} data-testid="weekday-advice">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("advice.title", { year })} · {t("advice.hint")}
      </Typography.Text>
      <Table<WeekdayAdvice>
        size="small"
        pagination={false}
        rowKey="weekday"
        dataSource={advice}
        onRow={(a) => ({
          onClick: () => onChoose(a.weekday),
          style: {
            cursor: "pointer",
            background:
              a.weekday === chosen ? "#fff1f0" : best.has(a.weekday) ? "#f6ffed" : undefined,
          },
          "data-testid": `advice-${a.weekday}`,
        })}
        columns={[
          {
            key: "weekday",
            title: t("calendar.weekday"),
            width: 84,
            render: (_, a) => (
              <span style={{ whiteSpace: "nowrap" }}>
                {t(`weekday.${a.weekday}`)}
                {best.has(a.weekday) && (
                  <Tag color="green" style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>
                    {t("advice.best")}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            // One narrow column: the side card is about 330px wide.
            key: "holidays",
            title: t("advice.holidays"),
            width: 96,
            render: (_, a) => (
              <span style={{ whiteSpace: "nowrap" }}>
                {t("advice.movedShort", { count: a.moved })}
                {a.conflicts > 0 && (
                  <Typography.Text type="danger">
                    {" · "}
                    {t("advice.conflictsShort", { count: a.conflicts })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            key: "branches",
            title: t("advice.branches"),
            render: (_, a) =>
              listText(
                t,
                a.branchIds.map((id) => shortBranchName(branchName(id))),
              ),
          },
        ]}
      />
    </div>
  );
}
