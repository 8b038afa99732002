import type { MetricsSeries } from "@/lib/metrics/types";
import { isOfflineActivity } from "./agents";

/** Rows for the charts: flat objects keyed by series name, `t` in epoch ms for the time axis. */
export type WaitingRow = { t: number; total: number };
export type ServiceLevelRow = { t: number; percent: number | null };
export type AgentsRow = { t: number } & Record<string, number>;
export type ArrivalsRow = { t: number; to: number; arrivals: number; handled: number };

export function waitingRows(series: Pick<MetricsSeries, "waitingTasks">): WaitingRow[] {
  return series.waitingTasks.map((point) => ({ t: point.t, total: point.total }));
}

/** Service level through the day; points before the first answered or abandoned task stay empty. */
export function serviceLevelRows(series: Pick<MetricsSeries, "serviceLevel">): ServiceLevelRow[] {
  return series.serviceLevel.map((point) => ({ t: point.t, percent: point.percent === null ? null : Math.round(point.percent * 10) / 10 }));
}

/** The latest service level a series has (today's so far, for a chart's head); null when none yet. */
export function latestServiceLevel(series: Pick<MetricsSeries, "serviceLevel"> | null): number | null {
  if (!series) return null;
  for (let i = series.serviceLevel.length - 1; i >= 0; i--) {
    const percent = series.serviceLevel[i]?.percent;
    if (percent !== null && percent !== undefined) return Math.round(percent * 10) / 10;
  }
  return null;
}

/** Which of the board's agent words a band's agents are: TaskRouter's history knows activities, not tasks. */
export type BandGroup = "ready or busy" | "away" | "offline";

export type ActivityBand = { key: string; name: string; group: BandGroup; label: string; color: string };

// Greens for available activities, oranges for away ones, grey for Offline: the agent colours of
// the totals strip, so a band reads the same as the tile beside it (blue-orange survives colour blindness).
const AVAILABLE_COLORS = ["#4ade80", "#22c55e", "#86efac"];
const AWAY_COLORS = ["#f0932b", "#fdba74", "#c2410c", "#fb923c", "#ea580c", "#fed7aa", "#9a3412"];
const OFFLINE_COLOR = "#94a3b8";

/**
 * Stacking order and colour of each activity: available activities at the bottom (their agents
 * are ready or busy: the series cannot tell which), other activities (away) above, Offline on top.
 */
export function activityBands(activities: MetricsSeries["activities"]): ActivityBand[] {
  const available = activities.filter((activity) => activity.available);
  const offline = activities.filter((activity) => !activity.available && isOfflineActivity(activity.friendlyName));
  const away = activities.filter((activity) => !activity.available && !isOfflineActivity(activity.friendlyName));
  const band = (a: MetricsSeries["activities"][number], group: BandGroup, color: string): ActivityBand => ({
    key: a.sid,
    name: a.friendlyName,
    group,
    label: group === "offline" ? a.friendlyName : `${a.friendlyName} (${group})`,
    color,
  });
  return [
    ...available.map((a, i) => band(a, "ready or busy", AVAILABLE_COLORS[i % AVAILABLE_COLORS.length] ?? "#4ade80")),
    ...away.map((a, i) => band(a, "away", AWAY_COLORS[i % AWAY_COLORS.length] ?? "#f0932b")),
    ...offline.map((a) => band(a, "offline", OFFLINE_COLOR)),
  ];
}

export function agentsRows(series: Pick<MetricsSeries, "agentsByActivity" | "activities">, { includeOffline = false } = {}): AgentsRow[] {
  const keys = series.activities
    .filter((activity) => includeOffline || activity.available || !isOfflineActivity(activity.friendlyName))
    .map((activity) => activity.sid);
  return series.agentsByActivity.map((point) => {
    const row: AgentsRow = { t: point.t } as AgentsRow;
    for (const key of keys) (row as Record<string, number>)[key] = point.byActivity[key] ?? 0;
    return row;
  });
}

export function arrivalsRows(series: Pick<MetricsSeries, "arrivalsHandled">): ArrivalsRow[] {
  return series.arrivalsHandled.map((interval) => ({
    t: interval.from,
    to: interval.to,
    arrivals: interval.arrivals,
    handled: interval.handled,
  }));
}

/** Evenly spaced time ticks on whole multiples of `everyMs` (so labels read 14:00, 14:15…). */
export function timeTicks(fromMs: number, toMs: number, everyMs: number): number[] {
  if (!(everyMs > 0) || toMs < fromMs) return [];
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / everyMs) * everyMs; t <= toMs; t += everyMs) ticks.push(t);
  return ticks;
}

/** A tick spacing that gives about `target` labels over the span: 5, 10, 15, 30 min, 1, 2, 3, 6 h. */
export function tickSpacing(spanMs: number, target = 5): number {
  const minute = 60_000;
  const steps = [5, 10, 15, 30, 60, 120, 180, 240, 360].map((m) => m * minute);
  return steps.find((step) => spanMs / step <= target) ?? 6 * 60 * minute;
}

/**
 * A "today" chart that starts at midnight wastes most of its width before the first task. This
 * drops the leading empty part, keeping at least `minSpanMs` before `toMs` (and one empty step
 * before the first data, so the line visibly starts from nothing).
 */
export function trimLeadingEmpty<T extends { t: number }>(
  rows: readonly T[],
  isEmpty: (row: T) => boolean,
  { toMs, minSpanMs }: { toMs: number; minSpanMs: number },
): { rows: T[]; fromMs: number } {
  const first = rows.findIndex((row) => !isEmpty(row));
  const firstRow = rows[Math.max(0, first - 1)];
  const dataStart = first === -1 || !firstRow ? toMs : firstRow.t;
  const fromMs = Math.max(rows[0]?.t ?? toMs, Math.min(dataStart, toMs - minSpanMs));
  return { rows: rows.filter((row) => row.t >= fromMs), fromMs };
}

/**
 * Bottom of the service-level axis: a 0–100 axis flattens a day that moves between 85% and 95%
 * into a line. Start 20 points under the lower of the target and the lowest value, in tens.
 */
export function serviceLevelAxisFloor(rows: readonly { percent: number | null }[], targetPercent: number): number {
  const values = rows.map((row) => row.percent).filter((value): value is number => value !== null);
  const lowest = Math.min(targetPercent, ...values);
  return Math.max(0, Math.min(80, Math.floor((lowest - 20) / 10) * 10));
}
