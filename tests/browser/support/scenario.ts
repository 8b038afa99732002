import type { TestApp } from "@/tests/support/app";
import { getMetrics, postEvents } from "@/tests/support/http";
import { type Activity, sid, TaskScript, type TestEvent, WorkerScript } from "@/tests/support/events";

export type Scenario = {
  workspaceSid: string;
  /** The queue with waiting tasks. */
  busyQueueSid: string;
  /** The queue with a handled and an abandoned task. */
  servedQueueSid: string;
  waitingTaskSids: string[];
  available: Activity;
};

/**
 * A small, fixed contact centre day on top of the emulator's configuration (simulator off):
 * three agents available and one on a break; three tasks waiting in one queue (one of them
 * ringing an agent; two chats, then a voice call at priority 5); in another queue one task answered and completed and one abandoned.
 */
export async function seedScenario(app: TestApp): Promise<Scenario> {
  const before = await getMetrics(app);
  const workspaceSid = before.workspace.sid;
  const activities = before.workspace.realtime.activityStatistics;
  const availableActivity = activities.find((activity) => activity.available);
  const breakActivity = activities.find((activity) => !activity.available && !/offline/i.test(activity.friendlyName));
  const offlineActivity = activities.find((activity) => /offline/i.test(activity.friendlyName)) ?? breakActivity;
  // Two ordinary queues (not a catch-all "1==1" one), each with a few agents.
  const [busyQueue, servedQueue] = before.queues.filter(
    (queue) => queue.targetWorkers.trim() !== "1==1" && queue.realtime.totalEligibleWorkers >= 2,
  );
  if (!availableActivity || !breakActivity || !offlineActivity || !busyQueue || !servedQueue) {
    throw new Error("the emulator's contact centre lacks the activities or queues this scenario needs");
  }
  const available = { sid: availableActivity.sid, name: availableActivity.friendlyName };
  const onBreak = { sid: breakActivity.sid, name: breakActivity.friendlyName };
  const offline = { sid: offlineActivity.sid, name: offlineActivity.friendlyName };

  const now = Date.now();
  const events: TestEvent[] = [];
  const workersOf = (queueSid: string) => before.workers.filter((worker) => worker.queueSids.includes(queueSid));
  const agents = [...new Set([...workersOf(busyQueue.sid).slice(0, 2), ...workersOf(servedQueue.sid).slice(0, 2)])].map(
    (worker) =>
      new WorkerScript(worker.sid, worker.friendlyName, {
        activity: offline,
        attributes: worker.attributes,
        activitySinceMs: now - 3_600_000,
      }),
  );
  const [ringing, answering, third, resting] = agents;
  if (!ringing || !answering || !third || !resting) throw new Error("not enough agents in the two queues");
  events.push(ringing.setActivity(now - 600_000, available), answering.setActivity(now - 590_000, available));
  events.push(third.setActivity(now - 580_000, available), resting.setActivity(now - 300_000, onBreak));

  // Served queue: one answered in 8 s and completed after 3 min; one abandoned after 30 s.
  const answered = new TaskScript(sid("WT"), now - 400_000, { channel: "voice", attributes: { type: "voice", from: "+15550000001" } });
  events.push(answered.created(), answered.entered(now - 399_000, servedQueue.sid));
  const offer = answered.reserve(now - 393_000, answering);
  events.push(offer.event, answered.accept(now - 392_000, answering, offer.reservationSid));
  events.push(answered.wrapup(now - 212_000), answered.completed(now - 200_000));
  const abandoned = new TaskScript(sid("WT"), now - 150_000, { channel: "voice", attributes: { type: "voice", from: "+15550000002" } });
  events.push(abandoned.created(), abandoned.entered(now - 149_000, servedQueue.sid), abandoned.canceled(now - 120_000));

  // Busy queue: three waiting, the oldest ringing an agent.
  const waiting = [45_000, 25_000, 6_000].map(
    (ageMs, i) =>
      new TaskScript(sid("WT"), now - ageMs, {
        priority: i === 2 ? 5 : 0,
        // Two chats and a voice call: the queue's figures split by channel.
        channel: i === 2 ? "voice" : "chat",
        attributes: { type: i === 2 ? "voice" : "chat", name: `Customer ${i + 1}` },
      }),
  );
  for (const task of waiting) events.push(task.created(), task.entered(task.createdAtMs + 500, busyQueue.sid));
  const oldest = waiting[0];
  if (oldest) events.push(oldest.reserve(now - 2_000, ringing).event);

  await postEvents(app, workspaceSid, events);
  return {
    workspaceSid,
    busyQueueSid: busyQueue.sid,
    servedQueueSid: servedQueue.sid,
    waitingTaskSids: waiting.map((task) => task.sid),
    available,
  };
}
