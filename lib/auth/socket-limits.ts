import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { RealtimeHub } from "@/lib/realtime/hub";

type HubServer = RealtimeHub["io"];

/** Each `resync` or `subscribe` answers with a full snapshot: a few of each per connection and second at most. */
export const SNAPSHOT_REQUESTS = { points: 5, durationSeconds: 5 };
/** Transport connections that have not (yet) passed the handshake's authentication, per instance. */
export const MAX_PENDING_CONNECTIONS = 200;
/** A transport connection that has not authenticated by then is closed. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

const LIMITED_EVENTS = new Set(["resync", "subscribe"]);

/**
 * Floods: a connection may ask for snapshots only so often (the rest are dropped, an ack told
 * why), and connections that never authenticate are bounded in number and in time.
 */
export function limitSocketFloods(io: HubServer): void {
  const snapshots = new RateLimiterMemory({ points: SNAPSHOT_REQUESTS.points, duration: SNAPSHOT_REQUESTS.durationSeconds });

  io.connectTimeout(HANDSHAKE_TIMEOUT_MS);
  const pending = new Set<object>();
  io.engine.on("connection", (connection: { close(): void; once(event: "close", listener: () => void): void }) => {
    if (pending.size >= MAX_PENDING_CONNECTIONS) {
      connection.close();
      return;
    }
    pending.add(connection);
    connection.once("close", () => pending.delete(connection));
  });

  io.on("connection", (socket) => {
    pending.delete(socket.conn);
    socket.use((packet, next) => {
      const [event] = packet;
      if (typeof event !== "string" || !LIMITED_EVENTS.has(event)) return next();
      snapshots.consume(`${socket.id}|${event}`).then(
        () => next(),
        (refusal: unknown) => {
          if (!(refusal instanceof RateLimiterRes)) return next(refusal instanceof Error ? refusal : new Error(String(refusal)));
          const ack = packet[packet.length - 1];
          const waitSeconds = Math.ceil(refusal.msBeforeNext / 1000);
          if (typeof ack === "function") ack({ ok: false, error: `Too many ${event} requests: try again in ${waitSeconds} s` });
        },
      );
    });
    socket.once("disconnect", () => {
      for (const event of LIMITED_EVENTS) void snapshots.delete(`${socket.id}|${event}`);
    });
  });
}
