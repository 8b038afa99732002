import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { IANAZone } from "luxon";
import { z } from "zod";
import { webhookUrlSchema } from "@/lib/alerts/webhook";
import { parseThresholds, type Thresholds } from "@/lib/ui/thresholds";

/** Demo account of the built-in emulator (embedded mode only; written in the README). */
export const DEFAULT_EMULATOR_ACCOUNT_SID = "AC00000000000000000000000000000000";
/** The standalone emulator's published demo token (scripts/emulator.ts); never the wallboard's default. */
export const DEFAULT_EMULATOR_AUTH_TOKEN = "emulator-auth-token";
/** Where an embedded instance keeps the emulator auth token it generated, inside DATA_DIR. */
export const EMULATOR_TOKEN_FILE = "emulator-auth-token";

/**
 * The emulator auth token of a data directory: the one kept there, or a new random one written
 * there (owner-only) on first start. A published default would let anyone who reaches the port
 * sign callbacks and write permanent events.
 */
export function emulatorAuthTokenOf(dataDir: string): { token: string; file: string; created: boolean } {
  const file = path.resolve(dataDir, EMULATOR_TOKEN_FILE);
  try {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 16) return { token: kept, file, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const token = randomBytes(24).toString("base64url");
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file, created: true };
}

const blankAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(blankAsUndefined, z.string().trim().optional());
const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .trim()
      .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
        message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
      })
      .optional(),
  );
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(
    blankAsUndefined,
    z.coerce
      .number({ message: "must be a whole number" })
      .int({ message: "must be a whole number" })
      .min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` })
      .default(fallback),
  );
const fraction = (fallback: number) =>
  z.preprocess(
    blankAsUndefined,
    z.coerce
      .number({ message: "must be a number from 0 to 1" })
      .min(0, { message: "must be at least 0" })
      .max(1, { message: "must be at most 1" })
      .default(fallback),
  );
const onOff = z.preprocess(
  blankAsUndefined,
  z
    .enum(["on", "off", "true", "false", "1", "0"], { message: "must be on or off" })
    .transform((value) => ["on", "true", "1"].includes(value))
    .optional(),
);

const schema = z.object({
  NODE_ENV: optionalString,
  PORT: integer(3000, 0, 65_535),
  /** Default: 127.0.0.1 in embedded mode (a demo is nobody else's business), 0.0.0.0 with Twilio. */
  HOST: optionalString,
  DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
  DATA_DIR: z.preprocess(blankAsUndefined, z.string().default(".data")),
  REDIS_URL: optionalUrl(["redis:", "rediss:"]),
  TWILIO_ACCOUNT_SID: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, { message: "must be AC followed by 32 hex digits" })
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_WORKSPACE_SID: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^WS[0-9a-fA-F]{32}$/, { message: "must be WS followed by 32 hex digits" })
      .optional(),
  ),
  PUBLIC_BASE_URL: optionalUrl(["http:", "https:"]),
  TASKROUTER_BASE_URL: optionalUrl(["http:", "https:"]),
  DASHBOARD_TIMEZONE: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), { message: "must be an IANA time zone such as Europe/London" })
      .default("UTC"),
  ),
  DASHBOARD_SLA_SECONDS: integer(20, 1, 86_400),
  DASHBOARD_SHORT_ABANDON_SECONDS: integer(5, 0, 86_400),
  /** JSON of wallboard colour thresholds (lib/ui/thresholds.ts); validated below. */
  DASHBOARD_THRESHOLDS: optionalString,
  DASHBOARD_SPLIT_SECONDS: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, { message: "must be a comma-separated list of seconds, e.g. 20,60" })
      .transform((list) => [...new Set(list.split(",").map((part) => Number(part.trim())))].sort((a, b) => a - b))
      .optional(),
  ),
  /** Connected mode: seconds between reconciliations with the Events API and drift checks; 0 turns them off. */
  RECONCILE_INTERVAL_SECONDS: integer(60, 0, 86_400),
  /** How long a difference from TaskRouter's statistics may last before the wallboard warns. */
  DRIFT_GRACE_SECONDS: integer(120, 0, 86_400),
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: optionalString,
  DASHBOARD_API_TOKEN: z.preprocess(blankAsUndefined, z.string().min(16, { message: "must be at least 16 characters" }).optional()),
  /** On behind a reverse proxy that sets X-Forwarded-Host/Proto (and strips clients' own). */
  TRUST_PROXY: onOff,
  SIMULATOR: onOff,
  SIMULATOR_SEED: integer(42, 0, 2 ** 31 - 1),
  SIMULATOR_SPEED: integer(1, 1, 10_000),
  /** Hours of history the simulator replays at high speed on first start, so charts are not empty. */
  SIMULATOR_HISTORY_HOURS: integer(2, 0, 24),
  /** TaskRouter features the simulated centre uses: offers per task (MaxReservedWorkers), share of calls transferred. */
  SIMULATOR_MAX_RESERVED_WORKERS: integer(1, 1, 50),
  SIMULATOR_TRANSFER_SHARE: fraction(0),
  /** Supervisors change some agents' chat capacity and availability during their shifts. */
  SIMULATOR_CAPACITY_CHANGES: onOff,
  /** Events older than this many days are deleted from the log (lib/events/retention.ts). */
  EVENT_RETENTION_DAYS: integer(400, 1, 36_500),
  EMULATOR_PORT: integer(4010, 0, 65_535),
  EMULATOR_ACCOUNT_SID: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, { message: "must be AC followed by 32 hex digits" })
      .default(DEFAULT_EMULATOR_ACCOUNT_SID),
  ),
  /** Unset: a random token kept in DATA_DIR (emulatorAuthTokenOf). */
  EMULATOR_AUTH_TOKEN: z.preprocess(blankAsUndefined, z.string().min(8).optional()),
  /** Where to POST an alert when a queue turns critical (lib/alerts); a secret, never logged. */
  ALERT_WEBHOOK_URL: z.preprocess(blankAsUndefined, webhookUrlSchema.optional()),
  /** At most one alert per queue this often. */
  ALERT_WEBHOOK_COOLDOWN_SECONDS: integer(300, 10, 86_400),
});

/** Variables whose value is a credential: a configuration error names them but never shows the value. */
const SECRET_VARIABLES = new Set([
  "TWILIO_AUTH_TOKEN",
  "ADMIN_PASSWORD",
  "DASHBOARD_API_TOKEN",
  "EMULATOR_AUTH_TOKEN",
  "ALERT_WEBHOOK_URL",
  "DATABASE_URL",
  "REDIS_URL",
]);

type RawEnv = z.infer<typeof schema>;

export type AppEnv = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  /** X-Forwarded-Host/Proto describe the request (a trusted reverse proxy sets them). */
  trustProxy: boolean;
  mode: "embedded" | "twilio";
  /** Credentials the SDK uses and callbacks are verified with (the emulator's in embedded mode). */
  twilio: { accountSid: string; authToken: string; workspaceSid: string | undefined; baseUrl: string | undefined };
  /**
   * Base of the URL configured as the workspace's EventCallbackUrl; signatures are checked against it.
   * Null: http://localhost:<listening port>, known once the server listens.
   */
  publicBaseUrl: string | null;
  metrics: { timezone: string; slaSeconds: number; shortAbandonSeconds: number; splitSeconds: number[] };
  /** Wallboard ok/warn/critical thresholds, DASHBOARD_THRESHOLDS over the defaults. */
  thresholds: Thresholds;
  admin: { username: string | undefined; password: string | undefined; apiToken: string | undefined };
  simulator: {
    enabled: boolean;
    seed: number;
    speed: number;
    historyHours: number;
    features: { maxReservedWorkers: number; transferShare: number; capacityChanges: boolean };
  };
  /** Connected mode's reconciliation and drift check (lib/sync). */
  sync: { reconcileIntervalSeconds: number; driftGraceSeconds: number };
  /** `tokenFile`: where the generated token is kept; null when EMULATOR_AUTH_TOKEN gave it. */
  emulator: { port: number; accountSid: string; authToken: string; tokenFile: string | null };
  /** Days of events the log keeps. */
  eventRetentionDays: number;
  /** The outgoing alert webhook; null when ALERT_WEBHOOK_URL is unset. */
  alertWebhook: { url: string; cooldownMs: number } | null;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates the environment; every bad variable is named in the error. */
export function loadEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        const got = source[name];
        const shown = got === undefined || SECRET_VARIABLES.has(name) ? "" : ` (got ${JSON.stringify(got)})`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  return toAppEnv(parsed.data);
}

function toAppEnv(raw: RawEnv): AppEnv {
  const twilioNames = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WORKSPACE_SID"] as const;
  const given = twilioNames.filter((name) => raw[name] !== undefined);
  const problems: string[] = [];
  if (given.length > 0 && given.length < twilioNames.length) {
    for (const name of twilioNames) if (raw[name] === undefined) problems.push(`${name} is required when ${given.join(", ")} is set`);
  }
  const mode = given.length === twilioNames.length ? "twilio" : "embedded";
  if (mode === "twilio" && !raw.PUBLIC_BASE_URL) {
    problems.push("PUBLIC_BASE_URL is required with Twilio credentials (the URL Twilio calls, e.g. https://wallboard.example.com)");
  }
  if (raw.SIMULATOR === true && mode === "twilio") problems.push("SIMULATOR cannot be on with Twilio credentials set");
  const thresholds = parseThresholds(raw.DASHBOARD_THRESHOLDS);
  if (!thresholds.ok) problems.push(thresholds.message);
  if (problems.length || !thresholds.ok) throw new EnvError(problems);

  const embedded = mode === "embedded";
  const emulatorToken = raw.EMULATOR_AUTH_TOKEN
    ? { token: raw.EMULATOR_AUTH_TOKEN, file: null }
    : embedded
      ? emulatorAuthTokenOf(raw.DATA_DIR)
      : { token: DEFAULT_EMULATOR_AUTH_TOKEN, file: null };
  return {
    port: raw.PORT,
    host: raw.HOST ?? (embedded ? "127.0.0.1" : "0.0.0.0"),
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.DATA_DIR,
    redisUrl: raw.REDIS_URL,
    trustProxy: raw.TRUST_PROXY === true,
    mode,
    twilio: embedded
      ? { accountSid: raw.EMULATOR_ACCOUNT_SID, authToken: emulatorToken.token, workspaceSid: undefined, baseUrl: undefined }
      : {
          accountSid: raw.TWILIO_ACCOUNT_SID!,
          authToken: raw.TWILIO_AUTH_TOKEN!,
          workspaceSid: raw.TWILIO_WORKSPACE_SID!,
          baseUrl: raw.TASKROUTER_BASE_URL,
        },
    publicBaseUrl: raw.PUBLIC_BASE_URL ? raw.PUBLIC_BASE_URL.replace(/\/+$/, "") : null,
    metrics: {
      timezone: raw.DASHBOARD_TIMEZONE,
      slaSeconds: raw.DASHBOARD_SLA_SECONDS,
      shortAbandonSeconds: raw.DASHBOARD_SHORT_ABANDON_SECONDS,
      splitSeconds: raw.DASHBOARD_SPLIT_SECONDS ?? [],
    },
    thresholds: thresholds.thresholds,
    admin: { username: raw.ADMIN_USERNAME, password: raw.ADMIN_PASSWORD, apiToken: raw.DASHBOARD_API_TOKEN },
    simulator: {
      enabled: embedded && raw.SIMULATOR !== false,
      seed: raw.SIMULATOR_SEED,
      speed: raw.SIMULATOR_SPEED,
      historyHours: raw.SIMULATOR_HISTORY_HOURS,
      features: {
        maxReservedWorkers: raw.SIMULATOR_MAX_RESERVED_WORKERS,
        transferShare: raw.SIMULATOR_TRANSFER_SHARE,
        capacityChanges: raw.SIMULATOR_CAPACITY_CHANGES === true,
      },
    },
    sync: { reconcileIntervalSeconds: raw.RECONCILE_INTERVAL_SECONDS, driftGraceSeconds: raw.DRIFT_GRACE_SECONDS },
    alertWebhook: raw.ALERT_WEBHOOK_URL ? { url: raw.ALERT_WEBHOOK_URL, cooldownMs: raw.ALERT_WEBHOOK_COOLDOWN_SECONDS * 1000 } : null,
    emulator: {
      port: raw.EMULATOR_PORT,
      accountSid: raw.EMULATOR_ACCOUNT_SID,
      authToken: emulatorToken.token,
      tokenFile: emulatorToken.file,
    },
    eventRetentionDays: raw.EVENT_RETENTION_DAYS,
  };
}
