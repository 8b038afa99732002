"use client";

import { useEffect, useState } from "react";
import type { MetricsSeries } from "@/lib/metrics/types";
import { ApiError, fetchSeries, type SeriesQuery } from "./live-client";

export type SeriesState = { series: MetricsSeries | null; error: string | null; loading: boolean };

/**
 * History for the charts, refetched every `refreshMs` and whenever `reloadKey` changes
 * (the live hook's connection count: after a reconnect the past may have changed too).
 * The last good series stays on screen when a refresh fails.
 */
export function useSeries(query: SeriesQuery, { refreshMs, reloadKey = 0 }: { refreshMs: number; reloadKey?: number }): SeriesState {
  const [state, setState] = useState<SeriesState>({ series: null, error: null, loading: true });
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
