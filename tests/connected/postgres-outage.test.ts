/**
 * PostgreSQL unavailable mid-stream, with Twilio's delivery: callbacks answered 503 in that window
 * are not retried (Twilio retries only connect and read failures by default) and are lost to the
 * callback path; one reconciliation recovers them. Sent = stored = folded, nothing counted twice.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "@/lib/simulator";
import { createTestDatabase } from "@/tests/support/app";
import {
  type CallbackProxy,
  type Centre,
  type ConnectedApp,
  dashboardMetrics,
  expectQueuesToEqualTaskRouter,
  freeze,
  startCentre,
  startConnectedApp,
  startProxy,
} from "./support";

const postgres = process.env.TEST_DATABASE_URL ? await createTestDatabase() : null;
/** As long as the outage the product is asked to survive. */
const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!postgres)("PostgreSQL unavailable for a while (TEST_DATABASE_URL)", () => {
  let centre: Centre;
  let proxy: CallbackProxy;
  let app: ConnectedApp;

  beforeAll(async () => {
    proxy = await startProxy();
    centre = await startCentre({ historyHours: 0, speed: 1 });
    centre.simulator.stop();
    app = await startConnectedApp(centre.emulator, proxy, { DATABASE_URL: postgres!.url, DASHBOARD_TIMEZONE: centre.timezone });
    centre.emulator.setEventCallbackUrl(`${proxy.url}/api/taskrouter/events`);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await centre?.emulator.close();
    await proxy?.close();
    await postgres?.drop();
  });

  it("loses the callbacks of the outage to delivery and recovers them by reconciliation", async () => {
    const name = new URL(postgres!.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const simulator = startSimulator({ emulator: centre.emulator, seed: 13, trafficScale: 400, timezone: centre.timezone, log: null });
    try {
      await sleep(2000);
      // The database refuses every connection (the shared server keeps running for everyone else).
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
      await sleep(OUTAGE_MS);
      // The instance says it cannot take callbacks while its store is away.
      expect((await fetch(`${app.url}/api/health`)).status).toBe(503);
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await sleep(2000);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await freeze({ emulator: centre.emulator, simulator });
    const delivery = centre.emulator.delivery.stats;
    expect(delivery.failed).toBeGreaterThan(0);
    expect(delivery.retried).toBe(0);

    await sleep(1100);
    await app.services.sync.tick();
    expect(app.services.sync.health()!.reconciliation.last!.recovered).toBeGreaterThanOrEqual(delivery.failed);

    const sent = centre.emulator.engine.state.events.length;
    const workspaceSid = centre.emulator.workspaceSid;
    const stored = await app.services.db.prisma.event.count({ where: { workspaceSid } });
    // Besides what TaskRouter sent, the log holds what the bootstrap observed at start (the
    // workers' activities and channels, set before the dashboard was connected).
    const observed = app.services.sync.health()!.bootstrap!.stored;
    expect(observed).toBeGreaterThan(0);
    expect({ sent, stored, folded: app.services.live.eventsFolded }).toEqual({ sent, stored: sent + observed, folded: sent + observed });
    await expectQueuesToEqualTaskRouter(centre.emulator, await dashboardMetrics(app, "?minutes=60"));
  }, 240_000);
});
