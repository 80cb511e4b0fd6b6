import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AppSettings } from "../../bindings/AppSettings";
import type { BackupList } from "../../bindings/BackupList";
import type { BackupManifest } from "../../bindings/BackupManifest";
import { renderWithApp } from "../../test/render";
import { BackupCard, formatBytes } from "./BackupCard";

const manifest: BackupManifest = {
  format: "branch-planner-backup",
  formatVersion: 1,
  appVersion: "0.1.0",
  createdAt: "2026-11-20T08:15:42",
  schemaVersion: 8,
  counts: {
    towns: 1,
    communities: 2,
    branches: 8,
    members: 203,
    activities: 96,
    points: 5,
    reviews: 4,
    photos: 17,
  },
  databaseBytes: 1_200_000,
  photoFiles: 34,
  photoBytes: 5_400_000,
  reviewAudit: {
    entries: 57,
    hash: "3f2a9c1b7e0d55aa00112233445566778899aabbccddeeff0011223344556677",
  },
};

const list: BackupList = {
  dir: "/home/user/.local/share/branch-planner/backups",
  keep: 10,
  files: [
    {
      name: "支部活动规划备份-2026-11-27-083000.bpbak",
      path: "/home/user/.local/share/branch-planner/backups/支部活动规划备份-2026-11-27-083000.bpbak",
      createdAt: "2026-11-27T08:30:00",
      bytes: 2_621_440,
    },
    {
      name: "支部活动规划备份-2026-11-26-091500.bpbak",
      path: "/home/user/.local/share/branch-planner/backups/支部活动规划备份-2026-11-26-091500.bpbak",
      createdAt: "2026-11-26T09:15:00",
      bytes: 840_000,
    },
  ],
};

type Call = { cmd: string; args: Record<string, unknown> };

function setup(opts: { files?: BackupList["files"]; inspect?: unknown } = {}) {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    switch (cmd) {
      case "list_backups":
        return { ...list, files: opts.files ?? list.files };
      case "backup_file_name":
        return "支部活动规划备份-2026-11-27-101010.bpbak";
      case "plugin:dialog|save":
        return "/media/usb/支部活动规划备份-2026-11-27-101010.bpbak";
      case "plugin:dialog|open":
        return "/media/usb/旧备份.bpbak";
      case "backup_now":
        return {
          path: "/media/usb/支部活动规划备份-2026-11-27-101010.bpbak",
          bytes: 3_145_728,
          manifest,
        };
      case "inspect_backup":
        if (opts.inspect) throw opts.inspect;
        return manifest;
      case "restore_backup":
        return { restored: manifest, safetyBackup: "/x/backups/a.bpbak" };
    }
    return null;
  });
  const settings: AppSettings = { language: "zh-CN", reminderDaysBefore: 3, autoBackupKeep: 10 };
  const onSettings = vi.fn(async (_: AppSettings) => {});
  const onRestored = vi.fn();
  renderWithApp(<BackupCard settings={settings} onSettings={onSettings} onRestored={onRestored} />);
  return { calls, onSettings, onRestored };
}

describe("backup card", () => {
  it("lists the automatic backups with date and size, newest first", async () => {
    setup();
    const table = await screen.findByTestId("backup-list");
    await within(table).findByText("2026-11-27 08:30:00");
    const rows = within(table).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("2026-11-27 08:30:00");
    expect(rows[1]).toHaveTextContent("2.5 MB");
    expect(rows[2]).toHaveTextContent("2026-11-26 09:15:00");
    expect(rows[2]).toHaveTextContent("820 KB");
    expect(screen.getByTestId("backup-dir")).toHaveTextContent(
      "自动备份文件夹：/home/user/.local/share/branch-planner/backups",
    );
  });

  it("says what to do when there is no automatic backup yet", async () => {
    setup({ files: [] });
    expect(await screen.findByText(/还没有自动备份/)).toBeInTheDocument();
  });

  it("backs up now to the chosen file, offering the dated name", async () => {
    const { calls } = setup();
    fireEvent.click(screen.getByTestId("backup-now"));
    expect(
      await screen.findByText(
        "已备份到 /media/usb/支部活动规划备份-2026-11-27-101010.bpbak（3.0 MB）",
      ),
    ).toBeInTheDocument();
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|save");
    expect(JSON.stringify(dialog?.args)).toContain("支部活动规划备份-2026-11-27-101010.bpbak");
    expect(calls).toContainEqual({
      cmd: "backup_now",
      args: { path: "/media/usb/支部活动规划备份-2026-11-27-101010.bpbak" },
    });
  });

  it("shows what a backup holds and restores only after confirming", async () => {
    const { calls, onRestored } = setup();
    fireEvent.click(screen.getByTestId("backup-restore"));
    const shown = await screen.findByTestId("backup-manifest");
    expect(shown).toHaveTextContent("2026-11-20 08:15:42");
    expect(shown).toHaveTextContent("党员203");
    expect(shown).toHaveTextContent("照片17");
    // The head of the review audit chain, as the finalised report's footer prints it.
    expect(shown).toHaveTextContent("共 57 条记录，末条哈希 3f2a9c1b7e0d");
    expect(shown).toHaveTextContent("会先把当前数据自动备份");
    expect(calls).toContainEqual({
      cmd: "inspect_backup",
      args: { path: "/media/usb/旧备份.bpbak" },
    });
    expect(calls.some((c) => c.cmd === "restore_backup")).toBe(false);

    fireEvent.click(screen.getByTestId("backup-restore-confirm"));
    await waitFor(() => expect(onRestored).toHaveBeenCalled());
    expect(calls).toContainEqual({
      cmd: "restore_backup",
      args: { path: "/media/usb/旧备份.bpbak" },
    });
  });

  it("restores an automatic backup from the list", async () => {
    const { calls } = setup();
    const name = list.files[1].name;
    fireEvent.click(await screen.findByTestId(`backup-restore-${name}`));
    await screen.findByTestId("backup-manifest");
    expect(calls).toContainEqual({ cmd: "inspect_backup", args: { path: list.files[1].path } });
  });

  it("a file that is not a backup is refused in Chinese and nothing is restored", async () => {
    const { calls, onRestored } = setup({
      inspect: { code: "notABackup", message: "x", fields: [] },
    });
    fireEvent.click(screen.getByTestId("backup-restore"));
    expect(await screen.findByText("所选文件不是支部活动规划的备份文件")).toBeInTheDocument();
    expect(screen.queryByTestId("backup-manifest")).toBeNull();
    expect(calls.some((c) => c.cmd === "restore_backup")).toBe(false);
    expect(onRestored).not.toHaveBeenCalled();
  });

  it("saves how many automatic backups to keep", async () => {
    const { onSettings } = setup();
    const keep = screen.getByTestId("backup-keep");
    fireEvent.change(keep, { target: { value: "5" } });
    fireEvent.click(screen.getByTestId("backup-keep-save"));
    await waitFor(() =>
      expect(onSettings).toHaveBeenCalledWith({
        language: "zh-CN",
        reminderDaysBefore: 3,
        autoBackupKeep: 5,
      }),
    );
  });

  it("formats sizes", () => {
    expect(formatBytes(12)).toBe("12 B");
    expect(formatBytes(2048)).toBe("2 KB");
    expect(formatBytes(1_572_864)).toBe("1.5 MB");
  });
});
