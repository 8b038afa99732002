/**
 * `npm run connect [-- --dry-run] [-- --keep-filter]`: sets the TaskRouter workspace's
 * EventCallbackUrl to <PUBLIC_BASE_URL>/api/taskrouter/events and an EventsFilter keeping every
 * event type the dashboard uses. Needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WORKSPACE_SID
 * and PUBLIC_BASE_URL (TASKROUTER_BASE_URL points it at another TaskRouter, e.g. the emulator).
 */
import { parseArgs } from "node:util";
import { EnvError, loadEnv } from "@/lib/env";
import { ConnectError, connectWorkspace } from "@/lib/sync/connect";
import { createTwilioClient } from "@/lib/twilio/client";

const USAGE = `Usage: npm run connect -- [--dry-run] [--keep-filter]
  --dry-run       show what would change, change nothing
  --keep-filter   leave the workspace's EventsFilter as it is (warns about event types it drops)
Environment: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WORKSPACE_SID, PUBLIC_BASE_URL [, TASKROUTER_BASE_URL]`;

async function main(): Promise<number> {
  let flags: { "dry-run"?: boolean; "keep-filter"?: boolean; help?: boolean };
  try {
    flags = parseArgs({
      options: { "dry-run": { type: "boolean" }, "keep-filter": { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const env = loadEnv();
    if (env.mode !== "twilio" || !env.twilio.workspaceSid || !env.publicBaseUrl) {
      throw new ConnectError("Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WORKSPACE_SID and PUBLIC_BASE_URL first.");
    }
    await connectWorkspace({
      client: createTwilioClient({ ...env.twilio, baseUrl: env.twilio.baseUrl }),
      accountSid: env.twilio.accountSid,
      workspaceSid: env.twilio.workspaceSid,
      publicBaseUrl: env.publicBaseUrl,
      keepFilter: flags["keep-filter"] === true,
      dryRun: flags["dry-run"] === true,
      out: (line) => console.log(line),
    });
    return 0;
  } catch (error) {
    if (error instanceof ConnectError || error instanceof EnvError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
