/** Chart colours, matching the CSS variables in app/globals.css (SVG attributes cannot read them everywhere). */
export const CHART_COLORS = {
  grid: "#1e2a3a",
  axis: "#8d9db3",
  waiting: "#60a5fa",
  serviceLevel: "#34d399",
  target: "#fbbf24",
  arrivals: "#60a5fa",
  handled: "#34d399",
} as const;

export const AXIS_PROPS = {
  stroke: CHART_COLORS.axis,
  tick: { fill: CHART_COLORS.axis },
  tickLine: false,
  axisLine: { stroke: CHART_COLORS.grid },
} as const;
