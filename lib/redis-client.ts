import type { createClient } from "redis";
import { within } from "@/lib/within";

export type RedisClient = ReturnType<typeof createClient>;

/** How long a connected client may take to answer what it was already sent before it is let go. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Ends a client without hanging. Closing stops the client's reconnect loop, so a command queued
 * while it is disconnected (QUIT included) would wait forever: such a client is destroyed,
 * which rejects what it queued. A connected one first gets a short grace to answer; after it, a
 * stalled connection is left to the kernel without holding the process open.
 */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  const closed = await within(
    CLOSE_GRACE_MS,
    client.close().then(() => true),
    false,
  );
  if (!closed) client.unref();
}
