import { describe, expect, it } from "vitest";
import {
  agentSkills,
  agentTeam,
  awayLimitMinutes,
  countLongAway,
  DEFAULT_AWAY_LIMITS,
  filterAgents,
  longAwayFlag,
  NO_AGENT_FILTER,
  teamsAndSkills,
} from "@/lib/ui/agents";
import { DEFAULT_THRESHOLDS, parseThresholds } from "@/lib/ui/thresholds";
import { alertTitle, notificationText, turnedCritical } from "@/lib/ui/alerts";
import { channelRows, formatPriorities, readyOnChannel } from "@/lib/ui/channels";
import { latestServiceLevel } from "@/lib/ui/charts";
import {
  boardSortQuery,
  nextBoardSort,
  parseBoardSort,
  parseBoardWindow,
  queueRowModel,
  sortQueueRows,
  totalsModel,
  windowLabel,
} from "@/lib/ui/wallboard";
import { cumulative, queue, realtime, snapshot, worker } from "./fixtures";

const row = (sid: string, name: string, waiting: number, age: number, percent: number | null) =>
  queueRowModel(
    queue({
      sid,
      friendlyName: name,
      realtime: realtime({
        tasksByStatus: { pending: waiting, reserved: 0, assigned: 0, wrapping: 0 },
        longestTaskWaitingAge: age,
        longestTaskWaitingSid: waiting > 0 ? `WT${sid}` : null,
      }),
      cumulative: cumulative({ serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent } }),
    }),
    DEFAULT_THRESHOLDS,
  );

describe("wallboard row order", () => {
  // Configuration order: Sales, Billing, Support, VIP.
  const rows = [
    row("WQ1", "Sales", 2, 30, 91),
    row("WQ2", "billing", 5, 12, 64),
    row("WQ3", "Support", 0, 0, null),
    row("WQ4", "VIP", 5, 80, 64),
  ];
  const names = (sorted: typeof rows) => sorted.map((r) => r.name);

  it("keeps the configuration order without a sort", () => {
    expect(names(sortQueueRows(rows, null))).toEqual(["Sales", "billing", "Support", "VIP"]);
  });

  it("sorts worst service level first, queues without one last, ties in configuration order", () => {
    expect(names(sortQueueRows(rows, parseBoardSort("sl")))).toEqual(["billing", "VIP", "Sales", "Support"]);
    expect(names(sortQueueRows(rows, parseBoardSort("sl", "desc")))).toEqual(["Sales", "billing", "VIP", "Support"]);
  });

  it("sorts most waiting first, longest wait first, names A–Z ignoring case", () => {
    expect(names(sortQueueRows(rows, parseBoardSort("waiting")))).toEqual(["billing", "VIP", "Sales", "Support"]);
    expect(names(sortQueueRows(rows, parseBoardSort("wait")))).toEqual(["VIP", "Sales", "billing", "Support"]);
    expect(names(sortQueueRows(rows, parseBoardSort("NAME")))).toEqual(["billing", "Sales", "Support", "VIP"]);
  });

  it("reads the URL leniently and writes it back keeping other parameters", () => {
    expect(parseBoardSort("bogus")).toBeNull();
    expect(parseBoardSort(undefined)).toBeNull();
    expect(parseBoardSort("waiting", "sideways")).toEqual({ key: "waiting", direction: "desc" });
    expect(boardSortQuery("?tv=0", { key: "sl", direction: "asc" })).toBe("?tv=0&sort=sl");
    expect(boardSortQuery("?tv=0&sort=sl", { key: "sl", direction: "desc" })).toBe("?tv=0&sort=sl&dir=desc");
    expect(boardSortQuery("?sort=sl&dir=desc", null)).toBe("");
  });

  it("flips the direction on the same column and starts a new one in its natural direction", () => {
    expect(nextBoardSort(null, "name")).toEqual({ key: "name", direction: "asc" });
    expect(nextBoardSort({ key: "name", direction: "asc" }, "name")).toEqual({ key: "name", direction: "desc" });
    expect(nextBoardSort({ key: "name", direction: "asc" }, "wait")).toEqual({ key: "wait", direction: "desc" });
  });
});

describe("agents by team and skill", () => {
  const ana = worker({
    sid: "WK1",
    friendlyName: "Ana",
    attributes: { team: "Sales", skills: ["sales"], routing: { skills: ["sales", "es"] } },
  });
  const ben = worker({
    sid: "WK2",
    friendlyName: "Ben",
    attributes: { department: "Support", routing: { skills: ["support", "billing"] } },
  });
  const cy = worker({ sid: "WK3", friendlyName: "Cy", attributes: { team: 7, skills: "vip" } });

  it("reads the team and the skills from the worker's attributes", () => {
    expect([agentTeam(ana), agentTeam(ben), agentTeam(cy)]).toEqual(["Sales", "Support", null]);
    expect([agentSkills(ana), agentSkills(ben), agentSkills(cy)]).toEqual([["sales", "es"], ["support", "billing"], ["vip"]]);
    expect(teamsAndSkills([ana, ben, cy])).toEqual({ teams: ["Sales", "Support"], skills: ["billing", "es", "sales", "support", "vip"] });
  });

  it("filters by team and by skill", () => {
    const pick = (filter: Partial<typeof NO_AGENT_FILTER>) =>
      filterAgents([ana, ben, cy], { ...NO_AGENT_FILTER, ...filter }).map((w) => w.friendlyName);
    expect(pick({ team: "Support" })).toEqual(["Ben"]);
    expect(pick({ skill: "es" })).toEqual(["Ana"]);
    expect(pick({ skill: "billing", team: "Sales" })).toEqual([]);
    expect(pick({})).toEqual(["Ana", "Ben", "Cy"]);
  });
});

describe("long away", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  const away = (activityName: string, minutes: number, available = false) =>
    worker({
      sid: `WK${activityName}${minutes}`,
      friendlyName: activityName,
      available,
      activitySid: `WA${activityName}`,
      activityName,
      activitySince: new Date(now - minutes * 60_000).toISOString(),
    });

  it("flags an away agent at the limit and critical at twice it; never offline or ready agents", () => {
    expect(longAwayFlag(away("Break", 14), now)).toBe("none");
    expect(longAwayFlag(away("Break", 15), now)).toBe("warn");
    expect(longAwayFlag(away("Lunch", 29), now)).toBe("warn");
    expect(longAwayFlag(away("Lunch", 30), now)).toBe("critical");
    expect(longAwayFlag(away("Offline", 600), now)).toBe("none");
    expect(longAwayFlag(away("Available", 600, true), now)).toBe("none");
  });

  it("takes limits per activity from DASHBOARD_THRESHOLDS, names matched without case", () => {
    const parsed = parseThresholds(JSON.stringify({ away: { defaultMinutes: 10, activities: { lunch: 45 } } }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const limits = parsed.thresholds.away!;
    expect(awayLimitMinutes(limits, "Lunch")).toBe(45);
    expect(awayLimitMinutes(limits, "Break")).toBe(10);
    expect(longAwayFlag(away("Lunch", 29), now, limits)).toBe("none");
    expect(longAwayFlag(away("Break", 12), now, limits)).toBe("warn");
    expect(countLongAway([away("Lunch", 29), away("Break", 12), away("Break", 25)], now, limits)).toBe(2);
    const bad = parseThresholds(JSON.stringify({ away: { defaultMinutes: 0 } }));
    expect(bad.ok || bad.message).toMatch(/away\.defaultMinutes must be at least 1/);
  });

  it("counts them in the wallboard totals at the board's clock", () => {
    const board = snapshot({ generatedAt: new Date(now).toISOString(), workers: [away("Break", 14), away("Lunch", 40)] });
    expect(totalsModel(board, DEFAULT_THRESHOLDS).agentsLongAway).toBe(1);
    // A minute later on the same snapshot, the break is past 15 minutes too.
    expect(totalsModel(board, DEFAULT_THRESHOLDS, 60).agentsLongAway).toBe(2);
    expect(DEFAULT_AWAY_LIMITS.defaultMinutes).toBe(15);
  });
});

describe("rolling window and per-channel rows", () => {
  it("reads ?window= as one of the offered windows and names it", () => {
    expect([parseBoardWindow("30"), parseBoardWindow("60m"), parseBoardWindow("7"), parseBoardWindow(null)]).toEqual([30, 60, null, null]);
    expect([windowLabel(null), windowLabel(30), windowLabel(240)]).toEqual(["today", "last 30 min", "last 4 h"]);
    expect(
      latestServiceLevel({
        serviceLevel: [
          { t: "a", percent: 80 },
          { t: "b", percent: 75.04 },
          { t: "c", percent: null },
        ],
      } as never),
    ).toBe(75);
    expect(latestServiceLevel(null)).toBeNull();
  });

  it("makes a row per channel with its levels and the agents ready on that channel", () => {
    const q = queue({
      sid: "WQ1",
      friendlyName: "Support",
      channels: [
        {
          channel: "voice",
          tasksByStatus: { pending: 2, reserved: 1, assigned: 0, wrapping: 0 },
          tasksByPriority: { "0": 2, "5": 1 },
          longestTaskWaitingAge: 70,
          tasksCompleted: 4,
          tasksAbandoned: 1,
          serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 60 },
        },
        {
          channel: "chat",
          tasksByStatus: { pending: 0, reserved: 0, assigned: 1, wrapping: 0 },
          tasksByPriority: {},
          longestTaskWaitingAge: 0,
          tasksCompleted: 2,
          tasksAbandoned: 0,
          serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 100 },
        },
      ],
    });
    const channel = (name: string, capacity: number, held: number, available = true) => ({
      taskChannelSid: null,
      taskChannelUniqueName: name,
      capacity,
      consumed: held,
      available,
      assignedTasks: held,
      reservedTasks: 0,
      free: available ? capacity - held : 0,
    });
    const agents = [
      worker({ sid: "WKa", friendlyName: "a", queueSids: ["WQ1"], channels: [channel("voice", 1, 0), channel("chat", 2, 2)] }),
      worker({ sid: "WKb", friendlyName: "b", queueSids: ["WQ1"], channels: [channel("voice", 1, 0, false), channel("chat", 2, 1)] }),
      worker({ sid: "WKc", friendlyName: "c", queueSids: ["WQ1"], channels: [] }),
      worker({ sid: "WKd", friendlyName: "d", queueSids: ["WQ2"], channels: [] }),
    ];
    expect(readyOnChannel(agents[0]!, "chat")).toBe(false);
    const rows = channelRows(q, DEFAULT_THRESHOLDS, agents);
    expect(rows).toEqual([
      {
        channel: "voice",
        waiting: 3,
        longestWaitSeconds: 70,
        longestWaitLevel: "critical",
        serviceLevelPercent: 60,
        serviceLevelLevel: "critical",
        readyAgents: 2,
        handled: 4,
        abandoned: 1,
        waitingByPriority: [
          [5, 1],
          [0, 2],
        ],
      },
      {
        channel: "chat",
        waiting: 0,
        longestWaitSeconds: 0,
        longestWaitLevel: "none",
        serviceLevelPercent: 100,
        serviceLevelLevel: "ok",
        readyAgents: 2,
        handled: 2,
        abandoned: 0,
        waitingByPriority: [],
      },
    ]);
    expect(formatPriorities(rows[0]!.waitingByPriority)).toBe("P5 ×1 · P0 ×2");
    expect(formatPriorities([])).toBe("—");
    expect(queueRowModel(q, DEFAULT_THRESHOLDS).waitingByChannel).toEqual([{ channel: "voice", waiting: 3 }]);
  });
});

describe("board alerts", () => {
  const rowsOf = (levels: [string, string, "critical" | "warn" | "ok"][]) =>
    levels.map(([sid, name, level]) => ({ sid, name, level, waiting: 2, serviceLevelLevel: "ok" as const, longestWaitLevel: level }));

  it("names the critical queues in the tab title", () => {
    expect(alertTitle("Wallboard", rowsOf([["WQ1", "Sales", "ok"]]))).toBe("Wallboard");
    expect(
      alertTitle(
        "Wallboard",
        rowsOf([
          ["WQ1", "Sales", "critical"],
          ["WQ2", "VIP", "warn"],
        ]),
      ),
    ).toBe("■ Sales critical · Wallboard");
    expect(
      alertTitle(
        "Wallboard",
        rowsOf([
          ["WQ1", "Sales", "critical"],
          ["WQ2", "VIP", "critical"],
        ]),
      ),
    ).toBe("■ 2 critical: Sales, VIP · Wallboard");
  });

  it("announces a queue when it turns critical, not while it stays so", () => {
    const first = turnedCritical(
      new Set(),
      rowsOf([
        ["WQ1", "Sales", "critical"],
        ["WQ2", "VIP", "ok"],
      ]),
    );
    expect(first.entered.map((r) => r.sid)).toEqual(["WQ1"]);
    const second = turnedCritical(
      first.critical,
      rowsOf([
        ["WQ1", "Sales", "critical"],
        ["WQ2", "VIP", "critical"],
      ]),
    );
    expect(second.entered.map((r) => r.sid)).toEqual(["WQ2"]);
    expect(
      turnedCritical(
        second.critical,
        rowsOf([
          ["WQ1", "Sales", "critical"],
          ["WQ2", "VIP", "critical"],
        ]),
      ).entered,
    ).toEqual([]);
    expect(notificationText(second.entered)).toEqual({ title: "VIP is critical", body: "VIP: longest wait · 2 waiting" });
  });
});
