/// <reference types="vite/client" />
// Words and Chinese punctuation belong in zh-CN.json / en.json: written into a component they
// also show in English mode. This scans the string literals, template text and JSX text of every
// source file (comments and regular expressions are not shown to anyone and are not scanned).
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** CJK ideographs (with extension A) and the full-width punctuation Chinese text uses. */
const CHINESE = /[\u3400-\u9fff，。：；（）、「」《》【】？！]/;

const SOURCES = import.meta.glob<string>(
  ["../**/*.{ts,tsx}", "!../i18n/**", "!../bindings/**", "!../test/**", "!../**/*.test.{ts,tsx}"],
  { query: "?raw", import: "default", eager: true },
);

/** Each piece of shown text that contains Chinese, as `file:line: text`. */
function chineseText(file: string, source: string): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      if (CHINESE.test(node.text)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        found.push(`${file}:${line}: ${node.text.trim()}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("no hard-coded Chinese text outside the translation files", () => {
  it("finds the kinds of text that are shown, and skips comments and regular expressions", () => {
    const source = [
      "// 注释",
      "/** 说明 */",
      'const a = "（";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample is source text
      "const b = `${n}月`;",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample is source text
      "const c = `${x}，${y}`;",
      'const d = name.replace(/党支部$/, "");',
      "const e = <p title='标题'>正文</p>;",
    ].join("\n");
    expect(chineseText("x.tsx", source)).toEqual([
      "x.tsx:3: （",
      "x.tsx:4: 月",
      "x.tsx:5: ，",
      "x.tsx:7: 标题",
      "x.tsx:7: 正文",
    ]);
  });

  it("scans the app's sources", () => {
    const files = Object.keys(SOURCES);
    expect(files).toContain("../pages/Print/PrintPage.tsx");
    expect(files.some((f) => f.includes("/bindings/") || f.endsWith(".test.tsx"))).toBe(false);
  });

  it("the components, pages and helpers have none", () => {
    const found = Object.entries(SOURCES).flatMap(([file, source]) =>
      chineseText(file.replace(/^\.\.\//, "src/"), source),
    );
    expect(found, "move these into i18n/zh-CN.json and en.json").toEqual([]);
  });
});
