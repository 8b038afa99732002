"use client";

import { useEffect, useRef, useState } from "react";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { applyPatch, type Json } from "@/lib/realtime/patch";
import { type MetricsMessage, roomName, type SnapshotMessage, type SnapshotView } from "@/lib/realtime/protocol";
import type { ServerClock } from "@/lib/ui/format";
import { decideFeedMessage, type FeedPosition } from "@/lib/ui/live-sequence";
import { type LiveSocket, openLiveSocket } from "./live-client";

/**
 * - connecting: never connected yet;
 * - live: connected and receiving;
 * - reconnecting: lost the connection, retrying (the board keeps the last data);
 * - offline: could not reach the server for a while (the board says so, still retrying);
 * - unauthorized: the server refused the connection (sign-in needed).
 */
export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline" | "unauthorized";

export type LiveSnapshotState = {
  snapshot: MetricsSnapshot | null;
  clock: ServerClock | null;
  status: LiveStatus;
  /** Browser time of the last snapshot applied. */
  lastUpdateAt: number | null;
  /** Browser time the connection was lost, while it is. */
  disconnectedAt: number | null;
  /** The last connection error, for the error state. */
  error: string | null;
  /** Increments on each (re)connection: a cue for views that fetch history to refresh it. */
  connectionCount: number;
  /** The page's one connection, for other listeners (the audit feed) to share; null until opened. */
  socket: LiveSocket | null;
};

/** Renders at most this often, however fast pushes arrive (the hub already coalesces per room). */
const MIN_RENDER_INTERVAL_MS = 250;
/** Disconnected this long, the board says the server is unreachable rather than "reconnecting". */
const OFFLINE_AFTER_MS = 8_000;

/**
 * The one owner of the Socket.IO feed: connects, subscribes to what the page shows
 * (`queueSid`/`minutes`/`view`), applies `snapshot` messages and in-order `metrics` deltas to the
 * last snapshot, asks for `resync` on a sequence gap (or a delta without its base) and
 * resubscribes after every reconnect (the server then sends a fresh snapshot), and coalesces renders.
 */
export function useLiveSnapshot({
  queueSid = null,
  minutes = null,
  view = "full",
  initialSnapshot = null,
}: {
  queueSid?: string | null;
  minutes?: number | null;
  /** "board" for pages that show agents only as counts of their states (the wallboard). */
  view?: SnapshotView;
  initialSnapshot?: MetricsSnapshot | null;
}): LiveSnapshotState {
  const [state, setState] = useState<LiveSnapshotState>(() => ({
    snapshot: initialSnapshot,
    clock: initialSnapshot ? { generatedAtMs: Date.parse(initialSnapshot.generatedAt), receivedAtMs: Date.now() } : null,
    status: "connecting",
    lastUpdateAt: null,
    disconnectedAt: null,
    error: null,
    connectionCount: 0,
    socket: null,
  }));
  const hasSnapshot = useRef(initialSnapshot !== null);

  useEffect(() => {
    const room = roomName({ queueSid, minutes, view });
    const subscribesOnConnect = room !== roomName({ queueSid: null, minutes: null });
    const socket = openLiveSocket();
    let position: FeedPosition = { room, seq: null };
    /** The snapshot of `position.seq`: what the next delta applies to. */
    let base: MetricsSnapshot | null = null;
    let pending: MetricsSnapshot | null = null;
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    let lastFlushAt = 0;
    let offlineTimer: ReturnType<typeof setTimeout> | null = null;
    let everConnected = false;
    setState((previous) => ({ ...previous, socket }));

    const flush = () => {
      flushTimer = null;
      if (!pending) return;
      const snapshot = pending;
      pending = null;
      lastFlushAt = Date.now();
      hasSnapshot.current = true;
      setState((previous) => ({
        ...previous,
        snapshot,
        clock: { generatedAtMs: Date.parse(snapshot.generatedAt), receivedAtMs: lastFlushAt },
        lastUpdateAt: lastFlushAt,
        status: "live",
        disconnectedAt: null,
        error: null,
      }));
    };

    /** The snapshot a message brings: itself, or its delta applied to the base; null when it cannot. */
    const follow = (message: SnapshotMessage | MetricsMessage): MetricsSnapshot | null => {
      if ("snapshot" in message) return message.snapshot;
      if (!base) return null;
      try {
        return applyPatch(base as unknown as Json, message.patch) as unknown as MetricsSnapshot;
      } catch {
        return null;
      }
    };

    const receive = (message: SnapshotMessage | MetricsMessage) => {
      const kind = "snapshot" in message ? "snapshot" : "metrics";
      const decision = decideFeedMessage(position, { kind, room: message.room, seq: message.seq });
      if (decision.action === "ignore") return;
      const next = decision.action === "apply" ? follow(message) : null;
      if (decision.action !== "apply" || !next) {
        socket.emit("resync");
        return;
      }
      position = decision.position;
      base = next;
      pending = next;
      if (flushTimer) return;
      const wait = kind === "snapshot" ? 0 : Math.max(0, lastFlushAt + MIN_RENDER_INTERVAL_MS - Date.now());
      flushTimer = setTimeout(flush, wait);
    };

    const clearOfflineTimer = () => {
      if (offlineTimer) clearTimeout(offlineTimer);
      offlineTimer = null;
    };

    socket.on("connect", () => {
      everConnected = true;
      clearOfflineTimer();
      // Sequence numbers are per server process: after a reconnect only a snapshot is a baseline.
      position = { room, seq: null };
      base = null;
      if (subscribesOnConnect) {
        socket.emit("subscribe", { queueSid, minutes, view }, (result) => {
          if (!result.ok) setState((previous) => ({ ...previous, error: result.error ?? "subscription refused" }));
        });
      }
      setState((previous) => ({
        ...previous,
        status: "live",
        disconnectedAt: null,
        error: null,
        connectionCount: previous.connectionCount + 1,
      }));
    });
    socket.on("snapshot", receive);
    socket.on("metrics", receive);
    socket.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return;
      const at = Date.now();
      setState((previous) => ({ ...previous, status: "reconnecting", disconnectedAt: previous.disconnectedAt ?? at }));
      clearOfflineTimer();
      offlineTimer = setTimeout(
        () => setState((previous) => (previous.status === "reconnecting" ? { ...previous, status: "offline" } : previous)),
        OFFLINE_AFTER_MS,
      );
    });
    socket.on("connect_error", (error) => {
      const refused = /unauthori[sz]ed|forbidden|sign[ -]?in|log[ -]?in|session/i.test(error.message);
      setState((previous) => ({
        ...previous,
        status: refused
          ? "unauthorized"
          : everConnected || hasSnapshot.current
            ? previous.status === "offline"
              ? "offline"
              : "reconnecting"
            : "offline",
        disconnectedAt: previous.disconnectedAt ?? Date.now(),
        error: refused ? error.message : "The wallboard server is unreachable",
      }));
      if (!offlineTimer && !refused) {
        offlineTimer = setTimeout(
          () => setState((previous) => (previous.status === "reconnecting" ? { ...previous, status: "offline" } : previous)),
          OFFLINE_AFTER_MS,
        );
      }
    });

    return () => {
      if (flushTimer) clearTimeout(flushTimer);
      clearOfflineTimer();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [queueSid, minutes, view]);

  return state;
}
