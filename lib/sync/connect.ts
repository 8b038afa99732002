/**
 * `npm run connect`: points a TaskRouter workspace's event callbacks at this dashboard.
 * Reads the workspace, shows its EventCallbackUrl and EventsFilter, checks the public URL answers
 * /api/health, then sets the callback URL and a filter keeping every type the dashboard folds.
 */
import { FOLDED_TYPES } from "@/lib/metrics/state";
import { type TwilioClient, twilioErrorInfo } from "@/lib/twilio/client";

export const CALLBACK_PATH = "/api/taskrouter/events";

/** Every event type the live state folds: the filter the dashboard needs. */
export const NEEDED_EVENT_TYPES: readonly string[] = [...FOLDED_TYPES].sort();

export class ConnectError extends Error {}

export type ConnectOptions = {
  client: TwilioClient;
  accountSid: string;
  workspaceSid: string;
  publicBaseUrl: string;
  /** Leave an existing EventsFilter as it is (and warn about types it drops). */
  keepFilter: boolean;
  dryRun: boolean;
  /** How long the public URL may take to answer /api/health. */
  healthTimeoutMs?: number;
  out(line: string): void;
};

export type ConnectResult = { eventCallbackUrl: string; eventsFilter: string | null; changed: boolean; missingTypes: string[] };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Twilio posts over the internet: HTTPS only (plain HTTP only to this machine, e.g. for the emulator). */
export function checkPublicUrl(publicBaseUrl: string): URL {
  const url = new URL(publicBaseUrl);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new ConnectError(
      `PUBLIC_BASE_URL must start with https:// (Twilio sends every event to it over the internet; got ${url.origin}).`,
    );
  }
  return url;
}

/** Types the dashboard folds that `filter` (comma-separated) leaves out; none when there is no filter. */
export function missingFromFilter(filter: string | null | undefined): string[] {
  if (!filter?.trim()) return [];
  const kept = new Set(filter.split(",").map((type) => type.trim()));
  return NEEDED_EVENT_TYPES.filter((type) => !kept.has(type));
}

async function checkHealth(base: URL, timeoutMs: number): Promise<void> {
  const url = new URL("/api/health", base).toString();
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new ConnectError(`${url} does not answer (${reason}). Start the dashboard there first, then run connect again.`);
  }
  await response.body?.cancel();
  if (response.status !== 200 && response.status !== 503) {
    throw new ConnectError(`${url} answered HTTP ${response.status}, not the dashboard's health check. Is PUBLIC_BASE_URL right?`);
  }
}

function explainTwilioError(error: unknown, options: ConnectOptions): never {
  const info = twilioErrorInfo(error);
  if (info?.status === 401 || info?.code === 20003) {
    throw new ConnectError(
      `Twilio refused the credentials: check TWILIO_ACCOUNT_SID (${options.accountSid}) and TWILIO_AUTH_TOKEN (${info.message}).`,
    );
  }
  if (info?.status === 404 || info?.code === 20404) {
    throw new ConnectError(`Workspace ${options.workspaceSid} was not found in account ${options.accountSid}: check TWILIO_WORKSPACE_SID.`);
  }
  if (info) throw new ConnectError(`TaskRouter answered HTTP ${info.status}${info.code ? ` (error ${info.code})` : ""}: ${info.message}`);
  throw new ConnectError(`Cannot reach TaskRouter: ${error instanceof Error ? error.message : String(error)}`);
}

export async function connectWorkspace(options: ConnectOptions): Promise<ConnectResult> {
  const { out } = options;
  const base = checkPublicUrl(options.publicBaseUrl);
  const workspaceApi = options.client.taskrouter.v1.workspaces(options.workspaceSid);
  const workspace = await workspaceApi.fetch().catch((error: unknown) => explainTwilioError(error, options));
  out(`Workspace ${workspace.friendlyName} (${workspace.sid})`);
  out(`  EventCallbackUrl now: ${workspace.eventCallbackUrl || "(none)"}`);
  out(`  EventsFilter now:     ${workspace.eventsFilter || "(none: every event type)"}`);

  const target = `${base.origin}${base.pathname.replace(/\/+$/, "")}${CALLBACK_PATH}`;
  const current = workspace.eventCallbackUrl ?? "";
  // Keep connection overrides (#rc=…) already on the same URL.
  const eventCallbackUrl = current.split("#")[0] === target ? current : target;
  const missingTypes = missingFromFilter(workspace.eventsFilter);
  const eventsFilter = options.keepFilter ? (workspace.eventsFilter ?? null) : NEEDED_EVENT_TYPES.join(",");
  if (options.keepFilter && missingTypes.length > 0) {
    out(`Warning: the existing EventsFilter drops ${missingTypes.length} event types the dashboard needs: ${missingTypes.join(", ")}`);
  }

  await checkHealth(base, options.healthTimeoutMs ?? 10_000);
  out(`${new URL("/api/health", base)} answers.`);

  const changed = eventCallbackUrl !== current || (eventsFilter ?? "") !== (workspace.eventsFilter ?? "");
  if (!changed) {
    out("Nothing to change: the workspace already sends its events to this dashboard.");
  } else if (options.dryRun) {
    out("Dry run: nothing changed. Would set:");
  } else {
    await workspaceApi
      .update({ eventCallbackUrl, ...(options.keepFilter ? {} : { eventsFilter: eventsFilter ?? "" }) })
      .catch((error: unknown) => explainTwilioError(error, options));
    out("Updated the workspace:");
  }
  if (changed) {
    out(`  EventCallbackUrl: ${eventCallbackUrl}`);
    out(`  EventsFilter:     ${eventsFilter ?? "(none: every event type)"}${options.keepFilter ? " (kept)" : ""}`);
  }
  return { eventCallbackUrl, eventsFilter, changed: changed && !options.dryRun, missingTypes };
}
