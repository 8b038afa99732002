import type { createClient } from "redis";

export type RedisClient = ReturnType<typeof createClient>;

/** How long a connected client may take to answer what it was already sent before it is let go. */
const CLOSE_GRACE_MS = 2_000;

/** The reply, or `timedOut` when none came in time (a server that is up but stalled answers nothing). */
export async function within<T, F>(ms: number, reply: Promise<T>, timedOut: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), ms);
  });
  try {
    return await Promise.race([reply, late]);
  } finally {
    clearTimeout(timer);
  }
}

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
