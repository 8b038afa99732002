import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import twilio from "twilio";
import { type RunningApp, startApp } from "@/lib/app";
import { loadEnv } from "@/lib/env";

export const TEST_API_TOKEN = "test-api-token-0123456789abcdef";

export type TestApp = RunningApp & { authToken: string; dataDir: string };

/**
 * A real instance on an ephemeral port: embedded emulator (simulator off unless asked),
 * PGlite in a fresh temporary directory unless DATABASE_URL is given.
 */
export async function startTestApp(overrides: Record<string, string | undefined> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-test-"));
  const env = loadEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    EMULATOR_PORT: "0",
    SIMULATOR: "off",
    SIMULATOR_HISTORY_HOURS: "0",
    DASHBOARD_API_TOKEN: TEST_API_TOKEN,
    ADMIN_USERNAME: "admin",
    ADMIN_PASSWORD: "admin-password-for-tests",
    DATA_DIR: dataDir,
    ...overrides,
  });
  const app = await startApp(env, { log: () => {} });
  return {
    ...app,
    authToken: env.twilio.authToken,
    dataDir,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a form-encoded callback signed exactly as Twilio signs it. */
export async function postSignedCallback(
  app: { url: string; authToken: string; services: { publicBaseUrl: string } },
  params: Record<string, string>,
  { path: route = "/api/taskrouter/events", signature }: { path?: string; signature?: string | null } = {},
): Promise<Response> {
  const signedUrl = `${app.services.publicBaseUrl}${route}`;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const value = signature === undefined ? twilio.getExpectedTwilioSignature(app.authToken, signedUrl, params) : signature;
  if (value !== null) headers["x-twilio-signature"] = value;
  return fetch(`${app.url}${route}`, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

/** A fresh, empty database on the server of `serverUrl`, dropped by `drop()`. */
export async function createThrowawayDatabase(
  serverUrl: string,
  prefix = "wallboard_test",
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A throwaway database on the server named by TEST_DATABASE_URL.
 * Null when TEST_DATABASE_URL is unset: callers skip (reported as skipped, never passed).
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.TEST_DATABASE_URL;
  return base ? createThrowawayDatabase(base) : null;
}
