import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import type { Branch } from "../bindings/Branch";
import type { BranchDraft } from "../bindings/BranchDraft";
import type { Community } from "../bindings/Community";
import type { CommunityDraft } from "../bindings/CommunityDraft";
import type { OrgTree } from "../bindings/OrgTree";
import type { Town } from "../bindings/Town";
import type { TownDraft } from "../bindings/TownDraft";
import { renderWithApp } from "../test/render";
import { BranchForm, CommunityForm, TownForm } from "./OrgForms";

const TOWN: Town = { id: "t1", name: "桃林镇" };
const COMMUNITY: Community = {
  id: "c1",
  townId: "t1",
  name: "张家庄社区",
  committeeName: "张家庄社区党委",
};
const TREE: OrgTree = {
  towns: [{ town: TOWN, communities: [{ community: COMMUNITY, branches: [] }] }],
};

type Call = { cmd: string; args: Record<string, unknown> };

/** Answers IPC with `answer`, records every call, and renders the form. */
function setup(form: (onSaved: () => void) => ReactElement, answer: (call: Call) => unknown) {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const call = { cmd, args: args as Record<string, unknown> };
    calls.push(call);
    return answer(call);
  });
  const onSaved = vi.fn();
  renderWithApp(form(onSaved));
  return { calls, onSaved };
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

const save = () => fireEvent.click(screen.getByRole("button", { name: /保\s*存/ }));

/** The form item (label + control + error) that holds the given control. */
const itemOf = (testId: string) =>
  screen.getByTestId(testId).closest(".ant-form-item") as HTMLElement;

async function pick(testId: string, title: string) {
  fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole("combobox"));
  const options = await screen.findAllByTitle(title);
  fireEvent.click(options[options.length - 1]);
}

const duplicate = () => {
  throw { code: "duplicate", message: "dup", fields: [] };
};

describe("TownForm", () => {
  const town = (onSaved: () => void) => (
    <TownForm town={null} onSaved={onSaved} onClose={() => {}} />
  );

  it("an empty name shows 请输入名称 and nothing is sent", async () => {
    const { calls } = setup(town, () => null);
    save();
    expect(await within(itemOf("town-name")).findByText("请输入名称")).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("a name over 30 characters is caught before saving", async () => {
    const { calls } = setup(town, () => null);
    type("town-name", "镇".repeat(31));
    save();
    expect(
      await within(itemOf("town-name")).findByText("名称不能超过 30 个字"),
    ).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("a valid name sends the draft save_town expects", async () => {
    const { calls, onSaved } = setup(town, ({ cmd }) => (cmd === "save_town" ? TOWN : null));
    type("town-name", "桃林镇");
    save();
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(TOWN));
    const draft: TownDraft = { name: "桃林镇" };
    expect(calls).toEqual([{ cmd: "save_town", args: { id: null, draft } }]);
    expect(await screen.findByText("已保存 桃林镇")).toBeInTheDocument();
  });

  it("a duplicate from the core is shown at the name", async () => {
    const { onSaved } = setup(town, duplicate);
    type("town-name", "桃林镇");
    save();
    expect(await within(itemOf("town-name")).findByText("已有同名的组织")).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe("CommunityForm", () => {
  const community = (onSaved: () => void) => (
    <CommunityForm
      community={null}
      tree={TREE}
      defaultTownId="t1"
      onSaved={onSaved}
      onClose={() => {}}
    />
  );

  it("an empty name shows 请输入名称 and nothing is sent", async () => {
    const { calls } = setup(community, () => null);
    save();
    expect(await within(itemOf("community-name")).findByText("请输入名称")).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("a valid form sends the draft; an empty committee name is left to the core", async () => {
    const { calls, onSaved } = setup(community, ({ cmd }) =>
      cmd === "save_community" ? COMMUNITY : null,
    );
    type("community-name", "张家庄社区");
    // The placeholder says what the core will call the committee.
    expect(await screen.findByPlaceholderText("不填则为“张家庄社区党委”")).toBeInTheDocument();
    save();
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(COMMUNITY));
    const draft: CommunityDraft = { townId: "t1", name: "张家庄社区", committeeName: "" };
    expect(calls).toEqual([{ cmd: "save_community", args: { id: null, draft } }]);
  });

  it("a duplicate from the core is shown at the name", async () => {
    setup(community, duplicate);
    type("community-name", "张家庄社区");
    save();
    expect(await within(itemOf("community-name")).findByText("已有同名的组织")).toBeInTheDocument();
  });
});

describe("BranchForm", () => {
  const BRANCH: Branch = {
    id: "br1",
    communityId: "c1",
    name: "老年党支部",
    basis: "age",
    note: "",
  };
  const branch =
    (existing: Branch | null = null) =>
    (onSaved: () => void) => (
      <BranchForm
        branch={existing}
        tree={TREE}
        defaultCommunityId="c1"
        onSaved={onSaved}
        onClose={() => {}}
      />
    );

  it("an empty name shows 请输入名称 and nothing is sent", async () => {
    const { calls } = setup(branch(), () => null);
    save();
    expect(await within(itemOf("branch-name")).findByText("请输入名称")).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("starts with 按产业 and sends the basis the user picks", async () => {
    const saved: Branch = { ...BRANCH, id: "br2", name: "农机服务党支部", basis: "skill" };
    const { calls, onSaved } = setup(branch(), ({ cmd }) => (cmd === "save_branch" ? saved : null));
    expect(within(screen.getByTestId("branch-basis")).getByText("按产业")).toBeInTheDocument();
    type("branch-name", "农机服务党支部");
    await pick("branch-basis", "按技能");
    save();
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    const draft: BranchDraft = {
      communityId: "c1",
      name: "农机服务党支部",
      basis: "skill",
      note: "",
    };
    expect(calls).toEqual([{ cmd: "save_branch", args: { id: null, draft } }]);
  });

  it("editing keeps the branch's own basis and id", async () => {
    const { calls, onSaved } = setup(branch(BRANCH), ({ cmd }) =>
      cmd === "save_branch" ? BRANCH : null,
    );
    expect(within(screen.getByTestId("branch-basis")).getByText("按年龄")).toBeInTheDocument();
    save();
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const draft: BranchDraft = { communityId: "c1", name: "老年党支部", basis: "age", note: "" };
    expect(calls).toEqual([{ cmd: "save_branch", args: { id: "br1", draft } }]);
  });

  it("a basis the core refuses is shown at the basis field", async () => {
    setup(branch(), () => {
      throw { code: "invalid", message: "basis", fields: [{ field: "basis", rule: "badChoice" }] };
    });
    type("branch-name", "农机服务党支部");
    save();
    expect(await within(itemOf("branch-basis")).findByText("请选择设立依据")).toBeInTheDocument();
  });

  it("a duplicate from the core is shown at the name", async () => {
    setup(branch(), duplicate);
    type("branch-name", "农机服务党支部");
    save();
    expect(await within(itemOf("branch-name")).findByText("已有同名的组织")).toBeInTheDocument();
  });
});
