import type { Thresholds } from "@/lib/ui/thresholds";
import type { MetricsSnapshot, WorkerSnapshot } from "@/lib/metrics/types";

/** What a browser subscribes to: the workspace overview, or one queue's detail. */
export type Subscription = { queueSid: string | null; minutes: number | null };

export type SnapshotMessage = {
  /** Room-local sequence number; a client that sees a gap asks for `resync`. */
  seq: number;
  room: string;
  snapshot: MetricsSnapshot;
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
  metrics: (message: SnapshotMessage) => void;
  audit: (message: AuditMessage) => void;
  worker: (message: WorkerMessage) => void;
  thresholds: (message: ThresholdsMessage) => void;
}

export interface ClientToServerEvents {
  subscribe: (subscription: Subscription, ack?: (result: { ok: boolean; error?: string }) => void) => void;
  resync: () => void;
}

export function roomName({ queueSid, minutes }: Subscription): string {
  return `${queueSid ? `queue:${queueSid}` : "workspace"}|${minutes ? `m${minutes}` : "today"}`;
}
