import { BulbOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { BranchCompliance } from "../../bindings/BranchCompliance";
import type { Member } from "../../bindings/Member";
import type { PointSummary } from "../../bindings/PointSummary";
import type { Team } from "../../bindings/Team";
import type { TeamSuggestion } from "../../bindings/TeamSuggestion";
import { errorMessage, fieldMessage, placeFormError } from "../../errors";
import { deleteTeam, saveTeam, suggestTeams } from "../../ipc/points";
import { MAX_TEAM_SIZE } from "../../lib/points";
import { listText, withNote } from "../../lib/text";
import { useErrorNotice } from "../../shell/useErrorNotice";
import { StateLight } from "./parts";

/** The team codes are about who was chosen: their sentence goes under the member picker. */
const MEMBER_CODES = new Set([
  "teamSize",
  "teamMemberTaken",
  "teamMemberNotCapable",
  "teamMemberOtherBranch",
]);

/** 组团（X）: the year's teams with their points and lights, and forming or suggesting teams. */
export function TeamsPanel({
  branchId,
  year,
  compliance,
  teams,
  members,
  points,
  onOpenPoint,
  onChanged,
}: {
  branchId: string;
  year: number;
  compliance: BranchCompliance;
  teams: readonly Team[];
  members: readonly Member[];
  points: readonly PointSummary[];
  onOpenPoint: (p: PointSummary) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const note = compliance.teamNote;

  const remove = async (team: Team) => {
    try {
      await deleteTeam(team.id);
      message.success(t("teams.deleted"));
      onChanged();
    } catch (e) {
      showError(errorMessage(t, e as ApiError, "team"));
    }
  };

  return (
    <Card
      size="small"
      title={
        <span>
          {t("points.teamsTitle")} <StateLight state={compliance.teamState} testId="teams-state" />
        </span>
      }
      extra={
        <Space>
          <Button
            size="small"
            icon={<BulbOutlined />}
            onClick={() => setSuggesting(true)}
            data-testid="team-suggest"
          >
            {t("teams.suggest")}
          </Button>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setEditing("new")}
            data-testid="team-add"
          >
            {t("teams.add")}
          </Button>
        </Space>
      }
      style={{ marginTop: 16 }}
      data-testid="teams-panel"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("points.teamsHint")}
      </Typography.Paragraph>
      {(compliance.teamsNeeded > 0 || compliance.teamsFormed > 0) && (
        <Typography.Paragraph strong style={{ marginBottom: 8 }} data-testid="team-count">
          {t("points.teamCount", {
            capable: compliance.capable,
            needed: compliance.teamsNeeded,
            formed: compliance.teamsFormed,
          })}
        </Typography.Paragraph>
      )}
      {note && (
        <Alert
          type={note.kind === "fewerThanFive" ? "info" : "warning"}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="team-note"
          title={t(`teamNote.${note.kind}`, { ...note })}
        />
      )}
      {teams.length === 0 && !note && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("teams.noTeams")} />
      )}
      <div
        style={{
          display: "grid",
          gridTemplateColumns: "repeat(auto-fill, minmax(300px, 1fr))",
          gap: 12,
        }}
      >
        {teams.map((team) => {
          const row = compliance.teams.find((r) => r.teamId === team.id);
          const led = points.filter((p) => row?.pointIds.includes(p.point.id));
          return (
            <Card
              key={team.id}
              size="small"
              type="inner"
              data-testid={`team-${team.id}`}
              data-state={row?.state.kind}
              title={team.name}
              extra={
                <Space size={4}>
                  {row && <StateLight state={row.state} />}
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    aria-label={t("common.edit")}
                    onClick={() => setEditing(team)}
                    data-testid={`team-edit-${team.id}`}
                  />
                  <Popconfirm
                    title={t("teams.deleteConfirm", { name: team.name })}
                    onConfirm={() => void remove(team)}
                    okText={t("common.delete")}
                    cancelText={t("common.cancel")}
                    okButtonProps={{ danger: true, "data-testid": "team-delete-confirm" }}
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t("common.delete")}
                      data-testid={`team-delete-${team.id}`}
                    />
                  </Popconfirm>
                </Space>
              }
            >
              <div style={{ display: "flex", flexWrap: "wrap", gap: 4, marginBottom: 6 }}>
                {team.memberIds.map((id) => (
                  <Tag key={id} style={{ marginInlineEnd: 0 }}>
                    {nameOf(id)}
                  </Tag>
                ))}
              </div>
              {row?.sizeFlagged && (
                <Tag
                  color="warning"
                  style={{ marginBottom: 6 }}
                  data-testid={`team-size-${team.id}`}
                >
                  {t("teams.sizeFlagged", { size: row.activeSize })}
                </Tag>
              )}
              <PointLinks points={led} onOpen={onOpenPoint} where={`team-${team.id}`} />
            </Card>
          );
        })}
      </div>
      {compliance.leftOut.length > 0 && (teams.length > 0 || note?.kind === "noTeams") && (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="team-left-out">
          <Typography.Text type="secondary">{t("points.leftOut")}</Typography.Text>
          {listText(t, compliance.leftOut.map(nameOf))}
        </Typography.Paragraph>
      )}
      {editing && (
        <TeamModal
          branchId={branchId}
          year={year}
          team={editing === "new" ? null : editing}
          teams={teams}
          members={members}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
      {suggesting && (
        <SuggestModal
          branchId={branchId}
          year={year}
          teams={teams}
          members={members}
          onClose={() => setSuggesting(false)}
          onSaved={() => {
            setSuggesting(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

/** The points a seat holder or team led, as links that open the point. */
export function PointLinks({
  points,
  onOpen,
  where,
}: {
  points: readonly PointSummary[];
  onOpen: (p: PointSummary) => void;
  /** Where the list is (a seat, team or quarter), for test ids. */
  where: string;
}) {
  const { t } = useTranslation();
  if (points.length === 0)
    return <Typography.Text type="secondary">{t("points.noPoints")}</Typography.Text>;
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 2 }}>
      {points.map((p) => (
        <Typography.Link
          key={p.point.id}
          onClick={() => onOpen(p)}
          ellipsis
          data-testid={`${where}-point-${p.point.id}`}
        >
          {p.point.name}
        </Typography.Link>
      ))}
    </div>
  );
}

type TeamValues = { name: string; memberIds: string[] };

/** 新建 / 编辑组团: a name and 5–8 capable members of the branch. */
function TeamModal({
  branchId,
  year,
  team,
  teams,
  members,
  onClose,
  onSaved,
}: {
  branchId: string;
  year: number;
  team: Team | null;
  teams: readonly Team[];
  members: readonly Member[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [form] = Form.useForm<TeamValues>();
  const [busy, setBusy] = useState(false);
  const chosen: string[] = Form.useWatch("memberIds", form) ?? team?.memberIds ?? [];
  const teamOf = (id: string) =>
    teams.find((x) => x.id !== team?.id && x.memberIds.includes(id))?.name;
  const capable = members.filter((m) => m.capable && !m.archivedOn);

  const save = async (v: TeamValues) => {
    setBusy(true);
    try {
      await saveTeam(team?.id ?? null, {
        branchId,
        year,
        name: v.name.trim(),
        memberIds: v.memberIds ?? [],
      });
      message.success(t("teams.saved"));
      onSaved();
    } catch (e) {
      const err = e as ApiError;
      if (MEMBER_CODES.has(err.code)) {
        form.setFields([{ name: "memberIds", errors: [errorMessage(t, err)] }]);
      } else {
        const rest = placeFormError(t, form, "team", err, ["name", "memberIds"]);
        if (rest) showError(rest);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(team ? "teams.editTitle" : "teams.addTitle")}
      onCancel={onClose}
      destroyOnHidden
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: busy, "data-testid": "team-save" }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: team?.name ?? "", memberIds: team?.memberIds ?? [] }}
        onFinish={save}
      >
        <Form.Item
          name="name"
          label={t("teams.name")}
          rules={[
            {
              required: true,
              whitespace: true,
              message: fieldMessage(t, "team", { field: "name", rule: "required" }),
            },
          ]}
        >
          <Input data-testid="team-name" maxLength={30} placeholder={t("teams.namePlaceholder")} />
        </Form.Item>
        <Form.Item
          name="memberIds"
          label={t("teams.members")}
          extra={`${t("teams.membersHelp")} · ${t("teams.memberCount", { count: chosen.length })}`}
        >
          <Select
            data-testid="team-members"
            mode="multiple"
            optionFilterProp="label"
            maxCount={MAX_TEAM_SIZE}
            options={capable.map((m) => {
              const other = teamOf(m.id);
              return {
                value: m.id,
                label: other ? withNote(t, m.name, other) : m.name,
                disabled: !!other,
              };
            })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Names for suggested teams: the specialty's, numbered when taken. */
function suggestedNames(
  t: (key: string, o?: Record<string, unknown>) => string,
  specialties: readonly string[],
  taken: readonly string[],
) {
  const used = new Set(taken);
  return specialties.map((s, i) => {
    let name = s
      ? t("teams.suggestedName", { specialty: s })
      : t("teams.numberedName", { n: i + 1 });
    for (let n = 2; used.has(name); n++) name = `${name.replace(/\d+$/, "")}${n}`;
    used.add(name);
    return name;
  });
}

/** 建议组团: the core's partition of the free capable members; created one team at a time. */
function SuggestModal({
  branchId,
  year,
  teams,
  members,
  onClose,
  onSaved,
}: {
  branchId: string;
  year: number;
  teams: readonly Team[];
  members: readonly Member[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [suggestion, setSuggestion] = useState<TeamSuggestion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState(0);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;

  useEffect(() => {
    let live = true;
    suggestTeams(branchId, year).then(
      (s) => live && setSuggestion(s),
      (e) => live && setError(errorMessage(t, e as ApiError)),
    );
    return () => {
      live = false;
    };
  }, [branchId, year, t]);

  const names = suggestion
    ? suggestedNames(
        t,
        suggestion.teams.map((s) => s.specialty),
        teams.map((x) => x.name),
      )
    : [];

  /** One save_team per team, in order; the first refusal stops the rest. */
  const createAll = async () => {
    if (!suggestion) return;
    setBusy(true);
    setError(null);
    let done = created;
    for (const [i, s] of suggestion.teams.entries()) {
      if (i < done) continue;
      try {
        await saveTeam(null, { branchId, year, name: names[i], memberIds: s.memberIds });
        done = i + 1;
        setCreated(done);
      } catch (e) {
        setError(
          t("teams.stopped", { done, n: i + 1, error: errorMessage(t, e as ApiError, "team") }),
        );
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    message.success(t("teams.created", { count: done }));
    onSaved();
  };

  const none = suggestion && suggestion.teams.length === 0;
  return (
    <Modal
      open
      width={640}
      title={t("teams.suggestTitle")}
      onCancel={() => (created > 0 ? onSaved() : onClose())}
      destroyOnHidden
      onOk={() => void createAll()}
      okText={t("teams.createAll")}
      okButtonProps={{
        loading: busy,
        disabled: !suggestion || !!none,
        "data-testid": "team-create-all",
      }}
    >
      {!suggestion && !error && <Spin />}
      {suggestion && (
        <div data-testid="team-suggestion">
          <Typography.Paragraph type="secondary">{t("teams.suggestHint")}</Typography.Paragraph>
          {suggestion.note && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              title={t(
                suggestion.note.kind === "fewerThanFive" ? "teams.noteFewer" : "teamNote.noTeams",
                { capable: suggestion.note.capable },
              )}
            />
          )}
          {none && !suggestion.note && <Empty description={t("teams.nothing")} />}
          {!none && (
            <List
              size="small"
              dataSource={suggestion.teams.map((s, i) => ({ ...s, name: names[i], i }))}
              renderItem={(s) => (
                <List.Item data-testid={`suggested-${s.i}`} style={{ display: "block" }}>
                  <Space wrap style={{ marginBottom: 4 }}>
                    <Typography.Text strong>{s.name}</Typography.Text>
                    <Tag color="blue">
                      {s.specialty
                        ? t("teams.specialty", { specialty: s.specialty })
                        : t("teams.noSpecialty")}
                    </Tag>
                    {s.i < created && <Tag color="success">{t("teams.saved")}</Tag>}
                  </Space>
                  <div>{listText(t, s.memberIds.map(nameOf))}</div>
                </List.Item>
              )}
            />
          )}
          {suggestion.leftOut.length > 0 && (
            <Typography.Paragraph style={{ marginTop: 8 }} data-testid="suggest-left-out">
              <Typography.Text type="secondary">{t("teams.leftOut")}</Typography.Text>
              {listText(t, suggestion.leftOut.map(nameOf))}
            </Typography.Paragraph>
          )}
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} data-testid="suggest-error" />}
    </Modal>
  );
}
