"use client";

import { type ReactNode, useEffect, useMemo, useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_PROPS, CHART_COLORS } from "@/components/charts/theme";
import type { ReportPreview } from "@/lib/reports/preview";
import { formatCount, formatDuration, formatPercent } from "@/lib/ui/format";
import styles from "./reports.module.css";
import {
  downloadUrl,
  formProblem,
  intervalLabel,
  REPORT_CHOICES,
  type ReportChoice,
  type ReportForm,
  rangeLabel,
  reportQuery,
} from "./report-query";

export type ReportsViewProps = {
  /** The desk pages' shared header (title, views, user). */
  header: ReactNode;
  queues: { sid: string; friendlyName: string }[];
  defaultTimezone: string;
  /** Today in the dashboard's zone, YYYY-MM-DD. */
  today: string;
  maxRangeDays: number;
  /** The oldest day the log still holds (EVENT_RETENTION_DAYS), YYYY-MM-DD, and how many days it keeps. */
  retention: { earliest: string; days: number };
  /** Header row of each export, to show what a download holds. */
  columns: Record<ReportChoice, string[]>;
};

const tooltipStyle = {
  contentStyle: { background: "#0f1722", border: "1px solid #2a3a50", borderRadius: 8, color: "#e8eef6" },
  labelStyle: { color: "#8d9db3" },
} as const;

type PreviewState = { status: "idle" | "loading" } | { status: "ready"; preview: ReportPreview } | { status: "error"; message: string };

/** `/reports`: choose an export, its range, zone and queues; preview the range; download the CSV. */
export function ReportsView({ header, queues, defaultTimezone, today, maxRangeDays, retention, columns }: ReportsViewProps) {
  const [form, setForm] = useState<ReportForm>({
    kind: "queue-intervals",
    fromDate: today,
    throughDate: today,
    timezone: defaultTimezone,
    queueSids: [],
    intervalMinutes: 15,
  });
  const [preview, setPreview] = useState<PreviewState>({ status: "idle" });
  const zones = useMemo(() => {
    try {
      return (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
    } catch {
      return [];
    }
  }, []);
  const problem = formProblem(form, maxRangeDays);
  const query = problem ? null : reportQuery(form);

  // The preview follows the form, a moment after the last change.
  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setPreview({ status: "loading" });
      try {
        const response = await fetch(`/api/reports/preview?${query}`, {
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
        const body = (await response.json()) as ReportPreview | { error?: { message?: string } };
        if (!response.ok || !("intervals" in body)) {
          setPreview({ status: "error", message: ("error" in body && body.error?.message) || `The server answered ${response.status}` });
          return;
        }
        setPreview({ status: "ready", preview: body });
      } catch (error) {
        if (!controller.signal.aborted) setPreview({ status: "error", message: error instanceof Error ? error.message : String(error) });
      }
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const update = (patch: Partial<ReportForm>) => setForm((current) => ({ ...current, ...patch }));
  const toggleQueue = (sid: string) =>
    update({ queueSids: form.queueSids.includes(sid) ? form.queueSids.filter((s) => s !== sid) : [...form.queueSids, sid] });
  const href = problem ? undefined : downloadUrl(form);

  return (
    <main className="desk-page" data-testid="reports-view">
      {header}

      <div className={styles.layout}>
        <section className="panel">
          <div className="panel-head">
            <h2>Export</h2>
          </div>
          <form className={styles.form} onSubmit={(event) => event.preventDefault()}>
            <fieldset className={styles.fieldset}>
              <legend className={styles.legend}>Report</legend>
              {REPORT_CHOICES.map((choice) => (
                <label key={choice.kind} className={styles.kind}>
                  <input
                    type="radio"
                    name="kind"
                    value={choice.kind}
                    checked={form.kind === choice.kind}
                    onChange={() => update({ kind: choice.kind })}
                  />
                  <span className={styles.kindName}>{choice.label}</span>
                  <span className={styles.kindDescription}>{choice.description}</span>
                </label>
              ))}
            </fieldset>

            <fieldset className={styles.fieldset}>
              <legend className={styles.legend}>Range</legend>
              <div className={styles.row}>
                <label className={styles.field}>
                  First day
                  <input
                    type="date"
                    value={form.fromDate}
                    min={retention.earliest}
                    max={form.throughDate || undefined}
                    onChange={(e) => update({ fromDate: e.target.value })}
                    data-testid="from-date"
                  />
                </label>
                <label className={styles.field}>
                  Last day (included)
                  <input
                    type="date"
                    value={form.throughDate}
                    min={form.fromDate || undefined}
                    onChange={(e) => update({ throughDate: e.target.value })}
                    data-testid="through-date"
                  />
                </label>
              </div>
              <div className={styles.row}>
                <label className={styles.field}>
                  Time zone
                  <input
                    list="report-zones"
                    value={form.timezone}
                    onChange={(e) => update({ timezone: e.target.value })}
                    spellCheck={false}
                    data-testid="timezone"
                  />
                  <datalist id="report-zones">
                    {zones.map((zone) => (
                      <option key={zone} value={zone} />
                    ))}
                  </datalist>
                </label>
                <label className={styles.field}>
                  Interval
                  <select
                    value={form.intervalMinutes}
                    onChange={(e) => update({ intervalMinutes: Number(e.target.value) as 15 | 30 | 60 })}
                    data-testid="interval"
                  >
                    <option value={15}>15 minutes</option>
                    <option value={30}>30 minutes</option>
                    <option value={60}>60 minutes</option>
                  </select>
                </label>
              </div>
              {form.kind === "queue-intervals" ? (
                <label className={styles.queue}>
                  <input
                    type="checkbox"
                    checked={form.skipEmpty ?? false}
                    onChange={(e) => update({ skipEmpty: e.target.checked })}
                    data-testid="skip-empty"
                  />
                  Leave out intervals in which nothing happened
                </label>
              ) : null}
              <p className={styles.hint}>
                Days run from midnight to midnight in the time zone; at most {maxRangeDays} days.{" "}
                <span data-testid="retention-hint">
                  The event log keeps {retention.days} days: reports reach back to {retention.earliest}.
                  {form.fromDate && form.fromDate < retention.earliest
                    ? " Days before that are no longer in the log and count as empty."
                    : ""}
                </span>
              </p>
            </fieldset>

            <fieldset className={styles.fieldset}>
              <legend className={styles.legend}>Queues {form.queueSids.length === 0 ? "(all)" : `(${form.queueSids.length})`}</legend>
              {queues.length === 0 ? <p className={styles.hint}>No queues configured.</p> : null}
              <div className={styles.queues}>
                {queues.map((queue) => (
                  <label key={queue.sid} className={styles.queue}>
                    <input type="checkbox" checked={form.queueSids.includes(queue.sid)} onChange={() => toggleQueue(queue.sid)} />
                    {queue.friendlyName}
                  </label>
                ))}
              </div>
              <p className={styles.hint}>None ticked: every queue. Agent reports keep the agents who serve the ticked queues.</p>
            </fieldset>

            <div className={styles.actions}>
              {problem ? (
                <p className={styles.problem} role="alert" data-testid="form-problem">
                  {problem}
                </p>
              ) : null}
              <a className={styles.download} href={href} download aria-disabled={problem ? "true" : undefined} data-testid="download">
                Download {REPORT_CHOICES.find((c) => c.kind === form.kind)?.label ?? form.kind} CSV
              </a>
              {href ? <code className={styles.url}>{href}</code> : null}
            </div>
          </form>
        </section>

        <section className="panel" data-testid="report-preview">
          <div className="panel-head">
            <h2>
              Preview <span className="count">service level and volume per interval</span>
            </h2>
          </div>
          <div className={styles.preview}>
            <PreviewBody state={preview} />
            <div className={styles.columns} data-testid="report-columns">
              <h3 className={styles.legend}>Columns of {REPORT_CHOICES.find((c) => c.kind === form.kind)?.label ?? form.kind}</h3>
              <ul>
                {columns[form.kind].map((column) => (
                  <li key={column}>
                    <code>{column}</code>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </section>
      </div>
    </main>
  );
}

function PreviewBody({ state }: { state: PreviewState }) {
  if (state.status === "error") return <p className={`${styles.placeholder} ${styles.problem}`}>{state.message}</p>;
  if (state.status !== "ready") return <p className={styles.placeholder}>Loading…</p>;
  const { preview } = state;
  const multiDay =
    preview.intervals.length > 0 && preview.intervals[0]!.label.slice(0, 10) !== preview.intervals.at(-1)!.label.slice(0, 10);
  const rows = preview.intervals.map((i) => ({ ...i, name: intervalLabel(i.label, multiDay) }));
  const { totals } = preview;
  return (
    <>
      <div className={styles.totals}>
        <Total label="Entered" value={formatCount(totals.entered)} />
        <Total label="Accepted" value={formatCount(totals.accepted)} />
        <Total label="Abandoned" value={formatCount(totals.abandoned)} />
        <Total label="Service level" value={formatPercent(totals.serviceLevelPercent)} />
        <Total label="Avg wait" value={formatDuration(totals.avgWaitSeconds)} />
        <Total label="AHT" value={formatDuration(totals.ahtSeconds)} />
      </div>
      {rows.length === 0 ? (
        <p className={styles.placeholder}>Nothing to show: the range has not started yet.</p>
      ) : (
        <div className={styles.chart} data-testid="preview-chart">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
              <XAxis dataKey="name" {...AXIS_PROPS} minTickGap={24} />
              <YAxis yAxisId="volume" {...AXIS_PROPS} allowDecimals={false} width={40} />
              <YAxis yAxisId="sl" orientation="right" {...AXIS_PROPS} domain={[0, 100]} unit="%" width={48} />
              <Tooltip
                {...tooltipStyle}
                labelFormatter={(_, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ""}
                formatter={(value, name) => (name === "Service level" ? [formatPercent(value as number | null), name] : [value, name])}
              />
              <Legend
                wrapperStyle={{ fontSize: 13 }}
                // Recharts colours legend text like its series, too light on a light page; the swatch keeps the colour.
                formatter={(value) => <span className="chart-legend-text">{value}</span>}
              />
              <Bar yAxisId="volume" dataKey="entered" name="Entered" fill={CHART_COLORS.arrivals} isAnimationActive={false} />
              <Bar yAxisId="volume" dataKey="abandoned" name="Abandoned" fill="#f87171" isAnimationActive={false} />
              <Line
                yAxisId="sl"
                dataKey="serviceLevelPercent"
                name="Service level"
                stroke={CHART_COLORS.serviceLevel}
                strokeWidth={2}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      <p className={styles.hint}>
        {rangeLabel(preview.from, preview.to)} ({preview.timezone}) · {preview.intervalMinutes}-minute intervals · {preview.queues.length}{" "}
        queue
        {preview.queues.length === 1 ? "" : "s"}
      </p>
    </>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <div className={styles.total}>
      <div className={styles.totalLabel}>{label}</div>
      <div className={styles.totalValue}>{value}</div>
    </div>
  );
}
