import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { Button } from "antd";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../test/render";
import { useErrorNotice } from "./useErrorNotice";

function Failing({ text }: { text: string }) {
  const showError = useErrorNotice();
  return <Button onClick={() => showError(text)}>go</Button>;
}

describe("useErrorNotice", () => {
  afterEach(() => vi.useRealTimers());

  it("an error stays on screen a minute later, with its close button, in the lower right corner", async () => {
    vi.useFakeTimers();
    renderWithApp(<Failing text="无法保存：该名称已被使用" />);
    fireEvent.click(screen.getByText("go"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(screen.getByTestId("error-notice")).toHaveTextContent("无法保存：该名称已被使用");
    expect(screen.getByText("操作没有完成")).toBeInTheDocument();
    expect(document.querySelector(".ant-notification-bottomRight")).not.toBeNull();
    expect(document.querySelector(".ant-notification-notice-close")).not.toBeNull();
  });

  it("a second error replaces the first instead of stacking up", async () => {
    renderWithApp(<Failing text="第一条" />);
    fireEvent.click(screen.getByText("go"));
    await screen.findByTestId("error-notice");
    fireEvent.click(screen.getByText("go"));
    await waitFor(() => expect(screen.getAllByTestId("error-notice")).toHaveLength(1));
  });
});
