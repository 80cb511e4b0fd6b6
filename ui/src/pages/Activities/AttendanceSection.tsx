import {
  App,
  Button,
  Empty,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityDetail } from "../../bindings/ActivityDetail";
import type { ApiError } from "../../bindings/ApiError";
import type { RollMember } from "../../bindings/RollMember";
import { errorMessage, fieldMessage } from "../../errors";
import { setAttendance } from "../../ipc/activities";
import {
  ABSENCE_REASONS,
  allPresent,
  entriesOf,
  percent,
  type Sheet,
  sheetOf,
  sheetProblems,
} from "../../lib/activity";
import { sentencesText } from "../../lib/text";
import { useErrorNotice } from "../../shell/useErrorNotice";

/** 出席登记: the day's roll, "all present" then the exceptions, and the residents who came. */
export function AttendanceSection({
  detail,
  onChanged,
}: {
  detail: ActivityDetail;
  onChanged: (detail: ActivityDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const roll = detail.roll;
  const [sheet, setSheet] = useState<Sheet>(() => sheetOf(roll, detail.attendance));
  const [residents, setResidents] = useState<number>(detail.activity.residentsPresent);
  const [tried, setTried] = useState(false);
  /** Members the server refused (absence without a reason). */
  const [serverBad, setServerBad] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const problems = sheetProblems(roll, sheet);

  const update = (id: string, change: Partial<Sheet[string]>) =>
    setSheet((s) => ({ ...s, [id]: { ...s[id], ...change } }));

  const save = async () => {
    setTried(true);
    if (problems.unmarked.length > 0) {
      showError(t("attendance.unmarkedError", { count: problems.unmarked.length }));
      return;
    }
    if (problems.noReason.length > 0) {
      showError(t("attendance.noReasonError"));
      return;
    }
    setBusy(true);
    try {
      const next = await setAttendance(detail.activity.id, entriesOf(roll, sheet), residents);
      setServerBad(new Set());
      message.success(t("attendance.saved"));
      onChanged(next);
    } catch (e) {
      const err = e as ApiError;
      const rows = err.fields
        .filter((f) => f.field.startsWith("attendance."))
        .map((f) => f.field.slice("attendance.".length));
      if (err.code === "invalid" && rows.length > 0) {
        setServerBad(new Set(rows));
        showError(t("attendance.noReasonError"));
      } else if (err.code === "invalid" && err.fields.length > 0) {
        showError(
          sentencesText(
            t,
            err.fields.map((f) => fieldMessage(t, "attendance", f)),
          ),
        );
      } else showError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  const rate = percent(detail.attendanceRate);
  const presentCount = detail.attendance.filter((e) => e.present).length;

  if (roll.length === 0) {
    return <Empty description={t("attendance.emptyRoll")} data-testid="attendance-empty" />;
  }

  return (
    <div data-testid="attendance">
      <div
        style={{
          display: "flex",
          alignItems: "center",
          gap: 12,
          flexWrap: "wrap",
          marginBottom: 8,
        }}
      >
        <Button onClick={() => setSheet(allPresent(sheet))} data-testid="attendance-all-present">
          {t("attendance.allPresent")}
        </Button>
        <Typography.Text type="secondary">{t("attendance.hint")}</Typography.Text>
        <div style={{ flex: 1 }} />
        {rate === null ? (
          <Tag data-testid="attendance-rate">{t("attendance.notTaken")}</Tag>
        ) : (
          <Tag color="green" data-testid="attendance-rate">
            {t("attendance.rate", {
              rate,
              present: presentCount,
              total: detail.attendance.length,
              residents: detail.activity.residentsPresent,
            })}
          </Tag>
        )}
      </div>
      <Table<RollMember>
        size="small"
        pagination={false}
        rowKey="memberId"
        dataSource={roll}
        onRow={(m) => ({ "data-testid": `attendance-row-${m.memberId}` }) as object}
        columns={[
          {
            key: "name",
            title: t("attendance.member"),
            render: (_, m) => (
              <Space size={4}>
                {m.name}
                {m.seat && <Tag color="red">{t(`seatShort.${m.seat}`)}</Tag>}
              </Space>
            ),
          },
          {
            key: "present",
            title: t("attendance.present"),
            width: 120,
            render: (_, m) => {
              const row = sheet[m.memberId];
              return (
                <Space size={6}>
                  <Switch
                    size="small"
                    checked={row.present === true}
                    onChange={(on) =>
                      update(m.memberId, { present: on, reason: on ? null : row.reason })
                    }
                    data-testid={`attendance-present-${m.memberId}`}
                  />
                  {row.present === null ? (
                    <Typography.Text type={tried ? "danger" : "secondary"} style={{ fontSize: 12 }}>
                      {t("attendance.unmarked")}
                    </Typography.Text>
                  ) : (
                    <Typography.Text style={{ fontSize: 12 }}>
                      {t(row.present ? "attendance.present" : "attendance.absent")}
                    </Typography.Text>
                  )}
                </Space>
              );
            },
          },
          {
            key: "reason",
            title: t("attendance.reason"),
            width: 170,
            render: (_, m) => {
              const row = sheet[m.memberId];
              if (row.present !== false) return null;
              const bad = (tried && !row.reason) || (serverBad.has(m.memberId) && !row.reason);
              return (
                <div>
                  <Select
                    size="small"
                    style={{ width: 140 }}
                    status={bad ? "error" : undefined}
                    value={row.reason ?? undefined}
                    placeholder={t("attendance.reasonPlaceholder")}
                    onChange={(reason) => update(m.memberId, { reason })}
                    options={ABSENCE_REASONS.map((r) => ({ value: r, label: t(`absence.${r}`) }))}
                    data-testid={`attendance-reason-${m.memberId}`}
                  />
                  {bad && (
                    <div>
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {t("attendance.noReasonError")}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              );
            },
          },
          {
            key: "note",
            title: t("attendance.note"),
            render: (_, m) =>
              sheet[m.memberId].present === false ? (
                <Input
                  size="small"
                  maxLength={200}
                  value={sheet[m.memberId].note}
                  onChange={(e) => update(m.memberId, { note: e.target.value })}
                  data-testid={`attendance-note-${m.memberId}`}
                />
              ) : null,
          },
        ]}
      />
      <div style={{ display: "flex", alignItems: "center", gap: 12, marginTop: 12 }}>
        <span>{t("attendance.residents")}</span>
        <InputNumber
          min={0}
          max={9999}
          precision={0}
          value={residents}
          onChange={(v) => setResidents(v ?? 0)}
          data-testid="attendance-residents"
        />
        <div style={{ flex: 1 }} />
        <Button type="primary" loading={busy} onClick={save} data-testid="attendance-save">
          {t("attendance.save")}
        </Button>
      </div>
    </div>
  );
}
