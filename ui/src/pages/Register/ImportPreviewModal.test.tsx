import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ImportLayout } from "../../bindings/ImportLayout";
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

const PLAIN_LAYOUT: ImportLayout = {
  headerRow: 1,
  columns: [
    { header: "姓名", field: "name" },
    { header: "支部", field: "branch" },
  ],
  branchFromTitle: null,
};

function show(rows: ImportRow[], layout: ImportLayout = PLAIN_LAYOUT) {
  const preview: ImportPreview = {
    rows,
    validRows: rows.filter((r) => !r.problems.length).length,
    errorRows: rows.filter((r) => r.problems.length).length,
    fileDigest: "0".repeat(64),
    layout,
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

  it("says which row is the header and what each column is read as", () => {
    show([row(4), row(5)], {
      headerRow: 3,
      columns: [
        { header: "序号", field: null },
        { header: "姓名", field: "name" },
        { header: "出生年月", field: "birthYear" },
        { header: "入党时间", field: "joinedOn" },
        { header: "备注", field: null },
      ],
      branchFromTitle: "蔬菜种植服务型党支部",
    });
    const layout = screen.getByTestId("import-layout");
    expect(layout).toHaveTextContent("第 3 行是表头，其上 2 行（标题、填报单位等）不导入");
    const tags = screen.getAllByTestId("import-column").map((tag) => tag.textContent);
    expect(tags).toEqual(["姓名", "出生年月 → 出生年份", "入党时间 → 入党日期"]);
    expect(layout).toHaveTextContent("不读取的列：序号、备注");
    expect(screen.getByTestId("import-title-branch")).toHaveTextContent(
      "这些党员将导入标题中的“蔬菜种植服务型党支部”",
    );
  });

  it("a header on the first row is not announced as skipping anything", () => {
    show([row(2)]);
    expect(screen.getByTestId("import-layout")).toHaveTextContent("第 1 行是表头");
    expect(screen.getByTestId("import-layout")).not.toHaveTextContent("不导入");
    expect(screen.queryByTestId("import-title-branch")).toBeNull();
  });
});
