"use client";

import { useEffect, useState } from "react";
import type { MetricsSeries } from "@/lib/metrics/types";
import { ApiError, fetchSeries, type SeriesQuery } from "./live-client";

export type SeriesState = { series: MetricsSeries | null; error: string | null; loading: boolean };

/**
 * History for the charts, refetched every `refreshMs` and whenever `reloadKey` changes
 * (the live hook's connection count: after a reconnect the past may have changed too).
 * The last good series stays on screen when a refresh fails. `initial`: the series the server
 * rendered the page with.
 */
export function useSeries(
  query: SeriesQuery,
  { refreshMs, reloadKey = 0, initial = null }: { refreshMs: number; reloadKey?: number; initial?: MetricsSeries | null },
): SeriesState {
  // The server renders the first series, so the page arrives with its charts drawn.
  const [state, setState] = useState<SeriesState>({ series: initial, error: null, loading: initial === null });
  const { minutes, stepSeconds, intervalMinutes, queueSid } = query;

  useEffect(() => {
    let controller: AbortController | null = null;
    let stopped = false;
    const load = async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const series = await fetchSeries({ minutes, stepSeconds, intervalMinutes, queueSid }, controller.signal);
        if (!stopped) setState({ series, error: null, loading: false });
      } catch (error) {
        if (stopped || controller.signal.aborted) return;
        const message = error instanceof ApiError ? error.message : "History is unavailable";
        setState((previous) => ({ ...previous, error: message, loading: false }));
      }
    };
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      controller?.abort();
    };
  }, [minutes, stepSeconds, intervalMinutes, queueSid, refreshMs, reloadKey]);

  return state;
}
