/**
 * Dashboard instances that share one PostgreSQL log and one Redis, behind one public address as
 * behind a load balancer, reading configuration from an emulator.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import twilio from "twilio";
import { type RunningApp, startApp } from "@/lib/app";
import type { Emulator } from "@/lib/emulator";
import { loadEnv } from "@/lib/env";
import { TEST_API_TOKEN } from "./app";

export const SHARED_PUBLIC_BASE_URL = "https://wallboard.example.test";

export type SharedInstanceOptions = { databaseUrl: string; redisUrl: string; emulator: Emulator; accountSid: string; authToken: string };

export function startSharedInstance({
  databaseUrl,
  redisUrl,
  emulator,
  accountSid,
  authToken,
}: SharedInstanceOptions): Promise<RunningApp> {
  return startApp(
    loadEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_WORKSPACE_SID: emulator.workspaceSid,
      TASKROUTER_BASE_URL: emulator.baseUrl,
      PUBLIC_BASE_URL: SHARED_PUBLIC_BASE_URL,
      DASHBOARD_API_TOKEN: TEST_API_TOKEN,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "wallboard-shared-")),
    }),
    { log: () => {} },
  );
}

/** A callback signed for the shared public address, posted to one instance. */
export function postToSharedInstance(app: RunningApp, authToken: string, params: Record<string, string>): Promise<Response> {
  return fetch(`${app.url}/api/taskrouter/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, `${SHARED_PUBLIC_BASE_URL}/api/taskrouter/events`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}
