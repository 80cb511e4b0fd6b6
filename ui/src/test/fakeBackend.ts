// An in-memory stand-in for the Rust commands, for screen-level tests.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { ApiError } from "../bindings/ApiError";
import type { BranchYear } from "../bindings/BranchYear";
import type { Member } from "../bindings/Member";
import type { MemberQuery } from "../bindings/MemberQuery";
import type { OrgTree } from "../bindings/OrgTree";
import type { SeatAssignment } from "../bindings/SeatAssignment";
import { fakeActivities, todayIso } from "./fakeActivities";
import { fakePoints } from "./fakePoints";
import { fakeSchedule } from "./fakeSchedule";

const member = (
  id: string,
  branchId: string,
  name: string,
  over: Partial<Member> = {},
): Member => ({
  id,
  branchId,
  branchName: branchId === "b1" ? "蔬菜种植党支部" : "农机服务党支部",
  communityName: "张家庄社区",
  name,
  gender: "male",
  birthYear: 1968,
  phone: "13805360001",
  specialty: "大棚蔬菜",
  joinedOn: "1995-07-01",
  capable: false,
  archivedOn: null,
  seat: null,
  ...over,
});

export function demoData() {
  const members: Member[] = [
    member("m1", "b1", "王建国", { seat: "secretary", capable: true }),
    member("m2", "b1", "李秀英", { gender: "female", phone: "13805360002", specialty: "果树嫁接" }),
    member("m3", "b1", "赵有田", { phone: "05366012345", specialty: "农资销售" }),
    member("m4", "b2", "孙铁柱", { phone: "13805360004", specialty: "农机维修" }),
    member("m5", "b1", "周老汉", { archivedOn: "2024-03-01", birthYear: 1940 }),
  ];
  const seats: Record<string, SeatAssignment[]> = {
    b1: [{ role: "secretary", memberId: "m1" }],
    b2: [],
  };
  const tree = (): OrgTree => ({
    towns: [
      {
        town: { id: "t1", name: "枳沟镇" },
        communities: [
          {
            community: {
              id: "c1",
              townId: "t1",
              name: "张家庄社区",
              committeeName: "张家庄社区党委",
            },
            branches: ["b1", "b2"].map((id) => ({
              branch: {
                id,
                communityId: "c1",
                name: id === "b1" ? "蔬菜种植党支部" : "农机服务党支部",
                basis: id === "b1" ? "trade" : "skill",
                note: "",
              },
              activeMembers: members.filter((m) => m.branchId === id && !m.archivedOn).length,
              archivedMembers: members.filter((m) => m.branchId === id && m.archivedOn).length,
              seatsFilled: seats[id].length,
            })),
          },
        ],
      },
    ],
  });
  return { members, seats, tree };
}

export type Backend = {
  calls: { cmd: string; args: Record<string, unknown> }[];
  empty: boolean;
  /** The 定规范 store, for tests that seed or inspect activities and ledgers. */
  activities: ReturnType<typeof fakeActivities>;
  /** The 定标准 store: points, teams and their history. */
  points: ReturnType<typeof fakePoints>;
  /** The register's members, for tests that add some. */
  members: Member[];
};

/**
 * Seven more capable members for 蔬菜种植党支部, its full committee, one team and points this
 * year in the quarters that have begun (the last one left open), so the board shows a mix.
 */
function seedPoints(data: ReturnType<typeof demoData>, points: ReturnType<typeof fakePoints>) {
  const extra: [string, string, string][] = [
    ["m6", "刘春生", "大棚蔬菜"],
    ["m7", "陈桂兰", "大棚蔬菜"],
    ["m8", "杨德厚", "大棚蔬菜"],
    ["m9", "张玉梅", "蔬菜电商"],
    ["m10", "高立新", "蔬菜电商"],
    ["m11", "马振华", "农产品加工"],
    ["m12", "冯小平", "农产品加工"],
  ];
  extra.forEach(([id, name, specialty], i) => {
    data.members.push({
      ...data.members[0],
      id,
      name,
      specialty,
      seat: null,
      phone: `138053601${String(i + 10)}`,
      gender: i % 2 ? "female" : "male",
    });
  });
  data.members[1].seat = "organising";
  data.members[2].seat = "publicity";
  data.seats.b1 = [
    { role: "secretary", memberId: "m1" },
    { role: "organising", memberId: "m2" },
    { role: "publicity", memberId: "m3" },
  ];
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const team = points.saveTeam(null, {
    branchId: "b1",
    year,
    name: "大棚蔬菜组团",
    memberIds: ["m1", "m6", "m7", "m8", "m9"],
  });
  const quarterStart = (q: number) => `${year}-${String(q * 3 - 2).padStart(2, "0")}-05`;
  const current = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const base = {
    branchId: "b1",
    category: "planting" as const,
    memberIds: [],
    description: "",
    status: { kind: "active" as const },
  };
  points.savePoint(null, {
    ...base,
    name: "王家大棚蔬菜示范点",
    location: "张家庄村东",
    createdOn: `${year}-01-05` <= today ? `${year}-01-05` : today,
    leader: { kind: "committee", memberId: "m1" },
    memberIds: ["m6"],
  });
  for (let q = 2; q < current; q++)
    points.savePoint(null, {
      ...base,
      name: q === 2 ? "蔬菜电商直播点" : "净菜加工示范点",
      category: q === 2 ? "ecommerce" : "processing",
      location: q === 2 ? "党群服务中心" : "李家沟村",
      createdOn: quarterStart(q),
      leader: q === 2 ? { kind: "team", teamId: team.id } : { kind: "committee", memberId: "m2" },
    });
}

/** Installs the fake; `empty` starts with no towns until load_demo is called. */
export function installFakeBackend(
  opts: {
    empty?: boolean;
    points?: boolean;
    /** The database did not open: app_info carries this problem (the rescue page shows). */
    problem?: ApiError;
    readOnly?: boolean;
  } = {},
): Backend {
  const data = demoData();
  const names = { b1: "蔬菜种植党支部", b2: "农机服务党支部" };
  const schedule = fakeSchedule(names, () => "c1");
  const activities = fakeActivities({
    members: data.members,
    names,
    dayOf: (branchId, year, month) =>
      (schedule("branch_year", { branchId, year }) as BranchYear).days.find(
        (d) => d.month === month,
      ),
  });
  const points = fakePoints({
    members: data.members,
    seats: data.seats,
    branches: () =>
      data.tree().towns.flatMap((t) =>
        t.communities.flatMap((c) =>
          c.branches.map((b) => ({
            id: b.branch.id,
            name: b.branch.name,
            communityId: c.community.id,
            communityName: c.community.name,
            townId: t.town.id,
          })),
        ),
      ),
    activities: () => activities.summaries(),
  });
  if (opts.points) seedPoints(data, points);
  const state: Backend = {
    calls: [],
    empty: opts.empty ?? false,
    activities,
    points,
    members: data.members,
  };
  let settings = { language: "zh-CN", reminderDaysBefore: 3, autoBackupKeep: 10 };
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    state.calls.push({ cmd, args });
    switch (cmd) {
      case "app_info":
        return {
          version: "0.1.0",
          dbPath: "/home/user/.local/share/branch-planner/planner.sqlite3",
          registerEmpty: state.empty,
          today: todayIso(),
          todayFixed: false,
          readOnly: opts.readOnly ?? false,
          ...(opts.problem ? { databaseProblem: opts.problem } : {}),
        };
      case "get_settings":
        return settings;
      case "list_backups":
        return {
          dir: "/home/user/.local/share/branch-planner/backups",
          files: [],
          keep: settings.autoBackupKeep,
        };
      case "save_settings":
        settings = args.settings as typeof settings;
        return settings;
      case "load_demo":
        state.empty = false;
        return { towns: 1, communities: 1, branches: 2, members: 5 };
      case "org_tree":
        return state.empty ? { towns: [] } : data.tree();
      case "list_members": {
        const q = args.query as MemberQuery;
        return data.members.filter(
          (m) => (q.includeArchived || !m.archivedOn) && (!q.branchId || m.branchId === q.branchId),
        );
      }
      case "committee":
        return data.seats[args.branchId as string] ?? [];
      case "set_committee":
        data.seats[args.branchId as string] = args.seats as SeatAssignment[];
        return args.seats;
      default: {
        const answer =
          schedule(cmd, args) ?? activities.handle(cmd, args) ?? points.handle(cmd, args);
        if (answer !== undefined) return answer;
        throw { code: "internal", message: `fake backend: ${cmd}`, fields: [] };
      }
    }
  });
  return state;
}
