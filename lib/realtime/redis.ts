import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";
import type { StoredEvent } from "@/lib/events/types";
import { errorFields, logger } from "@/lib/log";

const EVENTS_CHANNEL = "taskrouter-wallboard:events";

type RedisClient = ReturnType<typeof createClient>;

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
    io.adapter(createAdapter(this.pub, this.sub));
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
      return (await this.pub.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
