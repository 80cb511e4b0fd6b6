import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { type ReactNode, useEffect } from "react";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import type { PrintPreview } from "../../bindings/PrintPreview";
import { appToday } from "../../lib/today";
import { OrgProvider, useOrg } from "../../state/org";
import { demoData } from "../../test/fakeBackend";
import { findEnabled, renderWithApp } from "../../test/render";
import { PrintPage } from "./PrintPage";

const YEAR = appToday().year();
const PNG = "data:image/png;base64,iVBORw0KGgo=";

type Call = { cmd: string; args: Record<string, unknown> };

/** A backend with the demo register and print commands answering `preview` (or failing). */
function backend(previewReply: PrintPreview | ApiError) {
  const calls: Call[] = [];
  const { tree } = demoData();
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case "org_tree":
        return tree();
      case "print_preview":
        if ("code" in previewReply) throw previewReply;
        return previewReply;
      case "print_open":
        return {
          path: "/tmp/branch-planner-print/a.pdf",
          font: "Noto Sans CJK SC",
          pages: 1,
          sizeBytes: 1,
        };
      case "plugin:dialog|save":
        return "/home/u/日历.pdf";
      case "print_file_name":
        return "蔬菜种植党支部-2026年活动日历.pdf";
      case "export_xlsx_name":
        return "蔬菜种植党支部-2026年活动.xlsx";
      case "export_xlsx":
        return { path: "/home/u/活动.xlsx", sizeBytes: 1 };
      case "print_save":
        return { path: "/home/u/日历.pdf", font: "Noto Sans CJK SC", pages: 1, sizeBytes: 1 };
      default:
        throw { code: "internal", message: `unexpected ${cmd}`, fields: [] };
    }
  });
  return calls;
}

const preview: PrintPreview = {
  font: "Noto Sans CJK SC",
  fontFiles: ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"],
  pageWidthMm: 297,
  pageHeightMm: 210,
  pages: [{ dataUrl: PNG }],
  fileName: "蔬菜种植党支部-2026年活动日历.pdf",
};

/** The page as a secretary of 蔬菜种植党支部 sees it (scope chosen in the top bar). */
function AsBranch({ children }: { children: ReactNode }) {
  const { tree, scope, setScope } = useOrg();
  useEffect(() => setScope({ kind: "branch", id: "b1" }), [setScope]);
  return tree && scope ? children : null;
}

const renderPage = () =>
  renderWithApp(
    <OrgProvider>
      <AsBranch>
        <PrintPage />
      </AsBranch>
    </OrgProvider>,
  );

describe("打印 page", () => {
  it("previews the branch's year calendar with the font used, then prints and saves it", async () => {
    const calls = backend(preview);
    renderPage();
    fireEvent.click(await findEnabled("print-preview"));
    expect(await screen.findByText("字体：Noto Sans CJK SC")).toBeInTheDocument();
    expect(screen.getByText("共 1 页，297×210 毫米")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "1" })).toHaveAttribute("src", PNG);
    expect(calls.find((c) => c.cmd === "print_preview")?.args.job).toEqual({
      kind: "yearCalendar",
      branchId: "b1",
      year: YEAR,
      paper: "a4",
    });

    fireEvent.click(await findEnabled("print-open"));
    expect(await screen.findByText(/已在系统阅读器中打开/)).toBeInTheDocument();

    fireEvent.click(await findEnabled("print-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "print_save")).toBe(true));
    const save = calls.find((c) => c.cmd === "print_save");
    expect(save?.args.path).toBe("/home/u/日历.pdf");
    expect(await screen.findByText("已保存：/home/u/日历.pdf")).toBeInTheDocument();
  });

  it("names each character the font lacks and where it occurs, in Chinese", async () => {
    backend({
      code: "missingGlyph",
      message: "the font Noto Sans CJK SC lacks 𪛖",
      fields: [],
      glyphs: [{ character: "𪛖", codepoint: "U+2A6D6", field: "rows[1].name", text: "李𪛖" }],
    });
    renderPage();
    fireEvent.click(await findEnabled("print-preview"));
    const alert = await screen.findByTestId("print-error");
    expect(alert).toHaveTextContent("打印字体缺少部分字符");
    expect(alert).toHaveTextContent("“𪛖”（U+2A6D6）出现在“李𪛖”（rows[1].name）");
    expect(screen.queryByTestId("print-pages")).not.toBeInTheDocument();
  });

  it("tells the user which font package to install when there is no Chinese font", async () => {
    backend({ code: "noFont", message: "no Chinese font", fields: [] });
    renderPage();
    fireEvent.click(await findEnabled("print-preview"));
    await waitFor(() =>
      expect(screen.getByTestId("print-error")).toHaveTextContent("fonts-noto-cjk"),
    );
  });

  it("exports the branch's activities of the year as Excel", async () => {
    const calls = backend(preview);
    renderPage();
    fireEvent.click(await findEnabled("print-xlsx"));
    fireEvent.click(await screen.findByTestId("print-xlsx-activities"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "export_xlsx")).toBe(true));
    const job = { kind: "activities", branchId: "b1", year: YEAR };
    expect(calls.find((c) => c.cmd === "export_xlsx_name")?.args.job).toEqual(job);
    expect(calls.find((c) => c.cmd === "export_xlsx")?.args.job).toEqual(job);
    expect(await screen.findByText("已保存：/home/u/活动.xlsx")).toBeInTheDocument();
    // Word is offered only for the activity record and the review report.
    expect(screen.queryByTestId("print-docx")).not.toBeInTheDocument();
  });

  it("a PDF saved without a preview is offered under the core's name, not document.pdf", async () => {
    const calls = backend(preview);
    renderPage();
    fireEvent.click(await findEnabled("print-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "print_save")).toBe(true));
    expect(calls.some((c) => c.cmd === "print_preview")).toBe(false);
    expect(calls.find((c) => c.cmd === "print_file_name")?.args.job).toEqual({
      kind: "yearCalendar",
      branchId: "b1",
      year: YEAR,
      paper: "a4",
    });
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|save");
    expect(JSON.stringify(dialog?.args)).toContain("蔬菜种植党支部-2026年活动日历.pdf");
  });
});
