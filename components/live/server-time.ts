import { serverNow } from "@/lib/ui/format";
import type { LiveSnapshotState } from "./use-live-snapshot";

export type ServerTime = {
  /** The server's time now, for the clock (null before the first snapshot). */
  clockMs: number | null;
  /**
   * The time ages are shown at: the clock while connected; frozen at the moment the connection
   * dropped otherwise, since nobody knows whether a waiting task was answered meanwhile.
   */
  dataMs: number | null;
  /** Seconds from the snapshot's `generatedAt` to `dataMs`: how far ages have ticked. */
  elapsedSeconds: number;
};

export function serverTime(live: Pick<LiveSnapshotState, "clock" | "status" | "disconnectedAt">, browserNowMs: number | null): ServerTime {
  const { clock } = live;
  if (!clock) return { clockMs: null, dataMs: null, elapsedSeconds: 0 };
  const clockMs = browserNowMs === null ? clock.generatedAtMs : serverNow(clock, browserNowMs);
  const frozenAt = live.status !== "live" && live.disconnectedAt !== null ? live.disconnectedAt : null;
  const dataMs = frozenAt === null ? clockMs : Math.min(clockMs, serverNow(clock, frozenAt));
  return { clockMs, dataMs, elapsedSeconds: (dataMs - clock.generatedAtMs) / 1000 };
}
