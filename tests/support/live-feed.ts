import type { Socket } from "socket.io-client";
import { applyPatch, type Json } from "@/lib/realtime/patch";
import type { ClientToServerEvents, MetricsMessage, ServerToClientEvents, SnapshotMessage } from "@/lib/realtime/protocol";
import type { MetricsSnapshot } from "@/lib/metrics/types";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Listener = (message: SnapshotMessage) => void;
export type Feed = {
  on(event: "snapshot" | "metrics", listener: Listener): void;
  off(event: "snapshot" | "metrics", listener: Listener): void;
};

const feeds = new WeakMap<Client, Feed>();

/**
 * A socket's messages as whole snapshots, the way a page sees them: `metrics` deltas applied to
 * the room's previous snapshot (a delta whose base is missing is dropped, as a page would resync).
 * Attach before the first message arrives (right after `io()`).
 */
export function snapshotFeed(socket: Client): Feed {
  const existing = feeds.get(socket);
  if (existing) return existing;
  const latest = new Map<string, SnapshotMessage>();
  const listeners = { snapshot: new Set<Listener>(), metrics: new Set<Listener>() };
  socket.on("snapshot", (message) => {
    latest.set(message.room, message);
    for (const listener of [...listeners.snapshot]) listener(message);
  });
  socket.on("metrics", (message: MetricsMessage) => {
    const base = latest.get(message.room);
    if (!base || base.seq !== message.seq - 1) return;
    const snapshot = applyPatch(base.snapshot as unknown as Json, message.patch) as unknown as MetricsSnapshot;
    const whole: SnapshotMessage = { seq: message.seq, room: message.room, snapshot };
    latest.set(message.room, whole);
    for (const listener of [...listeners.metrics]) listener(whole);
  });
  const feed: Feed = {
    on: (event, listener) => void listeners[event].add(listener),
    off: (event, listener) => void listeners[event].delete(listener),
  };
  feeds.set(socket, feed);
  return feed;
}
