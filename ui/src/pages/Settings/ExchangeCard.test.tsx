import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ExchangePreview } from "../../bindings/ExchangePreview";
import { renderWithApp } from "../../test/render";
import { ExchangeCard } from "./ExchangeCard";

const preview = (conflicts: ExchangePreview["conflicts"]): ExchangePreview => ({
  path: "/media/usb/种植服务型党支部-支部数据-2026-11-27.bpx",
  manifest: {
    format: "branch-planner-exchange",
    formatVersion: 1,
    appVersion: "0.1.0",
    schemaVersion: 9,
    kind: "branch",
    branchId: "b1",
    branchName: "种植服务型党支部",
    communityId: "c1",
    communityName: "桃源社区",
    createdAt: "2026-11-27T09:30:15",
    counts: [],
    photoFiles: 4,
  },
  kinds: [
    {
      kind: "member",
      new: 2,
      changed: 1,
      unchanged: 20,
      kept: 1,
      conflicting: conflicts.length,
      deleted: 0,
    },
    { kind: "activity", new: 3, changed: 0, unchanged: 9, kept: 0, conflicting: 0, deleted: 1 },
  ],
  conflicts,
  photoFiles: 4,
});

const conflict = {
  kind: "member",
  key: '["m1"]',
  label: "张三 · 1968",
  fields: [{ column: "phone", mine: "13800000001", theirs: "13900000002" }],
};

function setup(p: ExchangePreview, importError?: unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    switch (cmd) {
      case "exchange_file_name":
        return "种植服务型党支部-支部数据-2026-11-27.bpx";
      case "plugin:dialog|save":
        return "/media/usb/种植服务型党支部-支部数据-2026-11-27.bpx";
      case "plugin:dialog|open":
        return p.path;
      case "export_exchange":
        return {
          path: "/media/usb/种植服务型党支部-支部数据-2026-11-27.bpx",
          bytes: 2048,
          manifest: p.manifest,
        };
      case "preview_exchange":
        return p;
      case "import_exchange":
        if (importError) throw importError;
        return { manifest: p.manifest, kinds: p.kinds, photoFiles: 4 };
    }
    return null;
  });
  const onImported = vi.fn();
  renderWithApp(
    <ExchangeCard
      branches={[{ id: "b1", name: "种植服务型党支部", community: "桃源社区" }]}
      initialBranch="b1"
      onImported={onImported}
    />,
  );
  return { calls, onImported };
}

describe("exchange card", () => {
  it("exports the chosen branch to the file the save dialog returns", async () => {
    const { calls } = setup(preview([]));
    fireEvent.click(await screen.findByTestId("exchange-export"));
    expect(await screen.findByText(/已导出到 \/media\/usb\//)).toBeInTheDocument();
    expect(calls).toContainEqual({
      cmd: "export_exchange",
      args: {
        branchId: "b1",
        kind: "branch",
        path: "/media/usb/种植服务型党支部-支部数据-2026-11-27.bpx",
      },
    });
  });

  it("previews the counts per kind and imports when there is no conflict", async () => {
    const { calls, onImported } = setup(preview([]));
    fireEvent.click(screen.getByTestId("exchange-import"));
    const counts = await screen.findByTestId("exchange-counts");
    const member = (await within(counts).findByText("党员")).closest("tr");
    expect(member).toHaveTextContent("党员2120100");
    expect(screen.getByText("没有冲突，可以直接导入。")).toBeInTheDocument();
    expect(screen.getByText("将添加 4 个照片文件")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("exchange-confirm")).toBeEnabled());
    fireEvent.click(screen.getByTestId("exchange-confirm"));
    expect(await screen.findByText("导入完成，写入 6 条记录")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "import_exchange")?.args).toEqual({
      path: "/media/usb/种植服务型党支部-支部数据-2026-11-27.bpx",
      choices: [],
    });
    expect(onImported).toHaveBeenCalled();
  });

  it("shows both versions of a conflict and waits for a choice before importing", async () => {
    const { calls } = setup(preview([conflict]));
    fireEvent.click(screen.getByTestId("exchange-import"));
    const row = await screen.findByTestId("exchange-conflict-member");
    expect(row).toHaveTextContent("党员：张三 · 1968");
    expect(row).toHaveTextContent("13800000001");
    expect(row).toHaveTextContent("13900000002");
    expect(row).toHaveTextContent("联系电话"); // the column in words, not "phone"
    expect(row).not.toHaveTextContent("phone");
    expect(screen.getByTestId("exchange-confirm")).toBeDisabled();
    fireEvent.click(within(row).getByText("采用文件"));
    await waitFor(() => expect(screen.getByTestId("exchange-confirm")).toBeEnabled());
    fireEvent.click(screen.getByTestId("exchange-confirm"));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "import_exchange")?.args).toEqual({
        path: "/media/usb/种植服务型党支部-支部数据-2026-11-27.bpx",
        choices: [{ kind: "member", key: '["m1"]', choice: "theirs" }],
      }),
    );
  });

  it("says in Chinese why a file is refused", async () => {
    setup(preview([]), {
      code: "exchangeRefused",
      message: "x",
      fields: [],
      subject: "town「桃林镇」无法写入本机",
    });
    fireEvent.click(screen.getByTestId("exchange-import"));
    await waitFor(() => expect(screen.getByTestId("exchange-confirm")).toBeEnabled());
    fireEvent.click(screen.getByTestId("exchange-confirm"));
    expect(
      await screen.findByText(
        "交换文件与本机数据不相容，没有导入任何数据：town「桃林镇」无法写入本机",
      ),
    ).toBeInTheDocument();
  });
});
