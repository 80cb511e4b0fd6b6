import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { demoData } from "../../test/fakeBackend";
import { renderWithApp } from "../../test/render";
import { CommitteeCard } from "./CommitteeCard";

const candidates = demoData().members.filter((m) => m.branchId === "b1" && !m.archivedOn);

function show(answer: (cmd: string, args: Record<string, unknown>) => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    return answer(cmd, args as Record<string, unknown>);
  });
  const onSaved = vi.fn();
  renderWithApp(
    <CommitteeCard branchId="b1" candidates={candidates} version={0} onSaved={onSaved} />,
  );
  return { calls, onSaved };
}

describe("CommitteeCard", () => {
  it("shows the current holders and saves the seats as set_committee expects", async () => {
    const { calls, onSaved } = show((cmd, args) =>
      cmd === "committee" ? [{ role: "secretary", memberId: "m1" }] : args.seats,
    );
    expect(await screen.findByText("王建国")).toBeInTheDocument();
    fireEvent.click(screen.getByTestId("committee-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls).toContainEqual({
      cmd: "set_committee",
      args: { branchId: "b1", seats: [{ role: "secretary", memberId: "m1" }] },
    });
    expect(await screen.findByText("支部成员已保存")).toBeInTheDocument();
  });

  it("a refused committee is explained in Chinese", async () => {
    const { onSaved } = show((cmd) => {
      if (cmd === "committee") return [];
      throw { code: "seatArchivedMember", message: "m5 archived", fields: [] };
    });
    fireEvent.click(await screen.findByTestId("committee-save"));
    expect(await screen.findByText("已归档的党员不能担任支部成员")).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });
});
