/** A small contact centre shared by the metrics tests. */
import type { WorkspaceConfig } from "@/lib/config/types";
import type { MetricsSettings } from "@/lib/metrics/types";
import { type Activity, sid, WorkerScript } from "@/tests/support/events";

export const AVAILABLE: Activity = { sid: sid("WA", 1), name: "Available" };
export const BREAK: Activity = { sid: sid("WA", 2), name: "Break" };
export const OFFLINE: Activity = { sid: sid("WA", 3), name: "Offline" };

export const SALES = sid("WQ", 1);
export const SUPPORT = sid("WQ", 2);
/** TargetWorkers that does not parse: the queue must match nobody. */
export const BROKEN = sid("WQ", 3);

export const ALICE = sid("WK", 1);
export const BOB = sid("WK", 2);
export const CAROL = sid("WK", 3);
export const DAVE = sid("WK", 4);

export const WORKER_ATTRIBUTES: Record<string, Record<string, unknown>> = {
  [ALICE]: { skills: ["sales", "support"] },
  [BOB]: { skills: ["support"] },
  [CAROL]: { skills: ["sales"] },
  [DAVE]: { skills: [] },
};

export function config(): WorkspaceConfig {
  return {
    workspace: { sid: "WS00000000000000000000000000000000", friendlyName: "Test Contact Centre" },
    activities: [
      { sid: AVAILABLE.sid, friendlyName: AVAILABLE.name, available: true },
      { sid: BREAK.sid, friendlyName: BREAK.name, available: false },
      { sid: OFFLINE.sid, friendlyName: OFFLINE.name, available: false },
    ],
    queues: [
      { sid: SALES, friendlyName: "Sales", targetWorkers: "skills HAS 'sales'" },
      { sid: SUPPORT, friendlyName: "Support", targetWorkers: "skills HAS 'support'" },
      { sid: BROKEN, friendlyName: "Broken", targetWorkers: "skills HAS (" },
    ],
    workers: [
      { sid: ALICE, friendlyName: "Alice", attributes: WORKER_ATTRIBUTES[ALICE]!, activitySid: AVAILABLE.sid },
      { sid: BOB, friendlyName: "Bob", attributes: WORKER_ATTRIBUTES[BOB]!, activitySid: AVAILABLE.sid },
      { sid: CAROL, friendlyName: "Carol", attributes: WORKER_ATTRIBUTES[CAROL]!, activitySid: OFFLINE.sid },
      { sid: DAVE, friendlyName: "Dave", attributes: WORKER_ATTRIBUTES[DAVE]!, activitySid: BREAK.sid },
    ],
    workflows: [{ sid: sid("WW", 1), friendlyName: "Default", configuration: null }],
  };
}

export const SETTINGS: MetricsSettings = {
  timezone: "America/New_York",
  slaSeconds: 20,
  shortAbandonSeconds: 5,
  splitSeconds: [60],
};

/** Scripts for the configured workers, in their configured activity since `sinceMs`. */
export function workers(sinceMs: number | null = null) {
  const make = (workerSid: string, name: string, activity: Activity) =>
    new WorkerScript(workerSid, name, { activity, attributes: WORKER_ATTRIBUTES[workerSid], activitySinceMs: sinceMs });
  return {
    alice: make(ALICE, "Alice", AVAILABLE),
    bob: make(BOB, "Bob", AVAILABLE),
    carol: make(CAROL, "Carol", OFFLINE),
    dave: make(DAVE, "Dave", BREAK),
  };
}

/** 2026-01-15 10:00:00 in New York (15:00Z); local midnight is 05:00Z. */
export const T0 = Date.UTC(2026, 0, 15, 15, 0, 0);
export const MIDNIGHT_NY = Date.UTC(2026, 0, 15, 5, 0, 0);
export const s = (seconds: number) => T0 + seconds * 1000;

export const zeroDuration = { avg: 0, min: 0, max: 0, total: 0 };
