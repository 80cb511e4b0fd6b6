import type { Channel } from "@tauri-apps/api/core";
import { mockIPC } from "@tauri-apps/api/mocks";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { type ReactNode, useEffect } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import type { BatchOutcome } from "../../bindings/BatchOutcome";
import type { BatchProgress } from "../../bindings/BatchProgress";
import type { BatchRequest } from "../../bindings/BatchRequest";
import type { Scope } from "../../lib/orgTree";
import { OrgProvider, useOrg } from "../../state/org";
import { resetBatch } from "../../state/printBatch";
import { demoData } from "../../test/fakeBackend";
import { findEnabled, renderWithApp } from "../../test/render";
import { BatchPrint } from "./BatchPrint";

const FOLDER = "/home/u/日历";
const FILES = [
  "张家庄社区-蔬菜种植党支部-2026年活动日历.pdf",
  "张家庄社区-农机服务党支部-2026年活动日历.pdf",
];

/**
 * A backend whose batch runs only as far as the test drives it: `send` delivers a progress
 * message through the real Channel callback path (with its index), `finish` resolves the
 * command with an outcome, and `cancel_print_batch` ends it as cancelled after the documents
 * sent so far — as the core does between documents.
 */
function batchBackend() {
  const { tree } = demoData();
  const state = {
    cmds: [] as string[],
    request: null as BatchRequest | null,
    folder: null as string | null,
    sent: 0,
    written: [] as string[],
    finish: (_outcome: BatchOutcome) => {},
    fail: (_error: unknown) => {},
    channel: null as Channel<BatchProgress> | null,
  };
  const outcome = (over: Partial<BatchOutcome>): BatchOutcome => ({
    folder: FOLDER,
    total: 2,
    written: state.written.length,
    files: [...state.written],
    cancelled: false,
    failed: [],
    font: "Noto Sans CJK SC",
    ...over,
  });
  const send = (progress: BatchProgress) => {
    const channel = state.channel;
    if (!channel) throw new Error("no batch running");
    const internals = (
      window as unknown as {
        __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void };
      }
    ).__TAURI_INTERNALS__;
    act(() => internals.runCallback(channel.id, { index: state.sent, message: progress }));
    state.sent += 1;
    if (progress.file) state.written.push(progress.file);
  };
  mockIPC((cmd, args) => {
    state.cmds.push(cmd);
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "org_tree":
        return tree();
      case "plugin:dialog|open":
        return FOLDER;
      case "print_batch":
        state.request = a.request as BatchRequest;
        state.folder = a.folder as string;
        state.channel = a.onProgress as Channel<BatchProgress>;
        return new Promise((resolve, reject) => {
          state.finish = resolve;
          state.fail = reject;
        });
      case "cancel_print_batch":
        state.finish(outcome({ cancelled: true }));
        return true;
      default:
        throw { code: "internal", message: `unexpected ${cmd}`, fields: [] };
    }
  });
  return { state, send, outcome };
}

function InScope({ scope, children }: { scope: Scope; children: ReactNode }) {
  const { tree, scope: current, setScope } = useOrg();
  useEffect(() => setScope(scope), [setScope, scope]);
  return tree && current ? children : null;
}

const COMMUNITY: Scope = { kind: "community", id: "c1" };

const renderBatch = (scope: Scope) =>
  renderWithApp(
    <OrgProvider>
      <InScope scope={scope}>
        <BatchPrint year={2026} month={null} paper="a4" />
      </InScope>
    </OrgProvider>,
  );

describe("批量打印", () => {
  beforeEach(() => act(resetBatch));

  it("prints the community's branches into a chosen folder, shows progress and cancels", async () => {
    const { state, send } = batchBackend();
    renderBatch(COMMUNITY);
    expect(
      await screen.findByText(/为张家庄社区的 2 个支部各打印一份2026年活动日历/),
    ).toBeInTheDocument();
    fireEvent.click(await findEnabled("print-batch"));
    await waitFor(() => expect(state.channel).not.toBeNull());
    expect(state.folder).toBe(FOLDER);
    expect(state.request).toEqual({
      townId: null,
      communityId: "c1",
      year: 2026,
      month: null,
      paper: "a4",
      excel: false,
    });

    send({ done: 0, total: 2, file: "", failed: 0 });
    expect(await screen.findByText("已完成 0 / 2")).toBeInTheDocument();
    expect(screen.getByText("正在准备……")).toBeInTheDocument();
    expect(screen.getByTestId("print-batch")).toBeDisabled();

    send({ done: 1, total: 2, file: FILES[0], failed: 0 });
    expect(await screen.findByText("已完成 1 / 2")).toBeInTheDocument();
    expect(screen.getByTestId("print-batch-file")).toHaveTextContent(`刚完成：${FILES[0]}`);
    const bar = screen.getByTestId("print-batch-progress").querySelector(".ant-progress");
    expect(bar).toHaveAttribute("aria-valuenow", "50");

    fireEvent.click(screen.getByTestId("print-batch-cancel"));
    const result = await screen.findByTestId("print-batch-result");
    expect(result).toHaveTextContent(
      `已取消：已保存 1 / 2 个文件到 ${FOLDER}，没有留下不完整的文件`,
    );
    expect(state.cmds).toContain("cancel_print_batch");
    expect(screen.queryByTestId("print-batch-progress")).not.toBeInTheDocument();
    expect(screen.getByTestId("print-batch")).toBeEnabled();
  });

  it("asks for Excel too and names the first document it could not print, in Chinese", async () => {
    const { state, send, outcome } = batchBackend();
    renderBatch({ kind: "branch", id: "b2" });
    // A branch's scope prints its community.
    expect(await screen.findByText(/为张家庄社区的 2 个支部/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole("checkbox", { name: /同时导出社区的活动日安排和示范点/ }));
    fireEvent.click(await findEnabled("print-batch"));
    await waitFor(() => expect(state.channel).not.toBeNull());
    expect(state.request?.excel).toBe(true);
    expect(state.request?.communityId).toBe("c1");
    send({ done: 0, total: 4, file: "", failed: 0 });
    send({ done: 1, total: 4, file: FILES[0], failed: 0 });
    act(() =>
      state.finish(
        outcome({
          total: 4,
          written: 3,
          failed: [
            {
              file: FILES[1],
              error: {
                code: "missingGlyph",
                message: "the font lacks 𪛖",
                fields: [],
                glyphs: [{ character: "𪛖", codepoint: "U+2A6D6", field: "name", text: "𪛖庄" }],
              },
            },
          ],
        }),
      ),
    );
    const result = await screen.findByTestId("print-batch-result");
    expect(result).toHaveTextContent(`已保存 3 / 4 个文件到 ${FOLDER}，1 个未能保存`);
    expect(result).toHaveTextContent(`第一个问题：${FILES[1]}——打印字体缺少部分字符`);
    expect(result).toHaveTextContent("“𪛖”（U+2A6D6）出现在“𪛖庄”（name）");
  });

  it("keeps running when the page is left, and shows progress and the result on return", async () => {
    const { state, send, outcome } = batchBackend();
    const first = renderBatch(COMMUNITY);
    fireEvent.click(await findEnabled("print-batch"));
    await waitFor(() => expect(state.channel).not.toBeNull());
    send({ done: 1, total: 2, file: FILES[0], failed: 0 });
    expect(await screen.findByText("已完成 1 / 2")).toBeInTheDocument();
    first.unmount();

    // Another page meanwhile; the batch goes on and reports.
    send({ done: 2, total: 2, file: FILES[1], failed: 0 });
    const back = renderBatch(COMMUNITY);
    expect(await screen.findByText("已完成 2 / 2")).toBeInTheDocument();
    expect(screen.getByTestId("print-batch-cancel")).toBeEnabled();
    expect(screen.getByTestId("print-batch")).toBeDisabled();
    back.unmount();

    act(() => state.finish(outcome({ written: 2 })));
    renderBatch(COMMUNITY);
    expect(await screen.findByTestId("print-batch-result")).toHaveTextContent(
      `已完成：2 个文件已保存到 ${FOLDER}`,
    );
    expect(await findEnabled("print-batch")).toBeEnabled();
  });

  it("says so in Chinese when another batch is already running", async () => {
    const { state } = batchBackend();
    renderBatch({ kind: "town", id: "t1" });
    expect(await screen.findByText(/为枳沟镇的 2 个支部/)).toBeInTheDocument();
    fireEvent.click(await findEnabled("print-batch"));
    await waitFor(() => expect(state.channel).not.toBeNull());
    expect(state.request?.townId).toBe("t1");
    act(() => state.fail({ code: "batchRunning", message: "busy", fields: [] }));
    expect(await screen.findByTestId("print-batch-error")).toHaveTextContent(
      "已有批量打印正在进行，请等它完成或取消后再试",
    );
  });
});
