import type { SeriesQuery } from "@/lib/ui/series-query";
import { io, type Socket } from "socket.io-client";
import type { MetricsSeries, MetricsSnapshot } from "@/lib/metrics/types";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/protocol";

/**
 * Every request the pages make goes through this module (same origin, cookies included), so
 * that authentication can be added in one place: a 401 or 403 becomes an `ApiError` the views
 * show as "sign in", and the socket's connect errors surface the server's reason.
 */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function openLiveSocket(): LiveSocket {
  return io({
    path: "/socket.io",
    withCredentials: true,
    // A wallboard must come back quickly after a deploy or restart, and keep trying forever.
    reconnectionDelay: 500,
    reconnectionDelayMax: 3_000,
    randomizationFactor: 0.3,
  });
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get needsSignIn(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, "The wallboard server is unreachable");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string; field?: string } } | null;
    throw new ApiError(response.status, body?.error?.message ?? `${path} answered ${response.status}`, body?.error?.field);
  }
  return (await response.json()) as T;
}

export type { SeriesQuery };

export function fetchSeries(query: SeriesQuery, signal?: AbortSignal): Promise<MetricsSeries> {
  const params = new URLSearchParams({ step: String(query.stepSeconds) });
  if (query.minutes) params.set("minutes", String(query.minutes));
  if (query.intervalMinutes) params.set("interval", String(query.intervalMinutes));
  if (query.queueSid) params.set("queue", query.queueSid);
  return getJson<MetricsSeries>(`/api/metrics/history?${params.toString()}`, signal);
}

export function fetchSnapshot(
  query: { queueSid?: string | null; minutes?: number | null } = {},
  signal?: AbortSignal,
): Promise<MetricsSnapshot> {
  const params = new URLSearchParams();
  if (query.queueSid) params.set("queue", query.queueSid);
  if (query.minutes) params.set("minutes", String(query.minutes));
  const suffix = params.size ? `?${params.toString()}` : "";
  return getJson<MetricsSnapshot>(`/api/metrics${suffix}`, signal);
}
