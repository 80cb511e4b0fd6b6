import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { ApiError } from "./bindings/ApiError";
import type { ErrorCode } from "./bindings/ErrorCode";
import {
  ERROR_KEYS,
  errorMessage,
  fieldMessage,
  IMPORT_FILE_KEYS,
  IMPORT_PROBLEM_KEYS,
  importProblemMessage,
  RULE_KEYS,
} from "./errors";
import i18n from "./i18n";
import { call, toApiError } from "./ipc/core";
import { appToday } from "./lib/today";

const zh = i18n.getFixedT("zh-CN");
const en = i18n.getFixedT("en");
const apiError = (code: ErrorCode) => ({ code, message: "log text", fields: [] });

describe("error codes", () => {
  it("every ErrorCode has its own Chinese and English message", () => {
    const codes = Object.keys(ERROR_KEYS) as ErrorCode[];
    // The IPC layer accepts exactly these codes (anything else becomes "internal").
    for (const c of codes) expect(toApiError({ code: c }).code).toBe(c);
    expect(toApiError({ code: "noSuchCode" }).code).toBe("internal");
    const zhTexts = codes.map((c) => errorMessage(zh, apiError(c)));
    for (const [i, text] of zhTexts.entries()) {
      expect(text, codes[i]).not.toBe(ERROR_KEYS[codes[i]]);
      expect(text, codes[i]).toMatch(/[\u4e00-\u9fff]/);
      expect(errorMessage(en, apiError(codes[i]))).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(new Set(zhTexts).size).toBe(codes.length);
  });

  it("words the review refusals in Chinese, a second review of a quarter in its own words", () => {
    expect(errorMessage(zh, apiError("reviewLocked"))).toContain("已定稿");
    expect(errorMessage(zh, apiError("tooManyBallots"))).toContain("登记的评议人数");
    expect(errorMessage(zh, apiError("branchNotInReview"))).toContain("不属于本社区");
    expect(errorMessage(zh, apiError("branchesWithoutBallots"))).toContain("不能定稿");
    expect(errorMessage(zh, apiError("duplicate"), "review")).toBe("本社区该季度已有评议");
  });

  it("names the altered review and what differs, in both languages", () => {
    const broken = (kind: "data" | "head", parts: string[]) =>
      toApiError({
        code: "reviewAltered",
        message: "log",
        fields: [],
        chainBreak: {
          seq: 4,
          reviewId: "r1",
          action: "tally",
          kind,
          parts,
          anchored: { entries: 5, hash: "aa" },
          logged: { entries: 4, hash: "bb" },
          review: { community: "杏花社区", year: 2026, quarter: 3 },
        },
      });
    const data = errorMessage(zh, broken("data", ["totals"]));
    expect(data).toContain("杏花社区 2026 年第 3 季度");
    expect(data).toContain("汇总票数在最后一条审计记录之后被改动");
    expect(errorMessage(zh, broken("head", []))).toContain("评议登记 5 条，日志中只有 4 条");
    expect(errorMessage(en, broken("data", ["ballots"]))).toContain("2026 Q3");
    expect(errorMessage(en, broken("data", ["ballots"]))).toContain("ballots changed");
    // Without the break (an old window, a stray error) the general sentence still says it.
    expect(errorMessage(zh, apiError("reviewAltered"))).toContain("与审计记录不符");
  });

  it("words the backup refusals in Chinese: not a backup, damaged, too new, file in use", () => {
    expect(errorMessage(zh, apiError("notABackup"))).toContain("不是支部活动规划的备份文件");
    expect(errorMessage(zh, apiError("backupDamaged"))).toContain("当前数据没有改动");
    expect(errorMessage(zh, apiError("backupTooNew"))).toContain("更新版本");
    expect(errorMessage(zh, apiError("databaseBusy"))).toContain("另一个窗口");
  });

  it("says why a member file could not be read, naming a missing column", () => {
    const unreadable = (importReason: string, subject?: string) =>
      toApiError({ code: "importFile", message: "log", fields: [], importReason, subject });
    const reasons = Object.keys(IMPORT_FILE_KEYS);
    const texts = reasons.map((r) => errorMessage(zh, unreadable(r, "姓名")));
    expect(new Set(texts).size).toBe(reasons.length);
    for (const r of reasons) {
      expect(errorMessage(en, unreadable(r, "姓名"))).not.toMatch(/[\u4e00-\u9fff]{3}/);
    }
    expect(errorMessage(zh, unreadable("missingColumn", "支部"))).toContain("没有“支部”列");
    expect(errorMessage(zh, unreadable("empty"))).toContain("该文件是空的");
    expect(errorMessage(zh, unreadable("notASpreadsheet"))).toContain("改了扩展名");
    // An unknown reason falls back to the general sentence rather than a key.
    expect(errorMessage(zh, unreadable("noSuchReason"))).toBe(
      "无法读取该文件，请选择 Excel（xlsx/xls）或 CSV 表格",
    );
    expect(errorMessage(zh, apiError("registerNotEmpty"))).toContain("空的数据库");
    expect(
      errorMessage(zh, { ...apiError("memberBoundToBranch"), subject: "蔬菜技术服务组" }),
    ).toBe("该党员在本支部的“蔬菜技术服务组”中，请先在组团或示范点中换人，再调到其他支部");
  });

  it("words the committee errors in Chinese", () => {
    expect(errorMessage(zh, apiError("seatTwice"))).toBe("同一名党员不能同时担任两个职务");
    expect(errorMessage(zh, apiError("memberHoldsSeat"))).toContain("支部成员");
  });

  it("words the team errors with 组团, and a team's duplicate and in-use in its own words", () => {
    expect(errorMessage(zh, apiError("teamSize"))).toBe("一个组团须有 5 至 8 名有能力的党员");
    expect(errorMessage(zh, apiError("teamMemberTaken"))).toContain("组团");
    expect(errorMessage(zh, apiError("inUse"), "team")).toBe("该组团已创建示范点，不能删除");
    expect(errorMessage(zh, apiError("duplicate"), "team")).toBe("本年已有同名的组团");
    expect(errorMessage(zh, apiError("inUse"))).toBe("该记录正在被使用，不能删除");
  });

  it("names the file a photo error is about, in both languages", () => {
    const err = toApiError({
      code: "notAnImage",
      message: "x",
      fields: [],
      subject: "会议纪要.docx",
    });
    expect(err.subject).toBe("会议纪要.docx");
    expect(errorMessage(zh, err)).toContain("“会议纪要.docx”不是可以添加的照片");
    expect(errorMessage(en, err)).toContain("“会议纪要.docx” is not a photo");
    expect(errorMessage(zh, { ...err, code: "fileTooLarge" })).toContain("超过 20 MB");
  });

  it("a full disk, a read-only place and a missing file each say what to do", () => {
    expect(errorMessage(zh, { code: "diskFull", message: "x", fields: [] })).toContain(
      "磁盘空间已满",
    );
    expect(errorMessage(zh, { code: "readOnly", message: "x", fields: [] })).toContain(
      "只能查看，不能保存修改",
    );
    const missing = {
      code: "fileMissing",
      message: "x",
      fields: [],
      subject: "/media/u/备份.bpbak",
    };
    expect(errorMessage(zh, missing as ApiError)).toContain("找不到文件“/media/u/备份.bpbak”");
    expect(errorMessage(en, missing as ApiError)).toContain("“/media/u/备份.bpbak” is not there");
  });

  it("never reads the message: the same code gives the same words", () => {
    const a = errorMessage(zh, { code: "io", message: "disk full", fields: [] });
    const b = errorMessage(zh, { code: "io", message: "permission denied", fields: [] });
    expect(a).toBe(b);
  });

  it("every rule and import problem has a Chinese message", () => {
    for (const key of [...Object.values(RULE_KEYS), ...Object.values(IMPORT_PROBLEM_KEYS)]) {
      expect(zh(key), key).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(importProblemMessage(zh, "unknownBranch")).toBe("找不到该支部");
  });
});

describe("field errors", () => {
  it("uses the member form's own wording", () => {
    expect(fieldMessage(zh, "member", { field: "name", rule: "required" })).toBe("请输入姓名");
    expect(fieldMessage(zh, "member", { field: "phone", rule: "badPhone" })).toBe(
      "请输入有效的手机号或带区号的固定电话",
    );
    const year = appToday().toDate().getFullYear() - 18;
    expect(fieldMessage(zh, "member", { field: "birthYear", rule: "badYear" })).toContain(
      String(year),
    );
    expect(fieldMessage(zh, "member", { field: "joinedOn", rule: "future" })).toBe(
      "入党日期不能晚于今天",
    );
    expect(fieldMessage(zh, "member", { field: "joinedOn", rule: "badDate" })).toContain("18");
    expect(fieldMessage(zh, "member", { field: "name", rule: "tooLong" })).toContain("30");
  });

  it("a town's name is 名称, not 姓名", () => {
    expect(fieldMessage(zh, "org", { field: "name", rule: "required" })).toBe("请输入名称");
  });

  it("falls back to the rule's generic message for an unknown field", () => {
    expect(fieldMessage(zh, "member", { field: "somethingNew", rule: "tooLong" })).toBe("内容太长");
  });
});

describe("IPC errors", () => {
  it("a string rejection becomes code internal", () => {
    expect(toApiError("command foo not found")).toEqual({
      code: "internal",
      message: "command foo not found",
      fields: [],
    });
  });

  it("call() passes an ApiError through unchanged", async () => {
    const err = { code: "invalid", message: "x", fields: [{ field: "phone", rule: "badPhone" }] };
    mockIPC(() => {
      throw err;
    });
    await expect(call("save_member", {})).rejects.toEqual(err);
  });

  it("call() normalises an unknown code to internal", async () => {
    mockIPC(() => {
      throw { code: "weird", message: "?" };
    });
    await expect(call("org_tree")).rejects.toMatchObject({ code: "internal", fields: [] });
  });

  it("call() returns the command's answer", async () => {
    mockIPC((cmd) => (cmd === "org_tree" ? { towns: [] } : null));
    await expect(call("org_tree")).resolves.toEqual({ towns: [] });
  });
});
