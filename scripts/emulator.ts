/**
 * `npm run emulator`: the TaskRouter emulator alone (no simulated traffic), for the SDK, curl or a
 * dashboard in Twilio mode pointed at it with TASKROUTER_BASE_URL.
 *
 * EMULATOR_PORT (4010), EMULATOR_HOST (127.0.0.1), EMULATOR_ACCOUNT_SID / EMULATOR_AUTH_TOKEN (the demo
 * credentials below), EMULATOR_SEED (1), EMULATOR_EVENT_CALLBACK_URL (none).
 */
import { DEFAULT_EMULATOR_ACCOUNT_SID, DEFAULT_EMULATOR_AUTH_TOKEN } from "@/lib/env";
import { startEmulator } from "@/lib/emulator";

const env = (name: string): string | undefined => process.env[name]?.trim() || undefined;

const port = Number(env("EMULATOR_PORT") ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`EMULATOR_PORT must be a port number, got ${JSON.stringify(env("EMULATOR_PORT"))}`);
  process.exit(1);
}
const accountSid = env("EMULATOR_ACCOUNT_SID") ?? DEFAULT_EMULATOR_ACCOUNT_SID;
const authToken = env("EMULATOR_AUTH_TOKEN") ?? DEFAULT_EMULATOR_AUTH_TOKEN;
const callbackUrl = env("EMULATOR_EVENT_CALLBACK_URL");

const emulator = await startEmulator({
  port,
  host: env("EMULATOR_HOST") ?? "127.0.0.1",
  accountSid,
  authToken,
  seed: Number(env("EMULATOR_SEED") ?? 1),
  ...(callbackUrl ? { eventCallbackUrl: callbackUrl } : {}),
});

console.log(`TaskRouter emulator listening on ${emulator.baseUrl}`);
console.log(`  workspace sid   ${emulator.workspaceSid}`);
console.log(`  account sid     ${accountSid}`);
console.log(`  auth token      ${authToken}`);
console.log(`  callbacks to    ${callbackUrl ?? "(none: set EventCallbackUrl on the workspace)"}`);
console.log(`  SDK: const client = twilio("${accountSid}", "<auth token>"); client.taskrouter.baseUrl = "${emulator.baseUrl}";`);

const shutdown = async () => {
  await emulator.close();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown());
process.once("SIGTERM", () => void shutdown());
