import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PointSummary } from "../../bindings/PointSummary";
import { renderWithApp } from "../../test/render";
import { PointVenue } from "./PointVenue";

const point = (id: string, name: string, closed = false): PointSummary => ({
  point: {
    id,
    branchId: "b1",
    name,
    category: "planting",
    location: "东坡村",
    createdOn: "2026-03-01",
    leader: { kind: "committee", memberId: "m1" },
    memberIds: [],
    description: "",
    status: closed
      ? { kind: "closed", closedOn: "2026-06-01", reason: "搬迁" }
      : { kind: "active" },
  },
  branchName: "蔬菜种植服务型党支部",
  communityName: "杏花社区",
  leaderName: "刘军",
});

describe("an activity held at a demonstration point", () => {
  it("links the chosen active point and fills the venue", async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "list_points")
        return [point("p1", "有机蔬菜示范大棚"), point("p2", "旧育苗棚", true)];
      if (cmd === "point_of_activity") return null;
      if (cmd === "set_activity_point") return null;
      throw new Error(`unexpected ${cmd}`);
    });
    const picked: string[] = [];
    renderWithApp(<PointVenue branchId="b1" activityId="a1" onPick={(v) => picked.push(v)} />);
    const select = await screen.findByTestId("activity-point");
    await waitFor(() => expect(calls.some((c) => c.cmd === "list_points")).toBe(true));
    fireEvent.mouseDown(select.querySelector(".ant-select-selector") ?? select);
    const option = await screen.findByText("有机蔬菜示范大棚");
    expect(screen.queryByText("旧育苗棚"), "a closed point is not offered").toBeNull();
    fireEvent.click(option);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "set_activity_point")?.args).toEqual({
        activityId: "a1",
        pointId: "p1",
      }),
    );
    expect(picked).toEqual(["有机蔬菜示范大棚（东坡村）"]);
  });

  it("waits for the plan to be saved before a point can be chosen", async () => {
    mockIPC((cmd) => (cmd === "list_points" ? [point("p1", "有机蔬菜示范大棚")] : null));
    renderWithApp(<PointVenue branchId="b1" activityId={null} onPick={() => {}} />);
    expect(await screen.findByText("保存计划后可选择示范点")).toBeInTheDocument();
  });
});
