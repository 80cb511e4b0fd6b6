import { App, Button, Card, Col, Row, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import { errorMessage } from "../errors";
import { loadDemo } from "../ipc/app";
import { useErrorNotice } from "../shell/useErrorNotice";

/** First run (no towns yet): try the demo town, or start with an empty register. */
export function WelcomePage({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [loading, setLoading] = useState(false);

  const demo = async () => {
    setLoading(true);
    try {
      const s = await loadDemo();
      message.success(t("welcome.demoLoaded", s));
      onDone();
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div style={{ maxWidth: 760, margin: "48px auto" }} data-testid="welcome">
      <Typography.Title level={2}>{t("welcome.title")}</Typography.Title>
      <Typography.Paragraph style={{ fontSize: 15 }}>{t("welcome.body")}</Typography.Paragraph>
      <Row gutter={16} style={{ marginTop: 24 }}>
        <Col span={12}>
          <Card style={{ height: "100%" }}>
            <Typography.Paragraph>{t("welcome.demoHint")}</Typography.Paragraph>
            <Button
              type="primary"
              size="large"
              loading={loading}
              onClick={demo}
              data-testid="start-demo"
            >
              {t("welcome.demo")}
            </Button>
          </Card>
        </Col>
        <Col span={12}>
          <Card style={{ height: "100%" }}>
            <Typography.Paragraph>{t("welcome.emptyHint")}</Typography.Paragraph>
            <Button size="large" disabled={loading} onClick={onDone} data-testid="start-empty">
              {t("welcome.empty")}
            </Button>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
