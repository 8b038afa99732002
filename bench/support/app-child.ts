/**
 * One real instance of the app (Next + Socket.IO + store + embedded emulator) in its own
 * process, so its RSS and event loop are its own. The runner passes env overrides as JSON in argv.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp } from "@/lib/app";
import { loadEnv } from "@/lib/env";
import { BENCH_API_TOKEN, BENCH_AUTH_TOKEN } from "./callbacks";
import { memoryMb, serveCommands } from "./child";

export type AppInfo = { url: string; publicBaseUrl: string; workspaceSid: string; queueSids: string[] };

const overrides = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-bench-"));
const app = await startApp(
  loadEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    EMULATOR_PORT: "0",
    EMULATOR_AUTH_TOKEN: BENCH_AUTH_TOKEN,
    SIMULATOR: "off",
    SIMULATOR_HISTORY_HOURS: "0",
    DASHBOARD_API_TOKEN: BENCH_API_TOKEN,
    ADMIN_USERNAME: "admin",
    ADMIN_PASSWORD: "admin-password-for-benchmarks",
    DATA_DIR: dataDir,
    ...overrides,
  }),
  { log: () => {} },
);

serveCommands(
  {
    info: (): AppInfo => {
      const snapshot = app.services.live.snapshot({ now: Date.now(), window: { kind: "today" } });
      return {
        url: app.url,
        publicBaseUrl: app.services.publicBaseUrl,
        workspaceSid: app.services.twilio.workspaceSid,
        queueSids: snapshot.queues.map((queue) => queue.sid),
      };
    },
    memory: () => memoryMb(),
    folded: () => app.services.live.eventsFolded,
  },
  async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
);
