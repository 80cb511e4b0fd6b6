import { mockIPC } from "@tauri-apps/api/mocks";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Reminder } from "./bindings/Reminder";
import i18n from "./i18n";
import { checkReminders, reminderText } from "./reminders";

const plugin = vi.hoisted(() => ({
  isPermissionGranted: vi.fn(async () => true),
  requestPermission: vi.fn(async () => "granted"),
  sendNotification: vi.fn(),
}));
vi.mock("@tauri-apps/plugin-notification", () => plugin);

const zh = i18n.getFixedT("zh-CN");

const due: Reminder[] = [
  {
    kind: "before",
    branchId: "b1",
    branchName: "蔬菜种植服务型党支部",
    date: "2026-03-12",
    daysUntil: 3,
    startTime: "08:30",
    venue: "党群服务中心",
  },
  {
    kind: "onDay",
    branchId: "b2",
    branchName: "农机服务党支部",
    date: "2026-03-09",
    daysUntil: 0,
    startTime: "14:00",
    venue: "",
  },
];

function backend() {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === "due_reminders") return due;
    return null;
  });
  return calls;
}

describe("reminders", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    plugin.isPermissionGranted.mockResolvedValue(true);
  });

  it("words a reminder like the secretary reads it", () => {
    expect(reminderText(zh, due[0])).toEqual({
      title: "党员活动日提醒",
      body: "蔬菜种植服务型党支部 3 天后（3月12日 08:30，党群服务中心）",
    });
    expect(reminderText(zh, due[1]).body).toBe("农机服务党支部 今天（3月9日 14:00）");
  });

  it("two due reminders: two OS notifications, two in the window, both marked shown", async () => {
    const calls = backend();
    const shown = vi.fn();
    const handled = await checkReminders(zh, shown);
    expect(handled).toEqual(due);
    expect(calls[0]).toEqual({
      cmd: "due_reminders",
      args: { scope: { townId: null, communityId: null, branchId: null } },
    });
    expect(plugin.sendNotification).toHaveBeenCalledTimes(2);
    expect(plugin.sendNotification).toHaveBeenCalledWith({
      title: "党员活动日提醒",
      body: "蔬菜种植服务型党支部 3 天后（3月12日 08:30，党群服务中心）",
    });
    expect(shown).toHaveBeenCalledTimes(2);
    expect(calls.filter((c) => c.cmd === "mark_reminders_shown")).toEqual([
      { cmd: "mark_reminders_shown", args: { shown: due } },
    ]);
  });

  it("no notification daemon: the window still shows them and they are marked", async () => {
    const calls = backend();
    plugin.sendNotification.mockImplementation(() => {
      throw new Error("org.freedesktop.Notifications not available");
    });
    const shown = vi.fn();
    await checkReminders(zh, shown);
    expect(shown).toHaveBeenCalledTimes(2);
    expect(calls.map((c) => c.cmd)).toEqual(["due_reminders", "mark_reminders_shown"]);
  });

  it("permission refused: no OS notification, the window shows them", async () => {
    backend();
    plugin.isPermissionGranted.mockResolvedValue(false);
    plugin.requestPermission.mockResolvedValue("denied");
    const shown = vi.fn();
    await checkReminders(zh, shown);
    expect(plugin.sendNotification).not.toHaveBeenCalled();
    expect(shown).toHaveBeenCalledTimes(2);
  });

  it("nothing due: nothing shown, nothing marked", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return cmd === "due_reminders" ? [] : null;
    });
    const shown = vi.fn();
    expect(await checkReminders(zh, shown)).toEqual([]);
    expect(shown).not.toHaveBeenCalled();
    expect(calls).toEqual(["due_reminders"]);
  });
});
