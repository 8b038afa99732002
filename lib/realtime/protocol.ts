import type { Thresholds } from "@/lib/ui/thresholds";
import type { MetricsSnapshot, WorkerSnapshot } from "@/lib/metrics/types";
import type { Patch } from "./patch";

/**
 * What a page shows:
 * - full: every figure, agents' rows included;
 * - board: the wallboard's figures; agents only as their state (activity, availability, tasks'
 *   statuses), per-agent figures left out, so pushes carry no per-agent clocks.
 */
export type SnapshotView = "full" | "board";

/** What a browser subscribes to: the workspace overview, or one queue's detail; and the view. */
export type Subscription = { queueSid: string | null; minutes: number | null; view?: SnapshotView };

export type SnapshotMessage = {
  /** Room-local sequence number; a client that sees a gap asks for `resync`. */
  seq: number;
  room: string;
  snapshot: MetricsSnapshot;
};

/**
 * A room's change since its previous message (lib/realtime/patch.ts): a client applies it to the
 * snapshot of `seq - 1`; with any other base (a gap, or none yet) it asks for `resync`.
 */
export type MetricsMessage = {
  seq: number;
  room: string;
  patch: Patch;
};

export type AuditMessage = {
  id: string;
  at: string;
  actor: string;
  actorRole: string;
  action: string;
  targetType: string;
  targetSid: string;
  before: unknown;
  after: unknown;
  result: "success" | "error";
  errorCode: number | null;
  errorMessage: string | null;
};

export type WorkerMessage = { at: string; worker: WorkerSnapshot };

/** The wallboard thresholds after an admin changed them: every board recolours at once. */
export type ThresholdsMessage = { at: string; thresholds: Thresholds };

export interface ServerToClientEvents {
  snapshot: (message: SnapshotMessage) => void;
  metrics: (message: MetricsMessage) => void;
  audit: (message: AuditMessage) => void;
  worker: (message: WorkerMessage) => void;
  thresholds: (message: ThresholdsMessage) => void;
}

export interface ClientToServerEvents {
  subscribe: (subscription: Subscription, ack?: (result: { ok: boolean; error?: string }) => void) => void;
  resync: () => void;
}

export function roomName({ queueSid, minutes, view = "full" }: Subscription): string {
  return `${queueSid ? `queue:${queueSid}` : "workspace"}|${minutes ? `m${minutes}` : "today"}${view === "full" ? "" : `|${view}`}`;
}
