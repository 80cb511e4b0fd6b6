import { render, screen, waitFor } from "@testing-library/react";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import type { ReactElement } from "react";
import { expect } from "vitest";

/** Renders inside the providers the real app has (Chinese locale, antd App for messages). */
export function renderWithApp(ui: ReactElement) {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>{ui}</AntApp>
    </ConfigProvider>,
  );
}

/**
 * Finds a control that starts disabled until its data loads (e.g. "新增示范点" waits for the
 * board) and waits until it is enabled: a click on a disabled button is silently ignored.
 */
export async function findEnabled(testId: string): Promise<HTMLElement> {
  await screen.findByTestId(testId);
  await waitFor(() => expect(screen.getByTestId(testId)).toBeEnabled());
  return screen.getByTestId(testId);
}
