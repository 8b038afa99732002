import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { LiveMetrics } from "@/lib/live/live-metrics";
import type { MetricsWindow } from "@/lib/metrics/types";
import {
  type AuditMessage,
  type ClientToServerEvents,
  roomName,
  type ServerToClientEvents,
  type SnapshotMessage,
  type Subscription,
} from "./protocol";

/** At most this many `metrics` pushes per room per second. */
const PUSHES_PER_SECOND = 4;
/** Pushes continue this often without events, so windows and ages stay current. */
const HEARTBEAT_MS = 5_000;

/** Sockets that may receive `audit` entries (the roles that may read the audit log); joined by the socket auth. */
export const AUDIT_ROOM = "audit:readers";

export type SocketAuthorizer = (socket: Socket) => Promise<{ ok: true } | { ok: false; reason: string }>;

type SocketData = { room: string | null };
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const subscriptionSchema = (value: unknown): Subscription | null => {
  if (typeof value !== "object" || value === null) return null;
  const { queueSid, minutes } = value as Record<string, unknown>;
  const okQueue = queueSid === null || queueSid === undefined || (typeof queueSid === "string" && /^WQ\w{1,62}$/.test(queueSid));
  const okMinutes =
    minutes === null ||
    minutes === undefined ||
    (typeof minutes === "number" && Number.isInteger(minutes) && minutes > 0 && minutes <= 1440);
  if (!okQueue || !okMinutes) return null;
  return { queueSid: (queueSid as string | undefined) ?? null, minutes: (minutes as number | undefined) ?? null };
};

function parseRoom(room: string): Subscription {
  const [scope = "", window = ""] = room.split("|");
  return {
    queueSid: scope.startsWith("queue:") ? scope.slice("queue:".length) : null,
    minutes: window.startsWith("m") ? Number(window.slice(1)) : null,
  };
}

/**
 * Socket.IO on the app's HTTP server: a full `snapshot` on connect and on (re)subscribe,
 * then `metrics` per room coalesced to a few per second, `worker` changes and `audit` entries.
 * Each instance folds every event itself, so metrics go to local sockets only; audit entries,
 * which one instance produces, go through the adapter to every instance.
 */
export class RealtimeHub {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly seqByRoom = new Map<string, number>();
  private readonly dirtyWorkers = new Set<string>();
  private pushTimer: NodeJS.Timeout | null = null;
  private lastPushAt = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

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
    this.unsubscribe = live.onChange(({ event }) => {
      if (event.workerSid) this.dirtyWorkers.add(event.workerSid);
      this.schedulePush();
    });
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
      if (socket.data.room) socket.emit("snapshot", this.message(socket.data.room, false));
    });
  }

  private join(socket: HubSocket, subscription: Subscription): void {
    const room = roomName(subscription);
    if (socket.data.room && socket.data.room !== room) void socket.leave(socket.data.room);
    socket.data.room = room;
    void socket.join(room);
    socket.emit("snapshot", this.message(room, false));
  }

  private message(room: string, advance: boolean): SnapshotMessage {
    const seq = (this.seqByRoom.get(room) ?? 0) + (advance ? 1 : 0);
    this.seqByRoom.set(room, seq);
    const { queueSid, minutes } = parseRoom(room);
    const window: MetricsWindow = minutes ? { kind: "minutes", minutes } : { kind: "today" };
    const snapshot = this.live.snapshot({ now: this.now(), window, ...(queueSid ? { queueSid } : {}) });
    return { seq, room, snapshot };
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

  /** One snapshot per room that has local sockets; identical payload for all its sockets. */
  private push(): void {
    const rooms = this.io.of("/").adapter.rooms;
    for (const [room, members] of rooms) {
      if (!room.includes("|") || members.size === 0) continue;
      this.io.local.to(room).emit("metrics", this.message(room, true));
    }
    if (this.dirtyWorkers.size > 0) {
      const at = new Date(this.now()).toISOString();
      for (const workerSid of this.dirtyWorkers) {
        const worker = this.live.worker(workerSid, this.now());
        if (worker) this.io.local.emit("worker", { at, worker });
      }
      this.dirtyWorkers.clear();
    }
  }

  /** An admin action or reassignment, to every supervisor on every instance. */
  emitAudit(message: AuditMessage): void {
    this.io.to(AUDIT_ROOM).emit("audit", message);
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.unsubscribe();
    await new Promise<void>((resolve) => {
      void this.io.close(() => resolve());
    });
  }
}
