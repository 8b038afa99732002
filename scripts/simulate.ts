/**
 * `npm run simulate -- --url http://host/api/taskrouter/events --auth-token … --seed 42 --speed 60 --hours 6`
 *
 * Runs an emulator with the simulated contact centre whose signed callbacks go to `--url`. With
 * `--hours H` the clock starts H hours ago and runs `--speed`× until it catches up with the wall
 * clock, then continues live at 1× (stop with Ctrl-C, or `--until-caught-up` to exit once caught up).
 */
import { parseArgs } from "node:util";
import { DEFAULT_EMULATOR_ACCOUNT_SID, emulatorAuthTokenOf } from "@/lib/env";
import { startEmulator, VirtualClock } from "@/lib/emulator";
import { startSimulator } from "@/lib/simulator";

const USAGE = `Usage: npm run simulate -- [options]
  --url <url>            EventCallbackUrl for the signed callbacks (default: none)
  --auth-token <token>   auth token callbacks are signed with (default: EMULATOR_AUTH_TOKEN, else the one kept in DATA_DIR)
  --account-sid <sid>    AC + 32 hex (default: ${DEFAULT_EMULATOR_ACCOUNT_SID})
  --seed <n>             simulator and sid seed (default 42)
  --speed <n>            clock speed while behind the wall clock (default 60)
  --hours <h>            hours of history to replay before running live (default 0)
  --scale <x>            multiply every arrival rate (default 1)
  --timezone <zone>      IANA zone of the contact centre's day (default UTC)
  --events-filter <list> comma-separated event types to deliver (default: all)
  --port <n>             emulator REST port (default: EMULATOR_PORT or 0 = any free port)
  --until-caught-up      exit once the clock has caught up and callbacks are delivered
  --duration <seconds>   exit after this many wall-clock seconds
  --quiet                no progress lines`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(1);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      url: { type: "string" },
      "auth-token": { type: "string" },
      "account-sid": { type: "string" },
      seed: { type: "string", default: "42" },
      speed: { type: "string", default: "60" },
      hours: { type: "string", default: "0" },
      scale: { type: "string", default: "1" },
      timezone: { type: "string", default: "UTC" },
      "events-filter": { type: "string" },
      port: { type: "string" },
      "until-caught-up": { type: "boolean", default: false },
      duration: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const number = (name: string, raw: string | undefined, min: number): number => {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value < min) fail(`--${name} must be a number ≥ ${min}, got ${JSON.stringify(raw)}`);
  return value;
};
const seed = Math.trunc(number("seed", values.seed, 0));
const speed = number("speed", values.speed, 1);
const hours = number("hours", values.hours, 0);
const scale = number("scale", values.scale, 0);
const port = Math.trunc(number("port", values.port ?? process.env.EMULATOR_PORT ?? "0", 0));
const duration = values.duration === undefined ? null : number("duration", values.duration, 1);
const url = values.url;
if (url && !URL.canParse(url)) fail(`--url is not a URL: ${url}`);
const accountSid = values["account-sid"] ?? DEFAULT_EMULATOR_ACCOUNT_SID;
// The token an embedded wallboard on this data directory verifies callbacks with.
const authToken = values["auth-token"] ?? process.env.EMULATOR_AUTH_TOKEN ?? emulatorAuthTokenOf(process.env.DATA_DIR || ".data").token;
const log = values.quiet ? null : (line: string) => console.log(line);

const clock = new VirtualClock({ startMs: Date.now() - hours * 3_600_000, speed });
const emulator = await startEmulator({ port, accountSid, authToken, clock, seed });
if (values["events-filter"]) emulator.engine.config.updateWorkspace({ eventsFilter: values["events-filter"] });
if (url) emulator.setEventCallbackUrl(url);

console.log(
  `TaskRouter emulator on ${emulator.baseUrl} · workspace ${emulator.workspaceSid} · account ${accountSid} · auth token ${authToken}`,
);
console.log(`Callbacks: ${url ?? "none (no --url)"} · seed ${seed} · ${hours} h of history at ${speed}× then live`);

const simulator = startSimulator({ emulator, seed, trafficScale: scale, timezone: values.timezone ?? "UTC", log });

let finishing = false;
async function finish(code: number): Promise<void> {
  if (finishing) return;
  finishing = true;
  simulator.stop();
  await Promise.race([emulator.delivery.whenIdle(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  const s = simulator.summary();
  const d = emulator.delivery.stats;
  console.log(
    `Summary: ${s.tasksCreated} tasks created, ${s.tasksCompleted} completed, ${s.tasksAbandoned} abandoned · ${s.events} events (${s.eventsPerSecond}/s) · callbacks ${d.sent} sent, ${d.failed} failed, ${d.retried} retried`,
  );
  await emulator.close();
  clock.close();
  process.exit(code);
}
process.once("SIGINT", () => void finish(0));
process.once("SIGTERM", () => void finish(0));
if (duration !== null) setTimeout(() => void finish(0), duration * 1000);
if (values["until-caught-up"]) {
  await clock.whenCaughtUp();
  log?.(`[simulator] caught up with the wall clock at ${new Date(clock.now()).toISOString()}`);
  await finish(0);
}
