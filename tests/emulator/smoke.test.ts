import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "./helpers";

describe("smoke", () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.emulator.close());

  it("lists the workspace and its queues through the SDK", async () => {
    const [ws] = await t.client.taskrouter.v1.workspaces.list({ limit: 1 });
    expect(ws?.sid).toBe(t.emulator.workspaceSid);
    const queues = await t.ws.taskQueues.list({ pageSize: 3 });
    expect(queues.length).toBe(7);
    const workers = await t.ws.workers.list();
    expect(workers.length).toBe(40);
    const workflows = await t.ws.workflows.list();
    const task = await t.ws.tasks.create({ workflowSid: workflows[0]!.sid, taskChannel: "voice", attributes: JSON.stringify({ type: "sales" }) });
    expect(task.assignmentStatus).toBe("pending");
    const stats = await t.ws.taskQueues(task.taskQueueSid).realTimeStatistics().fetch();
    expect(stats.totalTasks).toBe(1);
    const events = await t.ws.events.list({ minutes: 60 });
    expect(events.length).toBeGreaterThan(50);
  });
});
