import { globalSlot } from "@/lib/global-slot";
import type { Database } from "@/lib/db/client";
import type { AppEnv } from "@/lib/env";
import type { EventStore } from "@/lib/events/store";
import type { Ingest } from "@/lib/ingest/ingest";
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
  /** Append → fold → publish for every event this instance receives. */
  ingest: Ingest;
  /** Which task moves the workspace's workflows route (checked at start, lib/admin/reassign-routing.ts). */
  reassignRouting: import("@/lib/admin/reassign-routing").ReassignRouting;
  /** Back-fill, reconciliation, drift check and log tail (lib/sync). */
  sync: import("@/lib/sync").SyncService;
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

/** The services of the instance with this id (from INSTANCE_HEADER); null when none runs here. */
export function servicesById(id: string | null | undefined): Services | null {
  return (id ? registry.get(id) : undefined) ?? null;
}

export function servicesFor(request: Request): Services {
  const services = servicesById(request.headers.get(INSTANCE_HEADER));
  if (!services) throw new Error("Wallboard services are not running: start the app with `npm start` (server.ts), not `next start`");
  return services;
}
