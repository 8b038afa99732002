/**
 * Safe admin writes against the emulator through the real `twilio` SDK: a change made elsewhere
 * between the dashboard's read and its write (Flex, Studio, another supervisor) is never overwritten.
 * The concurrent change is a real REST update made from inside the read-modify-write.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActionError } from "@/lib/admin/action";
import { parseAttributes, type TaskRouterAccess, updateTaskIfUnchanged } from "@/lib/admin/taskrouter";
import { startTestEmulator, type TestEmulator } from "../emulator/helpers";

let t: TestEmulator;
let access: TaskRouterAccess;

beforeEach(async () => {
  t = await startTestEmulator();
  access = { twilio: { client: t.client, workspaceSid: t.emulator.workspaceSid } };
});
afterEach(() => t.emulator.close());

const createTask = async () =>
  (await t.ws.tasks.create({ taskChannel: "voice", attributes: JSON.stringify({ type: "sales", customer: "Ana" }) })).sid;

/** Another system sets an attribute of its own, from what it reads now. */
async function changeElsewhere(taskSid: string, key: string) {
  const task = await t.ws.tasks(taskSid).fetch();
  await t.ws.tasks(taskSid).update({ attributes: JSON.stringify({ ...parseAttributes(task.attributes), [key]: true }) });
}

describe("updateTaskIfUnchanged", () => {
  it("writes with If-Match; on 412 re-reads, plans again from the new version and keeps the other change", async () => {
    const sid = await createTask();
    const seen: string[] = [];
    const { first, read, updated } = await updateTaskIfUnchanged(access, sid, async (task) => {
      seen.push(task.attributes);
      if (seen.length === 1) await changeElsewhere(sid, "studioFlag");
      return { attributes: JSON.stringify({ ...parseAttributes(task.attributes), targetTaskQueueSid: "WQ-moved" }) };
    });
    expect(seen).toHaveLength(2);
    expect(parseAttributes(first.attributes)).toEqual({ type: "sales", customer: "Ana" });
    expect(parseAttributes(read.attributes)).toMatchObject({ studioFlag: true });
    expect(parseAttributes(updated.attributes)).toEqual({
      type: "sales",
      customer: "Ana",
      studioFlag: true,
      targetTaskQueueSid: "WQ-moved",
    });
  });

  it("answers 409 naming the conflict when the task changes again before the retry, and writes nothing", async () => {
    const sid = await createTask();
    let plans = 0;
    const failure = await updateTaskIfUnchanged(access, sid, async (task) => {
      plans += 1;
      await changeElsewhere(sid, `flexChange${plans}`);
      return { priority: 7, attributes: task.attributes };
    }).catch((error: unknown) => error);
    expect(plans).toBe(2);
    expect(failure).toBeInstanceOf(ActionError);
    const conflict = failure as ActionError;
    expect(conflict.status).toBe(409);
    expect(conflict.message).toMatch(new RegExp(`Task ${sid} was changed elsewhere`));
    expect(conflict.message).toMatch(/nothing was overwritten/);
    expect(conflict.details.code).toBe(20412);
    const now = await t.ws.tasks(sid).fetch();
    expect(now.priority).toBe(0);
    expect(parseAttributes(now.attributes)).toMatchObject({ flexChange1: true, flexChange2: true });
  });

  it("answers 409 saying what the task is now when it finished meanwhile", async () => {
    const sid = await createTask();
    const failure = await updateTaskIfUnchanged(access, sid, async (task) => {
      if (task.assignmentStatus !== "pending") throw new ActionError(409, `Task ${sid} is ${task.assignmentStatus}`);
      await t.ws.tasks(sid).update({ assignmentStatus: "canceled", reason: "caller hung up" });
      return { priority: 3 };
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActionError);
    expect((failure as ActionError).status).toBe(409);
    expect((failure as ActionError).message).toMatch(/canceled/);
  });
});
