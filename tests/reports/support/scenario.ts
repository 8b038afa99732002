/**
 * A hand-checked day for the report tests: 2026-03-08 in America/New_York, the day clocks jump
 * from 02:00 EST to 03:00 EDT (a 23-hour day, 92 quarter hours). Every expected number in the
 * tests is worked out by hand in the comments here.
 *
 * Tasks (SLA 20 s, short abandon 5 s):
 * - T5 created 2026-03-07 23:59:50 EST in Sales, accepted by Bob 00:00:05 EST (wait 15 s),
 *   completed 00:10:00 EST (handle 595 s). Created the day before: not a row of the tasks export,
 *   but its acceptance and completion count on the 8th.
 * - T1 created 01:50:00 EST in Sales, reservation 01:50:05, accepted by Ada 01:50:10 (wait 10 s,
 *   9 s in queue: TaskQueueEnteredDate has whole seconds), wrap-up 03:05:00 EDT, completed
 *   03:06:00 EDT: handle 950 s across the missing hour, wrap-up 60 s.
 * - T2 created 03:10:00 EDT in Sales, moved to Support 03:10:30, reserved for Bob, rejected,
 *   reserved for Ada 03:10:45, accepted 03:11:00 (wait 60 s, 30 s in Support), completed 03:20:00
 *   (handle 540 s), no wrap-up.
 * - T3 created 03:12:00 EDT in Support, canceled 03:12:03: a short abandon (3 s).
 * - T4 created 03:13:00 EDT in Sales, canceled 03:13:40: an abandon (40 s), with a reason that
 *   a spreadsheet would run as a formula (and that needs quoting).
 *
 * Agents:
 * - Ada: Available from 20:00 EST the day before, Break 03:30–03:45 EDT, Available until 06:00
 *   EDT, then Offline. Busy with T1 (950 s) and T2 (540 s).
 * - Bob (named "=Bob", to test formula neutralising): Available from 23:00 EST the day before,
 *   Offline from 01:00 EST. Busy with T5 (595 s).
 */
import { sid, TaskScript, WorkerScript, type TestEvent } from "@/tests/support/events";

export const ZONE = "America/New_York";
export const DAY = { from: "2026-03-08", to: "2026-03-08" };
export const DAY_MS = { fromMs: Date.parse("2026-03-08T05:00:00Z"), toMs: Date.parse("2026-03-09T04:00:00Z") };

export type ScenarioSids = {
  sales: string;
  support: string;
  available: { sid: string; name: string };
  break: { sid: string; name: string };
  offline: { sid: string; name: string };
};

export const DEFAULT_SIDS: ScenarioSids = {
  sales: sid("WQ", 0x5a1e5),
  support: sid("WQ", 0x5b0),
  available: { sid: sid("WA", 1), name: "Available" },
  break: { sid: sid("WA", 2), name: "Break" },
  offline: { sid: sid("WA", 3), name: "Offline" },
};

export const T4_REASON = '=HYPERLINK("http://evil.example/?a,b","Refund"), line\r\nbreak';
export const TASKS = { t1: sid("WT", 0xd1), t2: sid("WT", 0xd2), t3: sid("WT", 0xd3), t4: sid("WT", 0xd4), t5: sid("WT", 0xd5) };
export const WORKERS = { ada: sid("WK", 0xada), bob: sid("WK", 0xb0b) };

const at = (iso: string) => Date.parse(iso);

/** The scenario's events, in event-time order. */
export function scenarioEvents(sids: ScenarioSids = DEFAULT_SIDS): TestEvent[] {
  const events: TestEvent[] = [];
  const push = (...e: TestEvent[]) => events.push(...e);
  const ada = new WorkerScript(WORKERS.ada, "Ada", { activity: sids.offline, activitySinceMs: at("2026-03-07T12:00:00Z") });
  const bob = new WorkerScript(WORKERS.bob, "=Bob", { activity: sids.offline, activitySinceMs: at("2026-03-07T12:00:00Z") });

  push(ada.setActivity(at("2026-03-08T01:00:00Z"), sids.available));
  push(bob.setActivity(at("2026-03-08T04:00:00Z"), sids.available));

  const t5 = new TaskScript(TASKS.t5, at("2026-03-08T04:59:50Z"));
  push(t5.created(), t5.entered(at("2026-03-08T04:59:50Z"), sids.sales));
  const r5 = t5.reserve(at("2026-03-08T04:59:55Z"), bob);
  push(r5.event, t5.accept(at("2026-03-08T05:00:05Z"), bob, r5.reservationSid));
  push(t5.reservationCompleted(at("2026-03-08T05:10:00Z"), bob, r5.reservationSid), t5.completed(at("2026-03-08T05:10:00Z")));

  push(bob.setActivity(at("2026-03-08T06:00:00Z"), sids.offline));

  const t1 = new TaskScript(TASKS.t1, at("2026-03-08T06:50:00Z"));
  push(t1.created(), t1.entered(at("2026-03-08T06:50:01Z"), sids.sales));
  const r1 = t1.reserve(at("2026-03-08T06:50:05Z"), ada);
  push(r1.event, t1.accept(at("2026-03-08T06:50:10Z"), ada, r1.reservationSid));
  push(t1.wrapup(at("2026-03-08T07:05:00Z")));
  push(t1.reservationCompleted(at("2026-03-08T07:06:00Z"), ada, r1.reservationSid), t1.completed(at("2026-03-08T07:06:00Z")));

  const t2 = new TaskScript(TASKS.t2, at("2026-03-08T07:10:00Z"), { priority: 5 });
  push(t2.created(), t2.entered(at("2026-03-08T07:10:00Z"), sids.sales));
  push(t2.moved(at("2026-03-08T07:10:30Z")), t2.entered(at("2026-03-08T07:10:30Z"), sids.support));
  const r2b = t2.reserve(at("2026-03-08T07:10:35Z"), bob);
  push(r2b.event, t2.reject(at("2026-03-08T07:10:40Z"), bob, r2b.reservationSid));
  const r2a = t2.reserve(at("2026-03-08T07:10:45Z"), ada);
  push(r2a.event, t2.accept(at("2026-03-08T07:11:00Z"), ada, r2a.reservationSid));

  const t3 = new TaskScript(TASKS.t3, at("2026-03-08T07:12:00Z"));
  push(t3.created(), t3.entered(at("2026-03-08T07:12:00Z"), sids.support), t3.canceled(at("2026-03-08T07:12:03Z")));

  const t4 = new TaskScript(TASKS.t4, at("2026-03-08T07:13:00Z"));
  push(t4.created(), t4.entered(at("2026-03-08T07:13:00Z"), sids.sales), t4.canceled(at("2026-03-08T07:13:40Z"), T4_REASON));

  push(t2.reservationCompleted(at("2026-03-08T07:20:00Z"), ada, r2a.reservationSid), t2.completed(at("2026-03-08T07:20:00Z")));

  push(ada.setActivity(at("2026-03-08T07:30:00Z"), sids.break));
  push(ada.setActivity(at("2026-03-08T07:45:00Z"), sids.available));
  push(ada.setActivity(at("2026-03-08T10:00:00Z"), sids.offline));

  return events.sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * 2026-10-25 in Europe/London: clocks go back from 02:00 BST to 01:00 GMT, so 01:00–02:00 local
 * happens twice (a 25-hour day). One task in each 01:30: Sales, accepted within 8 s and 30 s.
 */
export const LONDON = { zone: "Europe/London", from: "2026-10-25", to: "2026-10-25" };
export const LONDON_TASKS = { bst: sid("WT", 0x1b57), gmt: sid("WT", 0x1900) };

export function londonEvents(sids: ScenarioSids = DEFAULT_SIDS): TestEvent[] {
  const ada = new WorkerScript(WORKERS.ada, "Ada", { activity: sids.available, activitySinceMs: at("2026-10-24T20:00:00Z") });
  const events: TestEvent[] = [];
  for (const [taskSid, createdIso, waitSeconds] of [
    [LONDON_TASKS.bst, "2026-10-25T00:30:00Z", 8],
    [LONDON_TASKS.gmt, "2026-10-25T01:30:00Z", 30],
  ] as const) {
    const task = new TaskScript(taskSid, at(createdIso));
    const created = at(createdIso);
    events.push(task.created(), task.entered(created, sids.sales));
    const r = task.reserve(created + 2000, ada);
    events.push(r.event, task.accept(created + waitSeconds * 1000, ada, r.reservationSid));
    events.push(task.completed(created + 300_000));
  }
  return events;
}

/**
 * A task whose TaskDateCreated (23:59:59 EDT on the 9th, whole seconds) is the day before its
 * first event (task.created at 00:00:00.1 on the 10th): it belongs to the 9th's tasks export.
 */
export const EDGE_TASK = sid("WT", 0xed6e);

export function edgeEvents(sids: ScenarioSids = DEFAULT_SIDS): TestEvent[] {
  const task = new TaskScript(EDGE_TASK, at("2026-03-10T03:59:59.900Z"));
  return [task.created(at("2026-03-10T04:00:00.100Z")), task.entered(at("2026-03-10T04:00:00.200Z"), sids.sales)];
}

export const FOREIGN_WORKSPACE_SID = sid("WS", 0xf0e1);

/**
 * The whole scenario again, with new event Sids, as events of another workspace (a previous
 * emulator run, another account): in the log, but in neither the live view nor the reports.
 */
export function foreignWorkspaceEvents(events: TestEvent[]): TestEvent[] {
  return events.map((event) => {
    const params = { ...event.params, Sid: `EVf${event.sid.slice(3)}`, WorkspaceSid: FOREIGN_WORKSPACE_SID };
    return { ...event, sid: params.Sid, workspaceSid: FOREIGN_WORKSPACE_SID, params };
  });
}

/** Three tasks created in the same millisecond (2026-03-12 12:00 UTC): keyset pages must split ties by Sid. */
export const TIE_TASKS = [sid("WT", 0x71e1), sid("WT", 0x71e2), sid("WT", 0x71e3)];

export function tieEvents(sids: ScenarioSids = DEFAULT_SIDS): TestEvent[] {
  const atMs = at("2026-03-12T12:00:00Z");
  return TIE_TASKS.flatMap((taskSid) => {
    const task = new TaskScript(taskSid, atMs);
    return [task.created(atMs), task.entered(atMs, sids.sales)];
  });
}

/**
 * 2026-03-15 (UTC) for Cy, Available all day: a task accepted at 23:00 the day before and
 * completed at 01:00 (busy across the start of the range), one accepted at 05:50 and
 * completed at 06:20 (across the reports' 6-hour reading spans). Busy 3600 + 1800 s.
 */
export const CY = sid("WK", 0xc7);

export function cyEvents(sids: ScenarioSids = DEFAULT_SIDS): TestEvent[] {
  const cy = new WorkerScript(CY, "Cy", { activity: sids.offline, activitySinceMs: at("2026-03-14T12:00:00Z") });
  const events = [cy.setActivity(at("2026-03-14T20:00:00Z"), sids.available)];
  for (const [n, acceptedIso, completedIso] of [
    [1, "2026-03-14T23:00:00Z", "2026-03-15T01:00:00Z"],
    [2, "2026-03-15T05:50:00Z", "2026-03-15T06:20:00Z"],
  ] as const) {
    const task = new TaskScript(sid("WT", 0xc700 + n), at(acceptedIso) - 10_000);
    const r = task.reserve(at(acceptedIso) - 5_000, cy);
    events.push(
      task.created(),
      task.entered(at(acceptedIso) - 10_000, sids.support),
      r.event,
      task.accept(at(acceptedIso), cy, r.reservationSid),
    );
    events.push(task.completed(at(completedIso)));
  }
  return events;
}

/**
 * 2026-03-20 (UTC): a chat task of type "sales" sent to Ada by "send to a specific agent" (its
 * targetWorkerSid set by task.updated) and still waiting, and a voice task sent on to Support.
 */
export const TARGETED = { from: "2026-03-20", to: "2026-03-20", toAgent: sid("WT", 0x7a6e7), toQueue: sid("WT", 0x7a6e8) };

export function targetedEvents(sids: ScenarioSids = DEFAULT_SIDS): TestEvent[] {
  const toAgent = new TaskScript(TARGETED.toAgent, at("2026-03-20T10:00:00Z"), {
    channel: "chat",
    attributes: { type: "sales", name: "Zoe" },
  });
  const toQueue = new TaskScript(TARGETED.toQueue, at("2026-03-20T10:05:00Z"), { channel: "voice", attributes: { task_type: "billing" } });
  return [
    toAgent.created(),
    toAgent.entered(at("2026-03-20T10:00:00Z"), sids.sales),
    toAgent.updateAttributes(at("2026-03-20T10:00:30Z"), { type: "sales", name: "Zoe", targetWorkerSid: WORKERS.ada }),
    toQueue.created(),
    toQueue.entered(at("2026-03-20T10:05:00Z"), sids.sales),
    toQueue.updateAttributes(at("2026-03-20T10:05:30Z"), { task_type: "billing", targetTaskQueueSid: sids.support }),
  ];
}
