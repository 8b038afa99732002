import { DateTime, IANAZone } from "luxon";

/** The four exports of `GET /api/reports/<kind>.csv`. */
export const REPORT_KINDS = ["tasks", "worker-activity", "queue-intervals", "agents"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const INTERVAL_MINUTES = [15, 30, 60] as const;
export type IntervalMinutes = (typeof INTERVAL_MINUTES)[number];
export const DEFAULT_INTERVAL_MINUTES: IntervalMinutes = 15;

/** Longest range one request may cover, in calendar days of the requested zone. */
export const MAX_RANGE_DAYS = 31;

/** At most this many `queue` values per request (the URL stays readable, the SQL array small). */
export const MAX_QUEUES = 50;

const QUEUE_SID = /^WQ[0-9A-Za-z]{1,62}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type ReportParams = {
  /** Inclusive start, epoch ms. */
  fromMs: number;
  /** Exclusive end, epoch ms. */
  toMs: number;
  /** IANA zone every time in the file is written in, and that dates are midnights of. */
  timezone: string;
  /** Empty: every queue. */
  queueSids: string[];
  intervalMinutes: IntervalMinutes;
  /** `empty=skip`: queue intervals in which nothing happened are left out. */
  skipEmpty: boolean;
};

export type ParamError = { field: string; message: string };
export type ParseParamsResult = { ok: true; params: ReportParams } | { ok: false; error: ParamError };

export function isReportKind(value: string): value is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(value);
}

/**
 * Validates `from`, `to`, `tz`, `queue`, `interval`, `empty`. A date (YYYY-MM-DD) is a whole day
 * in `tz`, as people mean it: `from` starts at its midnight and a date `to` includes its day (it
 * ends at the next midnight), so `from=D&to=D` is day D. A datetime is exact, and as `to` it is
 * exclusive; without an offset it is local time in `tz`, with one it is that instant.
 * Defaults: `tz` the dashboard's zone, `from` today's midnight, `to` one day after `from`.
 */
export function parseReportParams(
  search: URLSearchParams,
  { defaultTimezone, now = Date.now() }: { defaultTimezone: string; now?: number },
): ParseParamsResult {
  const fail = (field: string, message: string): ParseParamsResult => ({ ok: false, error: { field, message } });

  const tzRaw = single(search, "tz");
  if (tzRaw === null) return fail("tz", "tz may be given once");
  const timezone = tzRaw?.trim() || defaultTimezone;
  if (!IANAZone.isValidZone(timezone)) return fail("tz", `tz ${JSON.stringify(timezone)} is not an IANA time zone (e.g. Europe/London)`);

  const fromRaw = single(search, "from");
  if (fromRaw === null) return fail("from", "from may be given once");
  const toRaw = single(search, "to");
  if (toRaw === null) return fail("to", "to may be given once");

  const from = fromRaw?.trim() ? parseInstant(fromRaw.trim(), timezone) : DateTime.fromMillis(now, { zone: timezone }).startOf("day");
  if (!from)
    return fail("from", `from ${JSON.stringify(fromRaw)} is not an ISO-8601 date or datetime (e.g. 2026-03-08 or 2026-03-08T09:00)`);
  const to = toRaw?.trim() ? parseInstant(toRaw.trim(), timezone, { dateEnds: true }) : from.plus({ days: 1 });
  if (!to) return fail("to", `to ${JSON.stringify(toRaw)} is not an ISO-8601 date or datetime (e.g. 2026-03-09 or 2026-03-08T17:00)`);
  if (to.toMillis() <= from.toMillis())
    return fail("to", "to must be after from (a date as to includes its day, so one day is from=D&to=D)");
  if (to.toMillis() > from.plus({ days: MAX_RANGE_DAYS }).toMillis()) {
    return fail("to", `the range from ${from.toISO()} to ${to.toISO()} is longer than the maximum of ${MAX_RANGE_DAYS} days`);
  }

  const queueSids: string[] = [];
  for (const value of search.getAll("queue")) {
    for (const part of value.split(",")) {
      const sid = part.trim();
      if (!sid) continue;
      if (!QUEUE_SID.test(sid)) return fail("queue", `queue ${JSON.stringify(sid)} is not a TaskQueue sid (WQ…)`);
      if (!queueSids.includes(sid)) queueSids.push(sid);
    }
  }
  if (queueSids.length > MAX_QUEUES) return fail("queue", `at most ${MAX_QUEUES} queues per request`);

  const intervalRaw = single(search, "interval");
  if (intervalRaw === null) return fail("interval", "interval may be given once");
  let intervalMinutes = DEFAULT_INTERVAL_MINUTES;
  if (intervalRaw?.trim()) {
    const minutes = Number(intervalRaw.trim());
    const allowed = INTERVAL_MINUTES.find((m) => m === minutes);
    if (allowed === undefined) return fail("interval", `interval must be one of ${INTERVAL_MINUTES.join(", ")} (minutes)`);
    intervalMinutes = allowed;
  }

  const emptyRaw = single(search, "empty");
  if (emptyRaw === null) return fail("empty", "empty may be given once");
  const empty = emptyRaw?.trim() || "include";
  if (empty !== "include" && empty !== "skip") return fail("empty", "empty must be include or skip");

  return {
    ok: true,
    params: { fromMs: from.toMillis(), toMs: to.toMillis(), timezone, queueSids, intervalMinutes, skipEmpty: empty === "skip" },
  };
}

/** The one value of a parameter, undefined when absent, null when repeated. */
function single(search: URLSearchParams, name: string): string | undefined | null {
  const values = search.getAll(name);
  if (values.length > 1) return null;
  return values[0];
}

/** `dateEnds`: a date-only value is the end of its day (the next midnight), for `to`. */
function parseInstant(text: string, zone: string, { dateEnds = false } = {}): DateTime | null {
  const dateOnly = DATE_ONLY.test(text);
  let parsed = dateOnly ? DateTime.fromISO(text, { zone }).startOf("day") : DateTime.fromISO(text, { zone, setZone: false });
  if (dateOnly && dateEnds && parsed.isValid) parsed = parsed.plus({ days: 1 });
  if (!parsed.isValid) return null;
  // luxon accepts years 0–9999; a report over such a range is a typo, not a question.
  if (parsed.year < 2000 || parsed.year > 2200) return null;
  return parsed.setZone(zone);
}
