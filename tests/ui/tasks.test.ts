import { describe, expect, it } from "vitest";
import { describeTask, sortQueueTasks, targetWorkerSid, taskActionBlocks } from "@/lib/ui/tasks";
import { reassignRouting } from "@/lib/admin/reassign-routing";

describe("sortQueueTasks", () => {
  it("lists waiting tasks first, by priority then age, then tasks with agents", () => {
    const tasks = [
      { sid: "WT1", status: "assigned" as const, priority: 0, age: 500 },
      { sid: "WT2", status: "pending" as const, priority: 0, age: 90 },
      { sid: "WT3", status: "pending" as const, priority: 10, age: 5 },
      { sid: "WT4", status: "reserved" as const, priority: 0, age: 40 },
      { sid: "WT5", status: "pending" as const, priority: 0, age: 120 },
      { sid: "WT6", status: "wrapping" as const, priority: 0, age: 900 },
    ];
    expect(sortQueueTasks(tasks).map((task) => task.sid)).toEqual(["WT3", "WT5", "WT2", "WT4", "WT1", "WT6"]);
  });
});

describe("describeTask", () => {
  it("shows the kind and who it is for", () => {
    expect(describeTask({ type: "voice", from: "+442079460000" })).toBe("voice · +442079460000");
    expect(describeTask({ channel: "chat", name: "Ada" })).toBe("chat · Ada");
    expect(describeTask({ name: "Ada" })).toBe("Ada");
    expect(describeTask({ nested: { a: 1 } })).toBe("—");
  });
});

describe("targetWorkerSid", () => {
  it("names the agent a waiting task was sent to, and nothing once the task is taken", () => {
    const attributes = { targetWorkerSid: "WK0123456789abcdef0123456789abcdef" };
    expect(targetWorkerSid({ status: "pending", attributes })).toBe("WK0123456789abcdef0123456789abcdef");
    expect(targetWorkerSid({ status: "assigned", attributes })).toBeNull();
    expect(targetWorkerSid({ status: "pending", attributes: { targetWorkerSid: "not a sid" } })).toBeNull();
    expect(targetWorkerSid({ status: "pending", attributes: {} })).toBeNull();
  });
});

describe("taskActionBlocks", () => {
  it("moves and cancels need a waiting task", () => {
    expect(taskActionBlocks("reserved")).toEqual({ queue: null, agent: null, cancel: null });
    const assigned = taskActionBlocks("assigned", { queue: null, worker: null });
    expect(assigned.queue).toMatch(/Only waiting/);
    expect(assigned.cancel).toMatch(/Only waiting/);
  });

  it("a move the workspace's workflow does not route on is disabled with the reason and the fix", () => {
    const routing = reassignRouting([
      {
        sid: "WW00000000000000000000000000000001",
        friendlyName: "Inbound",
        configuration: JSON.stringify({
          task_routing: { filters: [{ expression: "targetWorkerSid != null", targets: [{ queue: "WQ1" }] }] },
        }),
      },
    ]);
    const blocks = taskActionBlocks("pending", routing);
    expect(blocks.queue).toMatch(/no filter on the task attribute targetTaskQueueSid.*docs\/connected\.md/);
    expect(blocks.agent).toBeNull();
    expect(blocks.cancel).toBeNull();
  });
});
