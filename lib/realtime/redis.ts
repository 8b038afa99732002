import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";
import type { StoredEvent } from "@/lib/events/types";
import { errorFields, logger } from "@/lib/log";
import { closeRedisClient, type RedisClient } from "@/lib/redis-client";
import { within } from "@/lib/within";

const EVENTS_CHANNEL = "taskrouter-wallboard:events";
/** A health check answers "down" rather than wait on a server that takes the PING and never replies. */
const PING_TIMEOUT_MS = 1_000;

/**
 * Scale-out over Redis: the Socket.IO adapter (audit pushes reach every instance's browsers)
 * and an event bus, so an event stored by one instance is folded by all of them.
 */
export class RedisLink {
  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly instanceId: string,
  ) {}

  static async connect(url: string, instanceId: string): Promise<RedisLink> {
    const pub = createClient({ url });
    const sub = pub.duplicate();
    // The client reconnects on its own; every failed attempt is reported here.
    for (const client of [pub, sub]) client.on("error", (error: unknown) => logger.warn(errorFields(error), "Redis unavailable"));
    await Promise.all([pub.connect(), sub.connect()]);
    return new RedisLink(pub, sub, instanceId);
  }

  attachAdapter(io: Server): void {
    io.adapter(createAdapter(forAdapter(this.pub), forAdapter(this.sub)));
  }

  async publishEvent(event: StoredEvent): Promise<void> {
    await this.pub.publish(EVENTS_CHANNEL, JSON.stringify({ from: this.instanceId, event }));
  }

  async onEvent(handler: (event: StoredEvent) => void): Promise<void> {
    await this.sub.subscribe(EVENTS_CHANNEL, (message) => {
      const { from, event } = JSON.parse(message) as { from: string; event: StoredEvent };
      if (from !== this.instanceId) handler(event);
    });
  }

  async ping(): Promise<boolean> {
    // While disconnected the client queues commands until it is back: health must not wait for that.
    if (!this.pub.isReady) return false;
    try {
      return (await within(PING_TIMEOUT_MS, this.pub.ping(), null)) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all([closeRedisClient(this.sub), closeRedisClient(this.pub)]);
  }
}

/**
 * The Socket.IO adapter sends some commands without handling their replies: publishes (the same
 * shape as socketio/socket.io-redis-emitter#139) and the unsubscribes of its close. One queued or
 * in flight when the connection drops would be an unhandled rejection, which ends the process.
 * Through this view every command's failure is logged; a caller that awaits it still sees it.
 */
function forAdapter(client: RedisClient): RedisClient {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) {
          result.catch((error: unknown) =>
            logger.warn({ command: String(property), ...errorFields(error) }, "Redis command from the Socket.IO adapter failed"),
          );
        }
        return result;
      };
    },
  });
}
