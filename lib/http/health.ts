import type { Services } from "@/lib/services";
import type { SyncHealth, TailHealth } from "@/lib/sync";

export type Health = {
  status: "ok" | "unavailable";
  database: { ok: boolean; kind: "pglite" | "postgres"; location: string };
  realtime: { ok: boolean; clients: number; redis: "off" | "ok" | "down" };
  emulator: { baseUrl: string; workspaceSid: string } | null;
  lastEventAt: string | null;
  eventsFolded: number;
  mode: "embedded" | "twilio";
  /** Connected mode: last callback, back-fill, reconciliation, drift (null in embedded mode). */
  connected: SyncHealth | null;
  /** The log tail by seq (PostgreSQL). */
  tail: TailHealth | null;
};

/** 200 when the instance can take callbacks (its store answers), 503 when it cannot. */
export async function checkHealth(services: Services): Promise<{ status: number; body: Health }> {
  const [databaseOk, redisOk] = await Promise.all([services.store.ping(), services.redis ? services.redis.ping() : Promise.resolve(null)]);
  const { live } = services;
  const body: Health = {
    status: databaseOk ? "ok" : "unavailable",
    database: { ok: databaseOk, kind: services.db.kind, location: services.db.location },
    realtime: {
      ok: redisOk !== false,
      clients: services.hub.io.engine.clientsCount,
      redis: redisOk === null ? "off" : redisOk ? "ok" : "down",
    },
    emulator: services.embedded
      ? { baseUrl: services.embedded.emulator.baseUrl, workspaceSid: services.embedded.emulator.workspaceSid }
      : null,
    lastEventAt: live.lastEventAtMs === null ? null : new Date(live.lastEventAtMs).toISOString(),
    eventsFolded: live.eventsFolded,
    mode: services.env.mode,
    connected: services.sync.health(),
    tail: services.sync.tailHealth(),
  };
  return { status: databaseOk ? 200 : 503, body };
}
