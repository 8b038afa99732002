import { reassignRouting } from "@/lib/admin/reassign-routing";
import { randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { startAuth } from "@/lib/auth/runtime";
import { findWorkspaceSid, loadWorkspaceConfig } from "@/lib/config/load";
import { openDatabase } from "@/lib/db/client";
import { RequestDrain } from "@/lib/http/drain";
import { errorFields, logger, REQUEST_ID_HEADER, requestIdOf } from "@/lib/log";
import { requestPathname } from "@/lib/auth/gate";
import type { AppEnv } from "@/lib/env";
import { startRetention } from "@/lib/events/retention";
import { startAlertWebhook } from "@/lib/alerts";
import { EventStore } from "@/lib/events/store";
import { CALLBACK_PATH, serveCallback } from "@/lib/ingest/handle-callback";
import { Ingest } from "@/lib/ingest/ingest";
import { LiveMetrics } from "@/lib/live/live-metrics";
import type { MetricsSettings } from "@/lib/metrics/types";
import { RealtimeHub } from "@/lib/realtime/hub";
import { RedisLink } from "@/lib/realtime/redis";
import { INSTANCE_HEADER, registerServices, type Services, servicesById } from "@/lib/services";
import type { Emulator } from "@/lib/emulator";
import type { Simulator } from "@/lib/simulator";
import { SyncService } from "@/lib/sync";
import { currentSeq } from "@/lib/sync/tail";
import { createTwilioClient } from "@/lib/twilio/client";

/** How often the live state lets go of what fell out of its windows (a pass over its tasks: milliseconds). */
const FORGET_INTERVAL_MS = 10 * 60_000;

export type RunningApp = {
  url: string;
  services: Services;
  httpServer: HttpServer;
  close(): Promise<void>;
};

export type StartAppOptions = { log?: (line: string) => void };

/** Starts one instance: store, emulator (embedded mode), live metrics, Next and Socket.IO on one port. */
export async function startApp(env: AppEnv, { log = (line) => logger.info(line) }: StartAppOptions = {}): Promise<RunningApp> {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error(errorFields(error), "Shutdown step failed");
      }
    }
  };
  try {
    const instanceId = randomUUID();
    const db = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
    cleanups.push(() => db.close());
    log(`Store: ${db.location}`);
    // First admin, login limiter, and the sign-in gate in front of every page and API route.
    const auth = await startAuth({ instanceId, prisma: db.prisma, env, log });
    cleanups.push(() => auth.close());
    const store = new EventStore(db.prisma);
    cleanups.push(startRetention({ prisma: db.prisma, days: env.eventRetentionDays, log }).stop);

    const embedded = env.mode === "embedded" ? await startEmbeddedTaskRouter(env, log) : null;
    if (embedded) cleanups.push(() => embedded.close());
    const credentials = embedded
      ? { accountSid: env.emulator.accountSid, authToken: env.emulator.authToken, baseUrl: embedded.baseUrl }
      : { accountSid: env.twilio.accountSid, authToken: env.twilio.authToken, baseUrl: env.twilio.baseUrl };
    const client = createTwilioClient(credentials);
    const workspaceSid = env.twilio.workspaceSid ?? (await findWorkspaceSid(client));
    const config = await loadWorkspaceConfig(client, workspaceSid);
    log(`Workspace ${config.workspace.friendlyName} (${workspaceSid}): ${config.queues.length} queues, ${config.workers.length} workers`);

    const live = new LiveMetrics(config, metricsSettings(env));
    const redis = env.redisUrl ? await RedisLink.connect(env.redisUrl, instanceId) : null;
    if (redis) cleanups.push(() => redis.close());
    const ingest = new Ingest(store, live, redis);
    // Several instances may share a PostgreSQL log: each tails it from here on.
    const tailFrom = db.kind === "postgres" ? await currentSeq(db.prisma) : null;
    const started = Date.now();
    const folded = await ingest.start();
    log(`Rebuilt live state from ${folded} stored events in ${Date.now() - started} ms`);
    const sync = new SyncService({
      connected: env.mode === "twilio",
      client,
      workspaceSid,
      prisma: db.prisma,
      dbKind: db.kind,
      store,
      live,
      timezone: env.metrics.timezone,
      reconcileIntervalSeconds: env.sync.reconcileIntervalSeconds,
      driftGraceSeconds: env.sync.driftGraceSeconds,
      tailFrom,
      ingest,
      log,
    });
    cleanups.push(() => sync.close());
    // A long-running instance keeps only what its windows can read (lib/metrics/forget.ts).
    const forgetting = setInterval(() => live.forget(Date.now()), FORGET_INTERVAL_MS);
    forgetting.unref();
    cleanups.push(() => clearInterval(forgetting));
    // Connected to a running centre: today's events the log lacks are read before anyone is served.
    // Then what began before the oldest event anyone still has: open tasks and workers' states.
    if (env.mode === "twilio") {
      await sync.backfill();
      await sync.bootstrap();
    }

    const nextApp = next({ dev: false, dir: process.cwd(), quiet: true });
    await nextApp.prepare();
    const handle = nextApp.getRequestHandler();
    const drain = new RequestDrain();
    const httpServer = createServer((req, res) => {
      if (!drain.admit(req, res)) return;
      // Kept from a proxy when well-formed; route handlers log with it (lib/log.ts requestLogger).
      const requestId = requestIdOf(req.headers[REQUEST_ID_HEADER]);
      req.headers[REQUEST_ID_HEADER] = requestId;
      res.setHeader(REQUEST_ID_HEADER, requestId);
      // Overwrite, never trust: this header selects the instance's services.
      req.headers[INSTANCE_HEADER] = instanceId;
      const path = requestPathname(req.url);
      const answered =
        path === CALLBACK_PATH
          ? serveCallback(req, res, servicesById(instanceId), requestId)
          : auth.gate(req, res).then((allowed) => (allowed ? handle(req, res) : undefined));
      answered.catch((error: unknown) => {
        logger.error({ requestId, method: req.method, path, ...errorFields(error) }, "Request failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const hub = new RealtimeHub(httpServer, live, { authorize: auth.sockets.authorize });
    ingest.publishTo(hub);
    auth.sockets.attach(hub.io);
    if (redis) redis.attachAdapter(hub.io);
    cleanups.push(() => hub.close());

    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(env.port, env.host, resolve);
    });
    const port = (httpServer.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    const publicBaseUrl = env.publicBaseUrl ?? url;

    const routing = reassignRouting(config.workflows);
    for (const why of new Set([routing.queue, routing.worker])) if (why) log(`Task moves: ${why}`);
    const services: Services = {
      instanceId,
      env,
      publicBaseUrl,
      db,
      store,
      live,
      hub,
      redis,
      twilio: { client, workspaceSid },
      embedded: embedded ? { emulator: embedded.emulator, simulator: () => embedded.simulator } : null,
      ingest,
      sync,
      reassignRouting: routing,
    };
    cleanups.push(registerServices(services));
    // Runs first on close: refuse new requests (503), let those in flight finish, then the rest.
    cleanups.push(async () => {
      if (!(await drain.drain())) log("Shutdown: requests still unanswered after the grace period are cut off");
    });

    if (embedded) {
      await embedded.connect(`${publicBaseUrl}/api/taskrouter/events`, store);
    }
    sync.start();
    const stopAlerts = startAlertWebhook({
      fromEnv: env.alertWebhook,
      live,
      prisma: db.prisma,
      configured: env.thresholds,
      log: logger.child({ component: "alerts" }),
      dashboardUrl: `${publicBaseUrl}/`,
    });
    cleanups.push(async () => stopAlerts());
    log(`Wallboard on ${url}${embedded ? ` (TaskRouter emulator on ${embedded.baseUrl})` : ""}`);
    return { url, services, httpServer, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function metricsSettings(env: AppEnv): MetricsSettings {
  return {
    timezone: env.metrics.timezone,
    slaSeconds: env.metrics.slaSeconds,
    shortAbandonSeconds: env.metrics.shortAbandonSeconds,
    splitSeconds: env.metrics.splitSeconds,
  };
}

type EmbeddedTaskRouter = {
  baseUrl: string;
  emulator: Emulator;
  simulator: Simulator | null;
  /** Points the emulator's callbacks at the dashboard and starts the simulator. */
  connect(eventCallbackUrl: string, store: EventStore): Promise<void>;
  close(): Promise<void>;
};

/** The built-in emulator (and simulator) that stands in for Twilio when no credentials are set. */
async function startEmbeddedTaskRouter(env: AppEnv, log: (line: string) => void): Promise<EmbeddedTaskRouter> {
  const { startEmulator } = await import("@/lib/emulator");
  const { startSimulator } = await import("@/lib/simulator");
  const emulator = await startEmulator({
    port: env.emulator.port,
    host: "127.0.0.1",
    accountSid: env.emulator.accountSid,
    authToken: env.emulator.authToken,
    seed: env.simulator.seed,
    // The built-in demo has no reconciliation, so its callbacks are retried generously.
    delivery: { policy: "generous" },
  });
  log(`TaskRouter emulator on ${emulator.baseUrl} (account ${env.emulator.accountSid}, workspace ${emulator.workspaceSid})`);
  if (env.emulator.tokenFile)
    log(`Emulator auth token (callbacks are signed with it): ${env.emulator.authToken}, kept in ${env.emulator.tokenFile}`);
  const embedded: EmbeddedTaskRouter = {
    baseUrl: emulator.baseUrl,
    emulator,
    simulator: null,
    async connect(eventCallbackUrl, store) {
      emulator.setEventCallbackUrl(eventCallbackUrl);
      if (!env.simulator.enabled) return;
      // A new emulator is a new, empty workspace: replay some history at speed so the charts have a past.
      const historyHours = (await store.count({ workspaceSid: emulator.workspaceSid })) === 0 ? env.simulator.historyHours : 0;
      embedded.simulator = startSimulator({
        emulator,
        seed: env.simulator.seed,
        speed: env.simulator.speed,
        historyHours,
        timezone: env.metrics.timezone,
        features: env.simulator.features,
        log,
      });
    },
    async close() {
      embedded.simulator?.stop();
      await emulator.close();
    },
  };
  return embedded;
}
