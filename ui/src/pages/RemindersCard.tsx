import { BellOutlined } from "@ant-design/icons";
import { Alert, Button, List } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { appTodayIso } from "../lib/today";
import { reminderText } from "../reminders";
import {
  closeReminders,
  current,
  markRemindersRead,
  reminderKey,
  useReminders,
} from "../state/reminders";

/**
 * 党员活动日提醒 at the top of 首页: the reminders given since the app started, until closed.
 * Seeing them here clears the menu badge; a day that has passed closes its reminder by itself.
 */
export function RemindersCard() {
  const { t } = useTranslation();
  const { items, unread } = useReminders();
  const shown = current(items, appTodayIso());
  useEffect(() => {
    if (unread > 0) markRemindersRead();
  }, [unread]);
  if (shown.length === 0) return null;
  return (
    <Alert
      data-testid="home-reminders"
      type="warning"
      showIcon
      icon={<BellOutlined />}
      style={{ marginBottom: 16 }}
      title={t("reminders.title")}
      description={
        <List
          size="small"
          split={false}
          dataSource={shown}
          renderItem={(r) => (
            <List.Item
              data-testid="home-reminder"
              style={{ paddingInline: 0 }}
              actions={[
                <Button
                  key="close"
                  size="small"
                  type="link"
                  data-testid="home-reminder-close"
                  onClick={() => closeReminders(reminderKey(r))}
                >
                  {t("reminders.close")}
                </Button>,
              ]}
            >
              {reminderText(t, r).body}
            </List.Item>
          )}
        />
      }
      action={
        shown.length > 1 ? (
          <Button
            size="small"
            data-testid="home-reminders-close-all"
            onClick={() => closeReminders()}
          >
            {t("reminders.closeAll")}
          </Button>
        ) : undefined
      }
    />
  );
}
