/** A small workspace for routing scenarios: three agents, two skill queues, escalation targets. */
import type { ContactCentreDefinition, Emulator } from "@/lib/emulator";

export const SMALL_CENTRE: ContactCentreDefinition = {
  workspaceName: "Routing lab",
  activities: [
    { key: "offline", friendlyName: "Offline", available: false },
    { key: "available", friendlyName: "Available", available: true },
    { key: "break", friendlyName: "Break", available: false },
  ],
  defaultActivity: "offline",
  timeoutActivity: "offline",
  taskChannels: [
    { uniqueName: "default", friendlyName: "Default", capacity: 1 },
    { uniqueName: "voice", friendlyName: "Voice", capacity: 1 },
    { uniqueName: "chat", friendlyName: "Chat", capacity: 3 },
  ],
  queues: [
    { key: "sales", friendlyName: "Sales", targetWorkers: 'skills HAS "sales"' },
    { key: "support", friendlyName: "Support", targetWorkers: 'skills HAS "support"' },
    { key: "direct", friendlyName: "Direct", targetWorkers: "1==1" },
  ],
  workflow: {
    friendlyName: "Lab routing",
    taskReservationTimeout: 15,
    knownAgentQueue: "direct",
    queueReassignment: true,
    filters: [
      {
        name: "Escalate",
        expression: 'type == "escalate"',
        targets: [
          { queue: "sales", timeout: 30 },
          { queue: "support", priority: 5 },
        ],
      },
      { name: "Timed", expression: 'type == "timed"', targets: [{ queue: "sales", timeout: 20 }] },
      { name: "Senior", expression: 'type == "senior"', targets: [{ queue: "sales", expression: "worker.level >= 5" }] },
      { name: "Sales", expression: 'type == "sales"', targets: [{ queue: "sales" }] },
    ],
    defaultQueue: "support",
  },
  workers: [
    { friendlyName: "Alice", attributes: { skills: ["sales"], level: 1 } },
    { friendlyName: "Bob", attributes: { skills: ["sales"], level: 5 } },
    { friendlyName: "Carol", attributes: { skills: ["support"], level: 3 } },
  ],
};

/** Names and sids of the small centre, and shortcuts over the engine. */
export function lab(emulator: Emulator) {
  const centre = emulator.contactCentre!;
  const engine = emulator.engine;
  const workerSid = (name: string): string => {
    const worker = [...engine.state.workers.values()].find((w) => w.friendlyName === name);
    if (!worker) throw new Error(`no worker ${name}`);
    return worker.sid;
  };
  return {
    centre,
    engine,
    workerSid,
    queue: (key: string) => centre.queues[key]!,
    activity: (key: string) => centre.activities[key]!,
    setActivity: (name: string, key: string) => engine.workers.update(workerSid(name), { activitySid: centre.activities[key]! }),
    createTask: (attributes: Record<string, unknown>, extra: { priority?: number; timeout?: number; channel?: string } = {}) =>
      engine.tasks.create({
        attributes: JSON.stringify(attributes),
        taskChannel: extra.channel ?? "voice",
        ...(extra.priority !== undefined ? { priority: extra.priority } : {}),
        ...(extra.timeout !== undefined ? { timeout: extra.timeout } : {}),
      }),
    /** The pending reservation of a task, if any. */
    reservationOf: (taskSid: string) => {
      const task = engine.state.tasks.get(taskSid);
      return task?.pendingReservationSids[0] ? engine.state.reservations.get(task.pendingReservationSids[0]) : undefined;
    },
    reservedWorkerName: (taskSid: string) => {
      const task = engine.state.tasks.get(taskSid);
      const reservation = task?.pendingReservationSids[0] ? engine.state.reservations.get(task.pendingReservationSids[0]) : undefined;
      return reservation ? engine.state.workers.get(reservation.workerSid)?.friendlyName : undefined;
    },
    /** Event types (and the queue they name) emitted after `mark` events. */
    eventsSince: (mark: number) =>
      engine.state.events
        .slice(mark)
        .map((e) => ({ type: e.type, queue: e.queueSid, task: e.taskSid, worker: e.workerSid, params: e.params })),
    mark: () => engine.state.events.length,
  };
}
