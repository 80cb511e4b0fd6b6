import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Member } from "../bindings/Member";
import type { MemberDraft } from "../bindings/MemberDraft";
import { renderWithApp } from "../test/render";
import { MemberForm } from "./MemberForm";

const BRANCHES = [{ label: "张家庄社区", options: [{ value: "b1", label: "蔬菜种植党支部" }] }];

type Call = { cmd: string; args: Record<string, unknown> };

function setup(answer: (call: Call) => unknown) {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const call = { cmd, args: args as Record<string, unknown> };
    calls.push(call);
    return answer(call);
  });
  const onSaved = vi.fn();
  renderWithApp(
    <MemberForm
      member={null}
      defaultBranchId="b1"
      branches={BRANCHES}
      onSaved={onSaved}
      onClose={() => {}}
    />,
  );
  return { calls, onSaved };
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

/** The form item (label + control + error) that holds the given control. */
const itemOf = (testId: string) =>
  screen.getByTestId(testId).closest(".ant-form-item") as HTMLElement;

describe("MemberForm", () => {
  it("an empty name shows 请输入姓名 and nothing is sent", async () => {
    const { calls } = setup(() => null);
    type("member-birth-year", "1970");
    fireEvent.click(screen.getByTestId("member-save"));
    expect(await within(itemOf("member-name")).findByText("请输入姓名")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "save_member")).toEqual([]);
  });

  it("a bad phone is caught before saving", async () => {
    const { calls } = setup(() => null);
    type("member-name", "王建国");
    type("member-birth-year", "1970");
    type("member-phone", "12345");
    fireEvent.click(screen.getByTestId("member-save"));
    expect(
      await within(itemOf("member-phone")).findByText("请输入有效的手机号或带区号的固定电话"),
    ).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("a valid form sends the draft save_member expects", async () => {
    const saved: Member = {
      id: "m1",
      branchId: "b1",
      branchName: "蔬菜种植党支部",
      communityName: "张家庄社区",
      name: "王建国",
      gender: "male",
      birthYear: 1970,
      phone: "13805361234",
      specialty: "大棚蔬菜",
      joinedOn: null,
      capable: true,
      archivedOn: null,
      seat: null,
    };
    const { calls, onSaved } = setup(({ cmd }) => (cmd === "save_member" ? saved : null));
    type("member-name", "  王建国 ");
    type("member-birth-year", "1970");
    type("member-phone", "13805361234");
    type("member-specialty", "大棚蔬菜");
    fireEvent.click(screen.getByTestId("member-capable"));
    fireEvent.click(screen.getByTestId("member-save"));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    const draft: MemberDraft = {
      branchId: "b1",
      name: "王建国",
      gender: "male",
      birthYear: 1970,
      phone: "13805361234",
      specialty: "大棚蔬菜",
      joinedOn: null,
      capable: true,
    };
    expect(calls).toEqual([{ cmd: "save_member", args: { id: null, draft } }]);
    expect(await screen.findByText("已保存党员 王建国")).toBeInTheDocument();
  });

  it("a server field error is shown next to its field", async () => {
    const { calls, onSaved } = setup(() => {
      throw { code: "invalid", message: "phone", fields: [{ field: "phone", rule: "badPhone" }] };
    });
    type("member-name", "李秀英");
    type("member-birth-year", "1965");
    fireEvent.click(screen.getByTestId("member-save"));
    expect(
      await within(itemOf("member-phone")).findByText("请输入有效的手机号或带区号的固定电话"),
    ).toBeInTheDocument();
    expect(calls.map((c) => c.cmd)).toEqual(["save_member"]);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("a duplicate is shown at the name", async () => {
    setup(() => {
      throw { code: "duplicate", message: "dup", fields: [] };
    });
    type("member-name", "李秀英");
    type("member-birth-year", "1965");
    fireEvent.click(screen.getByTestId("member-save"));
    expect(
      await within(itemOf("member-name")).findByText(
        "该党员已在名册中（同名同出生年份或同一电话）",
      ),
    ).toBeInTheDocument();
  });

  it("letters in 出生年份 are kept and refused at the field", async () => {
    const { calls } = setup(() => null);
    type("member-name", "王建国");
    type("member-birth-year", "19七0");
    expect(screen.getByTestId("member-birth-year")).toHaveValue("19七0");
    fireEvent.click(screen.getByTestId("member-save"));
    expect(await within(itemOf("member-birth-year")).findByText(/出生年份/)).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "save_member")).toEqual([]);
  });
});
