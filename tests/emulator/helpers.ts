/** Shared setup: an emulator on a ManualClock and the real `twilio` SDK pointed at it. */
import twilio from "twilio";
import { ManualClock, startEmulator, type Emulator, type EmulatorOptions } from "@/lib/emulator";

export const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
export const AUTH_TOKEN = "emulator-test-token";

export type TestEmulator = {
  emulator: Emulator;
  clock: ManualClock;
  client: ReturnType<typeof twilio>;
  ws: ReturnType<ReturnType<typeof twilio>["taskrouter"]["v1"]["workspaces"]>;
};

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, clock, seed: 7, ...options });
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  client.taskrouter.baseUrl = emulator.baseUrl;
  return { emulator, clock, client, ws: client.taskrouter.v1.workspaces(emulator.workspaceSid) };
}

/** Awaits a promise expected to fail with Twilio's RestException and returns it. */
export async function restError(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string; moreInfo: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: number; message: string; moreInfo: string };
  }
  throw new Error("expected the request to fail");
}
