import { describe, expect, it } from "vitest";
import { agentState, countAgentStates, filterAgents, nextSort, sortAgents, timeInState } from "@/lib/ui/agents";
import type { WorkerTask } from "@/lib/metrics/types";
import { worker } from "./fixtures";

const task = (status: WorkerTask["status"]): WorkerTask => ({
  taskSid: `WT${status}`,
  taskQueueSid: "WQsupport",
  reservationSid: null,
  status,
  priority: 0,
  acceptedAt: null,
});

const now = Date.parse("2026-11-23T12:00:00.000Z");

describe("agentState", () => {
  it("is busy while holding an accepted task, whatever the activity", () => {
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", tasks: [task("assigned")] }))).toBe("busy");
    expect(
      agentState(worker({ sid: "WK1", friendlyName: "a", available: false, activityName: "Wrap Up", tasks: [task("wrapping")] })),
    ).toBe("busy");
  });

  it("is ready in an available activity, even while a reservation rings", () => {
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", tasks: [task("reserved")] }))).toBe("ready");
  });

  it("is ready only with free capacity on some channel", () => {
    const channel = (capacity: number, consumed: number, available = true) => ({
      taskChannelSid: "TC1",
      taskChannelUniqueName: "voice",
      capacity,
      consumed,
      available,
      assignedTasks: consumed,
      reservedTasks: 0,
      free: available ? Math.max(0, capacity - consumed) : 0,
    });
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", channels: [channel(1, 0)] }))).toBe("ready");
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", channels: [channel(1, 1), channel(2, 1)] }))).toBe("ready");
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", channels: [channel(1, 1)] }))).toBe("away");
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", channels: [channel(1, 0, false)] }))).toBe("away");
    // The last channel event said one task; it has ended since: free again.
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", channels: [{ ...channel(1, 1), assignedTasks: 0 }] }))).toBe("ready");
  });

  it("tells Offline from other unavailable activities", () => {
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", available: false, activityName: "Offline", activitySid: "WAoff" }))).toBe(
      "offline",
    );
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", available: false, activityName: null, activitySid: null }))).toBe("offline");
    expect(agentState(worker({ sid: "WK1", friendlyName: "a", available: false, activityName: "Break", activitySid: "WAbrk" }))).toBe(
      "away",
    );
  });

  it("counts each state", () => {
    const counts = countAgentStates([
      worker({ sid: "WK1", friendlyName: "a" }),
      worker({ sid: "WK2", friendlyName: "b", tasks: [task("assigned")] }),
      worker({ sid: "WK3", friendlyName: "c", available: false, activityName: "Break" }),
      worker({ sid: "WK4", friendlyName: "d", available: false, activityName: "Offline" }),
      worker({ sid: "WK5", friendlyName: "e", available: false, activityName: "offline" }),
    ]);
    expect(counts).toEqual({ ready: 1, busy: 1, away: 1, offline: 2 });
  });
});

describe("filterAgents", () => {
  const agents = [
    worker({ sid: "WK1", friendlyName: "Alice Martin", queueSids: ["WQsales"] }),
    worker({ sid: "WK2", friendlyName: "Bob Stone", queueSids: ["WQsupport"], tasks: [task("assigned")] }),
    worker({
      sid: "WK3",
      friendlyName: "Carla Diaz",
      queueSids: ["WQsales", "WQsupport"],
      available: false,
      activitySid: "WAbrk",
      activityName: "Break",
    }),
  ];
  const names = (list: typeof agents) => list.map((a) => a.friendlyName);

  it("filters by queue membership", () => {
    expect(names(filterAgents(agents, { queueSid: "WQsales", activity: null, name: "" }))).toEqual(["Alice Martin", "Carla Diaz"]);
  });

  it("filters by state or by activity sid", () => {
    expect(names(filterAgents(agents, { queueSid: null, activity: "busy", name: "" }))).toEqual(["Bob Stone"]);
    expect(names(filterAgents(agents, { queueSid: null, activity: "WAbrk", name: "" }))).toEqual(["Carla Diaz"]);
  });

  it("filters by a case-insensitive piece of the name", () => {
    expect(names(filterAgents(agents, { queueSid: null, activity: null, name: "  sTo " }))).toEqual(["Bob Stone"]);
  });
});

describe("sortAgents", () => {
  const agents = [
    worker({ sid: "WK1", friendlyName: "Cleo", activitySince: "2026-11-23T11:50:00.000Z" }),
    worker({ sid: "WK2", friendlyName: "alma", activitySince: "2026-11-23T11:59:00.000Z" }),
    worker({ sid: "WK3", friendlyName: "Bea", activitySince: null }),
  ];
  const names = (list: typeof agents) => list.map((a) => a.friendlyName);

  it("sorts by name, case-insensitively", () => {
    expect(names(sortAgents(agents, { key: "name", direction: "asc" }, now))).toEqual(["alma", "Bea", "Cleo"]);
    expect(names(sortAgents(agents, { key: "name", direction: "desc" }, now))).toEqual(["Cleo", "Bea", "alma"]);
  });

  it("sorts by time in state, unknown last in both directions", () => {
    expect(names(sortAgents(agents, { key: "timeInState", direction: "desc" }, now))).toEqual(["Cleo", "alma", "Bea"]);
    expect(names(sortAgents(agents, { key: "timeInState", direction: "asc" }, now))).toEqual(["alma", "Cleo", "Bea"]);
  });

  it("breaks ties by name so rows stay put", () => {
    const tied = agents.map((a) => ({ ...a, cumulative: { ...a.cumulative, tasksCompleted: 3 } }));
    expect(names(sortAgents(tied, { key: "handled", direction: "desc" }, now))).toEqual(["alma", "Bea", "Cleo"]);
  });

  it("puts agents without an AHT (nothing handled) last", () => {
    const withAht = [
      { ...agents[0]!, cumulative: { ...agents[0]!.cumulative, tasksCompleted: 2, handleTime: { avg: 300, min: 0, max: 0, total: 600 } } },
      agents[1]!,
      { ...agents[2]!, cumulative: { ...agents[2]!.cumulative, tasksCompleted: 1, handleTime: { avg: 120, min: 0, max: 0, total: 120 } } },
    ];
    expect(names(sortAgents(withAht, { key: "aht", direction: "asc" }, now))).toEqual(["Bea", "Cleo", "alma"]);
  });

  it("measures time in state from activitySince", () => {
    expect(timeInState(agents[0]!, now)).toBe(600);
    expect(timeInState(agents[2]!, now)).toBeNull();
  });

  it("flips the direction on the same column and starts numbers high-first", () => {
    expect(nextSort({ key: "name", direction: "asc" }, "name")).toEqual({ key: "name", direction: "desc" });
    expect(nextSort({ key: "name", direction: "asc" }, "timeInState")).toEqual({ key: "timeInState", direction: "desc" });
    expect(nextSort({ key: "aht", direction: "desc" }, "activity")).toEqual({ key: "activity", direction: "asc" });
  });
});
