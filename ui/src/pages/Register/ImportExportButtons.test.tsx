import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ImportPreview } from "../../bindings/ImportPreview";
import { renderWithApp } from "../../test/render";
import { ImportExportButtons } from "./ImportExportButtons";

const preview: ImportPreview = {
  rows: [
    {
      row: 2,
      communityName: "张家庄社区",
      branchName: "蔬菜种植党支部",
      branchId: "b1",
      name: "刘春生",
      gender: "male",
      birthYear: 1975,
      phone: "13805360009",
      specialty: "",
      joinedOn: null,
      capable: true,
      problems: [],
    },
  ],
  validRows: 1,
  errorRows: 0,
  fileDigest: "9f2c",
  layout: { headerRow: 1, columns: [{ header: "姓名", field: "name" }], branchFromTitle: null },
};

function setup(importReply: () => unknown = () => ({ inserted: 1 })) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    switch (cmd) {
      case "plugin:dialog|open":
        return "/home/user/党员.xlsx";
      case "plugin:dialog|save":
        return "/home/user/党员名册.xlsx";
      case "preview_member_import":
        return preview;
      case "import_members":
        return importReply();
      case "export_register":
        return { rows: 42, path: "/home/user/党员名册.xlsx" };
    }
    return null;
  });
  const onImported = vi.fn();
  renderWithApp(<ImportExportButtons onImported={onImported} />);
  return { calls, onImported };
}

describe("import and export", () => {
  it("previews the chosen file, then imports it on confirm", async () => {
    const { calls, onImported } = setup();
    fireEvent.click(screen.getByTestId("import-members"));
    const confirm = await screen.findByTestId("import-confirm");
    expect(calls).toContainEqual({
      cmd: "preview_member_import",
      args: { path: "/home/user/党员.xlsx" },
    });
    expect(calls.some((c) => c.cmd === "import_members")).toBe(false);
    expect(confirm).toHaveTextContent("导入 1 名党员");
    fireEvent.click(confirm);
    await waitFor(() => expect(onImported).toHaveBeenCalled());
    expect(calls).toContainEqual({
      cmd: "import_members",
      args: { path: "/home/user/党员.xlsx", fileDigest: "9f2c" },
    });
    expect(await screen.findByText("已导入 1 名党员")).toBeInTheDocument();
  });

  it("says so when the file changed after its preview, and imports nothing", async () => {
    const { onImported } = setup(() => {
      throw { code: "importFile", message: "changed", fields: [], importReason: "changed" };
    });
    fireEvent.click(screen.getByTestId("import-members"));
    fireEvent.click(await screen.findByTestId("import-confirm"));
    expect(await screen.findByText(/预览之后文件已被修改，未导入任何数据/)).toBeInTheDocument();
    expect(onImported).not.toHaveBeenCalled();
  });

  it("exports to the chosen file, offering 党员名册.xlsx", async () => {
    const { calls } = setup();
    fireEvent.click(screen.getByTestId("export-register"));
    expect(
      await screen.findByText("已导出 42 名党员到 /home/user/党员名册.xlsx"),
    ).toBeInTheDocument();
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|save");
    expect(JSON.stringify(dialog?.args)).toContain("党员名册.xlsx");
    expect(calls).toContainEqual({
      cmd: "export_register",
      args: { path: "/home/user/党员名册.xlsx" },
    });
  });
});
