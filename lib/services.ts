import { globalSlot } from "@/lib/global-slot";
import type { Database } from "@/lib/db/client";
import type { AppEnv } from "@/lib/env";
import type { EventStore } from "@/lib/events/store";
import type { LiveMetrics } from "@/lib/live/live-metrics";
import type { RealtimeHub } from "@/lib/realtime/hub";
import type { RedisLink } from "@/lib/realtime/redis";
import type { Emulator } from "@/lib/emulator";
import type { Simulator } from "@/lib/simulator";
import type { TwilioClient } from "@/lib/twilio/client";

/** Everything a route handler needs, built once by the server (lib/app.ts). */
export type Services = {
  instanceId: string;
  env: AppEnv;
  /** The base that signatures are checked against (PUBLIC_BASE_URL, else this server's own URL). */
  publicBaseUrl: string;
  db: Database;
  store: EventStore;
  live: LiveMetrics;
  hub: RealtimeHub;
  redis: RedisLink | null;
  twilio: { client: TwilioClient; workspaceSid: string };
  /** The built-in TaskRouter and its traffic, in embedded mode. */
  embedded: { emulator: Emulator; simulator(): Simulator | null } | null;
  /** Back-fill, reconciliation, drift check and log tail (lib/sync). */
  sync: import("@/lib/sync").SyncService;
  /** Fold and fan out an event this instance has just stored. */
  ingest(event: import("@/lib/events/types").TaskRouterEvent): void;
};

/**
 * The custom server and Next's route handlers are bundled separately, so module-level
 * singletons are not shared between them: services live on globalThis, keyed by instance,
 * and the server stamps each request with its instance id.
 */
export const INSTANCE_HEADER = "x-wallboard-instance";

const registry = globalSlot("__wallboardInstances", () => new Map<string, Services>());

export function registerServices(services: Services): () => void {
  registry.set(services.instanceId, services);
  return () => registry.delete(services.instanceId);
}

export function servicesFor(request: Request): Services {
  const id = request.headers.get(INSTANCE_HEADER);
  const services = id ? registry.get(id) : undefined;
  if (!services) throw new Error("Wallboard services are not running: start the app with `npm start` (server.ts), not `next start`");
  return services;
}
