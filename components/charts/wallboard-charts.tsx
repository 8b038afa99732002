"use client";

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { MetricsSeries } from "@/lib/metrics/types";
import {
  type ActivityBand,
  activityBands,
  agentsRows,
  arrivalsRows,
  serviceLevelAxisFloor,
  serviceLevelRows,
  tickSpacing,
  timeTicks,
  trimLeadingEmpty,
  waitingRows,
} from "@/lib/ui/charts";
import { formatClockTime, formatPercent } from "@/lib/ui/format";
import { ChartPanel } from "./chart-panel";
import { AXIS_PROPS, CHART_COLORS } from "./theme";

type SeriesProps = { series: MetricsSeries | null; error: string | null; timezone: string };

const tooltipStyle = {
  contentStyle: { background: "#0f1722", border: "1px solid #2a3a50", borderRadius: 8, color: "#e8eef6" },
  labelStyle: { color: "#8d9db3" },
  cursor: { stroke: "#2a3a50" },
} as const;

function placeholderFor({ series, error }: SeriesProps, emptyText: string, isEmpty: boolean): string | null {
  if (!series) return error ? `History unavailable: ${error}` : "Loading history…";
  return isEmpty ? emptyText : null;
}

/** A "today" chart never shows less than this, so its first hour is not stretched across the panel. */
const MIN_DAY_SPAN_MS = 2 * 3_600_000;

function timeAxis(series: Pick<MetricsSeries, "from" | "to">, timezone: string, target = 5) {
  const spacing = tickSpacing(series.to - series.from, target);
  return {
    dataKey: "t",
    type: "number" as const,
    scale: "time" as const,
    domain: [series.from, series.to] as [number, number],
    // A label hard against the left edge collides with the value axis's lowest label.
    ticks: timeTicks(series.from, series.to, spacing).filter((t) => t - series.from >= (series.to - series.from) * 0.05),
    tickFormatter: (t: number) => formatClockTime(t, timezone),
    ...AXIS_PROPS,
  };
}

export function WaitingChart(props: SeriesProps & { current: number }) {
  const { series, timezone, current } = props;
  const rows = series ? waitingRows(series) : [];
  return (
    <ChartPanel
      title="Waiting tasks"
      span="last 60 min"
      value={current}
      testId="chart-waiting"
      placeholder={placeholderFor(props, "No history yet", rows.length === 0)}
    >
      {(axis) =>
        series ? (
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={rows} margin={{ top: Math.ceil(axis.fontPx * 0.7), right: 8, bottom: 0, left: 0 }}>
              <defs>
                <linearGradient id="waiting-fill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor={CHART_COLORS.waiting} stopOpacity={0.55} />
                  <stop offset="100%" stopColor={CHART_COLORS.waiting} stopOpacity={0.05} />
                </linearGradient>
              </defs>
              <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
              <XAxis {...timeAxis(series, timezone)} height={axis.xHeight} />
              <YAxis {...AXIS_PROPS} allowDecimals={false} width={axis.yWidth("999")} />
              <Tooltip {...tooltipStyle} labelFormatter={(t) => formatClockTime(Number(t), timezone)} formatter={(v) => [v, "waiting"]} />
              <Area
                type="stepAfter"
                dataKey="total"
                stroke={CHART_COLORS.waiting}
                strokeWidth={2.5}
                fill="url(#waiting-fill)"
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        ) : null
      }
    </ChartPanel>
  );
}

export function ServiceLevelChart(props: SeriesProps & { targetPercent: number; current: number | null }) {
  const { series, timezone, targetPercent, current } = props;
  const trimmed = series
    ? trimLeadingEmpty(serviceLevelRows(series), (row) => row.percent === null, { toMs: series.to, minSpanMs: MIN_DAY_SPAN_MS })
    : null;
  const rows = trimmed?.rows ?? [];
  const hasData = rows.some((row) => row.percent !== null);
  const floor = serviceLevelAxisFloor(rows, targetPercent);
  return (
    <ChartPanel
      title="Service level"
      span="today"
      value={formatPercent(current)}
      legend={[
        { label: `answered ≤ ${series?.thresholdSeconds ?? "T"} s`, color: CHART_COLORS.serviceLevel, optional: true },
        { label: `target ${targetPercent}%`, color: CHART_COLORS.target, dashed: true },
      ]}
      testId="chart-service-level"
      placeholder={placeholderFor(props, "No answered or abandoned tasks yet today", !hasData)}
    >
      {(axis) =>
        series ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: Math.ceil(axis.fontPx * 0.7), right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
              <XAxis {...timeAxis({ from: trimmed?.fromMs ?? series.from, to: series.to }, timezone)} height={axis.xHeight} />
              <YAxis
                {...AXIS_PROPS}
                domain={[floor, 100]}
                ticks={[floor, (floor + 100) / 2, 100]}
                width={axis.yWidth("100%")}
                tickFormatter={(v: number) => `${v}%`}
              />
              <ReferenceLine y={targetPercent} stroke={CHART_COLORS.target} strokeDasharray="6 4" strokeWidth={1.5} />
              <Tooltip
                {...tooltipStyle}
                labelFormatter={(t) => formatClockTime(Number(t), timezone)}
                formatter={(v) => [`${String(v)}%`, "service level"]}
              />
              <Line
                type="monotone"
                dataKey="percent"
                stroke={CHART_COLORS.serviceLevel}
                strokeWidth={2.5}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        ) : null
      }
    </ChartPanel>
  );
}

export function AgentsChart(props: SeriesProps) {
  const { series, timezone } = props;
  const bands = series ? activityBands(series.activities).filter((band) => !/^\s*offline\s*$/i.test(band.name)) : [];
  const rows = series ? agentsRows(series) : [];
  return (
    <ChartPanel
      title="Agents by activity"
      span="last 60 min"
      legend={groupLegend(bands)}
      testId="chart-agents"
      placeholder={placeholderFor(props, "No agents yet", rows.length === 0 || bands.length === 0)}
    >
      {(axis) =>
        series ? (
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={rows} margin={{ top: Math.ceil(axis.fontPx * 0.7), right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
              <XAxis {...timeAxis(series, timezone)} height={axis.xHeight} />
              <YAxis {...AXIS_PROPS} allowDecimals={false} width={axis.yWidth("999")} />
              <Tooltip {...tooltipStyle} labelFormatter={(t) => formatClockTime(Number(t), timezone)} />
              {bands.map((band) => (
                <Area
                  key={band.key}
                  type="stepAfter"
                  dataKey={band.key}
                  name={band.label}
                  stackId="agents"
                  stroke={band.color}
                  fill={band.color}
                  fillOpacity={0.75}
                  strokeWidth={1}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        ) : null
      }
    </ChartPanel>
  );
}

export function ArrivalsChart(props: SeriesProps) {
  const { series, timezone } = props;
  const trimmed = series
    ? trimLeadingEmpty(arrivalsRows(series), (row) => row.arrivals === 0 && row.handled === 0, {
        toMs: series.to,
        minSpanMs: MIN_DAY_SPAN_MS,
      })
    : null;
  const rows = trimmed?.rows ?? [];
  const minutes = series ? Math.round(series.intervalMs / 60_000) : 15;
  const hasData = rows.some((row) => row.arrivals > 0 || row.handled > 0);
  // One bar pair per interval on a category axis; label about five of them, on round times.
  const labelEvery = Math.max(1, Math.ceil(rows.length / 6));
  return (
    <ChartPanel
      title="Arrivals vs handled"
      span={`per ${minutes} min`}
      legend={[
        { label: "arrived", color: CHART_COLORS.arrivals },
        { label: "handled", color: CHART_COLORS.handled },
      ]}
      testId="chart-arrivals"
      placeholder={placeholderFor(props, "No tasks yet today", !hasData)}
    >
      {(axis) =>
        series ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={rows}
              margin={{ top: Math.ceil(axis.fontPx * 0.7), right: 8, bottom: 0, left: 0 }}
              barGap={1}
              barCategoryGap="22%"
            >
              <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
              <XAxis
                dataKey="t"
                {...AXIS_PROPS}
                height={axis.xHeight}
                interval={labelEvery - 1}
                tickFormatter={(t: number) => formatClockTime(t, timezone)}
              />
              <YAxis {...AXIS_PROPS} allowDecimals={false} width={axis.yWidth("999")} />
              <Tooltip
                {...tooltipStyle}
                cursor={{ fill: "rgba(96,165,250,0.08)" }}
                labelFormatter={(t) =>
                  `${formatClockTime(Number(t), timezone)}–${formatClockTime(Number(t) + series.intervalMs, timezone)}`
                }
              />
              <Bar dataKey="arrivals" name="arrived" fill={CHART_COLORS.arrivals} isAnimationActive={false} radius={[2, 2, 0, 0]} />
              <Bar dataKey="handled" name="handled" fill={CHART_COLORS.handled} isAnimationActive={false} radius={[2, 2, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        ) : null
      }
    </ChartPanel>
  );
}

/** One legend entry per agent word (ready or busy, away), not per activity: it stays one line. */
function groupLegend(bands: ActivityBand[]) {
  const seen = new Map<string, string>();
  for (const band of bands) if (!seen.has(band.group)) seen.set(band.group, band.color);
  return [...seen].map(([group, color]) => ({ label: group === "ready or busy" ? "available: ready or busy" : group, color }));
}
