import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { LiveMetrics } from "@/lib/live/live-metrics";
import type { MetricsWindow } from "@/lib/metrics/types";
import { diff, type Json } from "./patch";
import {
  type AuditMessage,
  type ClientToServerEvents,
  roomName,
  type ServerToClientEvents,
  type SnapshotMessage,
  type SnapshotView,
  type Subscription,
} from "./protocol";
import { viewOf } from "./views";

/** At most this many `metrics` pushes per room per second. */
const PUSHES_PER_SECOND = 4;
/** Pushes continue this often without events, so windows and ages stay current. */
const HEARTBEAT_MS = 5_000;

/** Sockets that may receive `audit` entries (the roles that may read the audit log); joined by the socket auth. */
export const AUDIT_ROOM = "audit:readers";

export type SocketAuthorizer = (socket: Socket) => Promise<{ ok: true } | { ok: false; reason: string }>;

type SocketData = { room: string | null };
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Sockets of the full view join this room too: `worker` rows are for them only. */
const FULL_VIEW_ROOM = "view:full";

const subscriptionSchema = (value: unknown): Subscription | null => {
  if (typeof value !== "object" || value === null) return null;
  const { queueSid, minutes, view } = value as Record<string, unknown>;
  const okQueue = queueSid === null || queueSid === undefined || (typeof queueSid === "string" && /^WQ\w{1,62}$/.test(queueSid));
  const okMinutes =
    minutes === null ||
    minutes === undefined ||
    (typeof minutes === "number" && Number.isInteger(minutes) && minutes > 0 && minutes <= 1440);
  const okView = view === undefined || view === "full" || view === "board";
  if (!okQueue || !okMinutes || !okView) return null;
  return {
    queueSid: (queueSid as string | undefined) ?? null,
    minutes: (minutes as number | undefined) ?? null,
    view: (view as SnapshotView | undefined) ?? "full",
  };
};

function parseRoom(room: string): Required<Subscription> {
  const [scope = "", window = "", view = "full"] = room.split("|");
  return {
    queueSid: scope.startsWith("queue:") ? scope.slice("queue:".length) : null,
    minutes: window.startsWith("m") ? Number(window.slice(1)) : null,
    view: view === "board" ? "board" : "full",
  };
}

/** The last snapshot a room was sent and its sequence number: the base of the next delta. */
type RoomFeed = { seq: number; snapshot: SnapshotMessage["snapshot"] };

/**
 * Socket.IO on the app's HTTP server: a full `snapshot` on connect, (re)subscribe and resync,
 * then `metrics` deltas per room coalesced to a few per second, `worker` changes and `audit` entries.
 * Each instance folds every event itself, so metrics go to local sockets only; audit entries,
 * which one instance produces, go through the adapter to every instance.
 */
export class RealtimeHub {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly feeds = new Map<string, RoomFeed>();
  private readonly dirtyWorkers = new Set<string>();
  private pushTimer: NodeJS.Timeout | null = null;
  private lastPushAt = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    httpServer: HttpServer,
    private readonly live: LiveMetrics,
    options: { authorize?: SocketAuthorizer; now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.io = new Server(httpServer, { path: "/socket.io", serveClient: false });
    if (options.authorize) {
      const authorize = options.authorize;
      this.io.use((socket, next) => {
        authorize(socket).then(
          (result) => next(result.ok ? undefined : new Error(result.reason)),
          (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
        );
      });
    }
    this.io.on("connection", (socket) => this.onConnection(socket));
    this.heartbeat = setInterval(() => this.schedulePush(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private readonly now: () => number;

  private onConnection(socket: HubSocket): void {
    // The handshake (headers, cookie) is copied by now: drop the retained HTTP request, since
    // memory per connection matters on a wallboard fleet.
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.data.room = null;
    this.join(socket, { queueSid: null, minutes: null });
    socket.on("subscribe", (raw, ack) => {
      const subscription = subscriptionSchema(raw);
      if (!subscription) {
        ack?.({ ok: false, error: "subscribe takes { queueSid: WQ… | null, minutes: 1–1440 | null }" });
        return;
      }
      this.join(socket, subscription);
      ack?.({ ok: true });
    });
    socket.on("resync", () => {
      if (socket.data.room) socket.emit("snapshot", this.current(socket.data.room));
    });
  }

  private join(socket: HubSocket, subscription: Subscription): void {
    const room = roomName(subscription);
    if (socket.data.room && socket.data.room !== room) void socket.leave(socket.data.room);
    socket.data.room = room;
    void socket.join(room);
    if (subscription.view === "board") void socket.leave(FULL_VIEW_ROOM);
    else void socket.join(FULL_VIEW_ROOM);
    socket.emit("snapshot", this.current(room));
  }

  private build(room: string): SnapshotMessage["snapshot"] {
    const { queueSid, minutes, view } = parseRoom(room);
    const window: MetricsWindow = minutes ? { kind: "minutes", minutes } : { kind: "today" };
    return viewOf(this.live.snapshot({ now: this.now(), window, ...(queueSid ? { queueSid } : {}) }), view);
  }

  /**
   * The room's last pushed snapshot, the base its next delta applies to (a newcomer's first one
   * is at most one push interval behind: the push that follows brings it up to date).
   */
  private current(room: string): SnapshotMessage {
    let feed = this.feeds.get(room);
    if (!feed) {
      feed = { seq: 0, snapshot: this.build(room) };
      this.feeds.set(room, feed);
    } else {
      this.schedulePush();
    }
    return { seq: feed.seq, room, snapshot: feed.snapshot };
  }

  private schedulePush(): void {
    if (this.pushTimer) return;
    const wait = Math.max(0, this.lastPushAt + 1000 / PUSHES_PER_SECOND - this.now());
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.lastPushAt = this.now();
      this.push();
    }, wait);
  }

  /** One delta per room that has local sockets; identical payload for all its sockets. */
  private push(): void {
    const rooms = this.io.of("/").adapter.rooms;
    for (const room of this.feeds.keys()) if (!rooms.get(room)?.size) this.feeds.delete(room);
    for (const [room, members] of rooms) {
      if (!room.includes("|") || members.size === 0) continue;
      const feed = this.feeds.get(room);
      const snapshot = this.build(room);
      if (!feed) {
        this.feeds.set(room, { seq: 0, snapshot });
        continue;
      }
      const patch = diff(feed.snapshot as unknown as Json, snapshot as unknown as Json);
      feed.snapshot = snapshot;
      if (patch === undefined) continue;
      feed.seq += 1;
      this.io.local.to(room).emit("metrics", { seq: feed.seq, room, patch });
    }
    // Worker rows are built only when a local socket shows them (a room of wallboards has none).
    if (this.dirtyWorkers.size > 0 && (rooms.get(FULL_VIEW_ROOM)?.size ?? 0) > 0) {
      const at = new Date(this.now()).toISOString();
      for (const workerSid of this.dirtyWorkers) {
        const worker = this.live.worker(workerSid, this.now());
        if (worker) this.io.local.to(FULL_VIEW_ROOM).emit("worker", { at, worker });
      }
    }
    this.dirtyWorkers.clear();
  }

  /** Called by ingest for each event folded: the rooms' metrics and the event's worker are due. */
  eventFolded(event: { workerSid: string | null }): void {
    if (event.workerSid) this.dirtyWorkers.add(event.workerSid);
    this.schedulePush();
  }

  /** An admin action or reassignment, to every supervisor on every instance. */
  emitAudit(message: AuditMessage): void {
    this.io.to(AUDIT_ROOM).emit("audit", message);
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    await new Promise<void>((resolve) => {
      void this.io.close(() => resolve());
    });
  }
}
