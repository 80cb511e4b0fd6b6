import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { ImportRow } from "../../bindings/ImportRow";
import { renderWithApp } from "../../test/render";
import { ImportPreviewModal } from "./ImportPreviewModal";

const row = (n: number, over: Partial<ImportRow> = {}): ImportRow => ({
  row: n,
  communityName: "张家庄社区",
  branchName: "蔬菜种植党支部",
  branchId: "b1",
  name: `党员${n}`,
  gender: "male",
  birthYear: 1970,
  phone: "",
  specialty: "",
  joinedOn: null,
  capable: false,
  problems: [],
  ...over,
});

function show(rows: ImportRow[]) {
  const preview: ImportPreview = {
    rows,
    validRows: rows.filter((r) => !r.problems.length).length,
    errorRows: rows.filter((r) => r.problems.length).length,
    fileDigest: "0".repeat(64),
  };
  const onConfirm = vi.fn();
  renderWithApp(
    <ImportPreviewModal
      preview={preview}
      importing={false}
      onConfirm={onConfirm}
      onCancel={() => {}}
    />,
  );
  return onConfirm;
}

describe("ImportPreviewModal", () => {
  it("blocks the import while any row has a problem, and says why", () => {
    const onConfirm = show([
      row(2),
      row(3, { branchId: null, problems: ["unknownBranch", "badPhone"] }),
    ]);
    expect(screen.getByTestId("import-summary")).toHaveTextContent("共 2 行，1 行有问题");
    expect(screen.getByText("找不到该支部")).toBeInTheDocument();
    expect(screen.getByText("电话号码无效")).toBeInTheDocument();
    expect(screen.getByText(/不会写入任何数据/)).toBeInTheDocument();
    const confirm = screen.getByTestId("import-confirm");
    expect(confirm).toBeDisabled();
    expect(confirm).toHaveTextContent("导入 2 名党员");
    fireEvent.click(confirm);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("lets a clean file through", () => {
    const onConfirm = show([row(2), row(3), row(4)]);
    expect(screen.getByTestId("import-summary")).toHaveTextContent("共 3 行，0 行有问题");
    const confirm = screen.getByTestId("import-confirm");
    expect(confirm).toBeEnabled();
    expect(confirm).toHaveTextContent("导入 3 名党员");
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
