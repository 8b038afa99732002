/**
 * The path of every event into this instance: append to the log → fold into the live state →
 * publish (this instance's sockets, and the other instances through Redis). Events that another
 * instance stored arrive through Redis and take the same fold → publish steps.
 */
import { errorFields, logger } from "@/lib/log";
import type { ParsedCallback } from "@/lib/events/parse";
import { toTypedEvent } from "@/lib/events/parse";
import type { AppendResult, EventStore } from "@/lib/events/store";
import type { StoredEvent, TypedEvent } from "@/lib/events/types";
import type { LiveMetrics } from "@/lib/live/live-metrics";
import type { RedisLink } from "@/lib/realtime/redis";

/** Who hears of each folded event (the Socket.IO hub). */
export type FoldListener = { eventFolded(event: TypedEvent): void };

export class Ingest {
  private listener: FoldListener | null = null;
  /** Peer events that arrive while the log is read: folded after it (folding is idempotent by Sid). */
  private arrivedDuringRebuild: StoredEvent[] | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly live: LiveMetrics,
    private readonly redis: RedisLink | null,
  ) {}

  /**
   * Listens to the other instances, then folds the whole log, so that nothing stored meanwhile
   * is missed. Returns how many stored events were read.
   */
  async start(): Promise<number> {
    if (this.redis) {
      this.arrivedDuringRebuild = [];
      await this.redis.onEvent((stored) => {
        if (this.arrivedDuringRebuild) this.arrivedDuringRebuild.push(stored);
        else this.fromPeer(stored);
      });
    }
    const read = await this.live.rebuild(this.store);
    const arrived = this.arrivedDuringRebuild ?? [];
    this.arrivedDuringRebuild = null;
    for (const stored of arrived) this.fromPeer(stored);
    return read;
  }

  /** The hub, once the server listens; events folded before it have no socket to reach. */
  publishTo(listener: FoldListener): void {
    this.listener = listener;
  }

  /** A validated callback: durable in the log first; a new one is then folded and published. */
  async accept({ event, stored }: ParsedCallback): Promise<AppendResult> {
    const result = await this.store.append(stored);
    if (result === "stored") {
      this.fold(event);
      void this.redis
        ?.publishEvent(stored)
        .catch((error: unknown) => logger.error({ sid: stored.sid, ...errorFields(error) }, "Redis publish failed"));
    }
    return result;
  }

  private fromPeer(stored: StoredEvent): void {
    const typed = toTypedEvent(stored);
    if (typed.ok) this.fold(typed.value);
    else logger.warn({ sid: stored.sid, field: typed.error.field, reason: typed.error.message }, "Skipping an event from another instance");
  }

  /**
   * Folds an event already in the log (this instance's append, a peer's, the shared log's tail)
   * and tells the hub; false when it was folded before. Never throws: the event is durable, and
   * a rebuild folds it again.
   */
  fold(event: TypedEvent): boolean {
    try {
      if (!this.live.apply(event)) return false;
      this.listener?.eventFolded(event);
      return true;
    } catch (error) {
      logger.error({ sid: event.sid, ...errorFields(error) }, "Folding an event failed");
      return false;
    }
  }
}
