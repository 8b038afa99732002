"use client";

import type { MetricsSnapshot } from "@/lib/metrics/types";
import type { SnapshotView } from "@/lib/realtime/protocol";
import { type ServerTime, serverTime } from "./server-time";
import { type LiveSnapshotState, useLiveSnapshot } from "./use-live-snapshot";
import { useNow } from "./use-now";

export type LivePage = ServerTime & { live: LiveSnapshotState; now: number | null };

/**
 * What every live page starts with: the feed (the socket stays in useLiveSnapshot), a ticking
 * browser clock and the server time derived from both.
 */
export function useLivePage({
  queueSid = null,
  minutes = null,
  initialSnapshot,
  view,
}: {
  queueSid?: string | null;
  /** A rolling window of the last N minutes instead of today. */
  minutes?: number | null;
  initialSnapshot: MetricsSnapshot | null;
  /** `board` leaves per-agent figures out of the feed (the wallboard shows agents by state only). */
  view?: SnapshotView;
}): LivePage {
  const live = useLiveSnapshot({ queueSid, minutes, initialSnapshot, view });
  const now = useNow();
  return { live, now, ...serverTime(live, now) };
}
