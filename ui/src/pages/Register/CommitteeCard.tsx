import { App, Button, Card, Col, Form, Row, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../bindings/ApiError";
import type { CommitteeRole } from "../../bindings/CommitteeRole";
import type { Member } from "../../bindings/Member";
import type { SeatAssignment } from "../../bindings/SeatAssignment";
import { errorMessage } from "../../errors";
import { committee, setCommittee } from "../../ipc/register";
import { useErrorNotice } from "../../shell/useErrorNotice";

export const ROLES: CommitteeRole[] = ["secretary", "organising", "publicity"];

type Seats = Partial<Record<CommitteeRole, string>>;

type Props = {
  branchId: string;
  /** Active members of the branch: the only people who may hold a seat. */
  candidates: Member[];
  /** Bumped by the page when members change, so a seat freed elsewhere shows here. */
  version: number;
  onSaved: () => void;
};

const toSeats = (list: SeatAssignment[]): Seats =>
  Object.fromEntries(list.map((s) => [s.role, s.memberId]));

/** The three committee seats of one branch (支部书记、组织委员、宣传委员). */
export function CommitteeCard({ branchId, candidates, version, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [seats, setSeats] = useState<Seats>({});
  const [saving, setSaving] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is a reload trigger.
  useEffect(() => {
    let live = true;
    committee(branchId)
      .then((list) => live && setSeats(toSeats(list)))
      .catch((e: ApiError) => live && showError(errorMessage(t, e)));
    return () => {
      live = false;
    };
  }, [branchId, version, message, t]);

  const save = async () => {
    setSaving(true);
    try {
      const list: SeatAssignment[] = ROLES.flatMap((role) =>
        seats[role] ? [{ role, memberId: seats[role] }] : [],
      );
      setSeats(toSeats(await setCommittee(branchId, list)));
      message.success(t("committee.saved"));
      onSaved();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setSaving(false);
    }
  };

  const taken = new Set(Object.values(seats));
  return (
    <Card
      size="small"
      title={t("committee.title")}
      extra={
        <Button
          type="primary"
          size="small"
          loading={saving}
          onClick={save}
          data-testid="committee-save"
        >
          {t("committee.save")}
        </Button>
      }
    >
      <Form layout="vertical" component="div">
        <Row gutter={12}>
          {ROLES.map((role) => (
            <Col span={8} key={role}>
              <Form.Item label={t(`seat.${role}`)} style={{ marginBottom: 4 }}>
                <Select
                  data-testid={`seat-${role}`}
                  allowClear
                  placeholder={t("committee.vacant")}
                  value={seats[role]}
                  onChange={(id?: string) => setSeats((s) => ({ ...s, [role]: id }))}
                  showSearch={{ optionFilterProp: "label" }}
                  options={candidates.map((m) => ({
                    value: m.id,
                    label: m.name,
                    // One seat each: someone holding another seat is greyed out here.
                    disabled: taken.has(m.id) && seats[role] !== m.id,
                  }))}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("committee.hint")}
      </Typography.Text>
    </Card>
  );
}
