import { render } from "@testing-library/react";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import type { ReactElement } from "react";

/** Renders inside the providers the real app has (Chinese locale, antd App for messages). */
export function renderWithApp(ui: ReactElement) {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>{ui}</AntApp>
    </ConfigProvider>,
  );
}
