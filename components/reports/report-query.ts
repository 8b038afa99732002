/** Pure helpers of the /reports form (no React, unit-tested). */

export const REPORT_CHOICES = [
  {
    kind: "queue-intervals",
    label: "Queue intervals",
    description: "Per queue per 15/30/60 minutes: entered, accepted, abandoned, service level, waits, AHT.",
  },
  {
    kind: "tasks",
    label: "Tasks",
    description: "One row per task created in the range: queues, wait, agent, handle time, outcome and reason.",
  },
  {
    kind: "agents",
    label: "Agents",
    description: "Per agent: handled, AHT, time in each activity, occupancy, reservations rejected or timed out.",
  },
  {
    kind: "worker-activity",
    label: "Agent activity log",
    description: "One row per activity interval of each agent, with start, end and seconds.",
  },
] as const;

export type ReportChoice = (typeof REPORT_CHOICES)[number]["kind"];

export type ReportForm = {
  kind: ReportChoice;
  /** First day, YYYY-MM-DD. */
  fromDate: string;
  /** Last day, included (a date-only `to` includes its day). */
  throughDate: string;
  timezone: string;
  queueSids: string[];
  intervalMinutes: 15 | 30 | 60;
  /** Queue intervals in which nothing happened are left out of the download (`empty=skip`). */
  skipEmpty?: boolean;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function daysBetween(from: string, through: string): number {
  return Math.round((Date.parse(`${through}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** What is wrong with the form before asking the server, or null. The server checks again. */
export function formProblem(form: ReportForm, maxRangeDays: number): string | null {
  if (!DATE.test(form.fromDate) || Number.isNaN(Date.parse(form.fromDate))) return "Choose the first day.";
  if (!DATE.test(form.throughDate) || Number.isNaN(Date.parse(form.throughDate))) return "Choose the last day.";
  const days = daysBetween(form.fromDate, form.throughDate);
  if (days < 1) return "The last day is before the first day.";
  if (days > maxRangeDays) return `At most ${maxRangeDays} days per report (this is ${days}).`;
  if (!form.timezone.trim()) return "Choose a time zone.";
  return null;
}

/** The query string of both the preview and the download. */
export function reportQuery(form: ReportForm): string {
  const params = new URLSearchParams({
    from: form.fromDate,
    to: form.throughDate,
    tz: form.timezone.trim(),
    interval: String(form.intervalMinutes),
  });
  for (const sid of form.queueSids) params.append("queue", sid);
  return params.toString();
}

/** The download: the preview's query, and `empty=skip` when asked for on queue intervals. */
export function downloadUrl(form: ReportForm): string {
  const skip = form.kind === "queue-intervals" && form.skipEmpty ? "&empty=skip" : "";
  return `/api/reports/${form.kind}.csv?${reportQuery(form)}${skip}`;
}

/** An axis label from an ISO time with offset: `14:30`, or `08 Mar 14:30` over several days. */
export function intervalLabel(iso: string, multiDay: boolean): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, , month, day, hour, minute] = match;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const time = `${hour}:${minute}`;
  return multiDay ? `${day} ${months[Number(month) - 1] ?? month} ${time}` : time;
}

/** `8 Mar 2026 00:00 – 9 Mar 2026 00:00` from two ISO times with offsets (local wall time as written). */
export function rangeLabel(fromIso: string, toIso: string): string {
  const format = (iso: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
    if (!match) return iso;
    const [, year, month, day, hour, minute] = match;
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return `${Number(day)} ${months[Number(month) - 1] ?? month} ${year} ${hour}:${minute}`;
  };
  return `${format(fromIso)} – ${format(toIso)}`;
}
