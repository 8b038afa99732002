/**
 * Windowed cumulative aggregates of one scope (the workspace, a queue or a worker), kept in
 * minute buckets grouped into hours, keyed by the time each fact counts at. A window query merges
 * whole hours, then whole minutes of the two edge hours, and scans facts of the two edge minutes
 * only. Sums are exact (integer milliseconds); min/max are not subtractable, so a bucket that
 * loses a fact is recomputed from its facts the next time it is read.
 */
import type { CounterKind, CumulativeFact } from "./task-facts";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export type Thresholds = {
  /** SplitByWaitTime thresholds in seconds, ascending; the SLA threshold is one of them. */
  splitSeconds: readonly number[];
  slaSeconds: number;
  shortAbandonSeconds: number;
};

export type DurationAgg = { n: number; totalMs: number; minMs: number; maxMs: number };

export type Agg = {
  counts: Record<CounterKind, number>;
  /** Tasks accepted (first acceptances), apart from `counts.reservationsAccepted`, and their waits. */
  tasksAccepted: number;
  waitUntilFirstAccepted: DurationAgg;
  /** Every acceptance, a transfer's too, waited from the task's creation (Twilio's definition). */
  waitUntilAccepted: DurationAgg;
  waitInQueueUntilAccepted: DurationAgg;
  waitUntilCanceled: DurationAgg;
  handleTime: DurationAgg;
  /** A worker's parts up to their wrap-up (worker scopes only). */
  talkTime: DurationAgg;
  wrapUpTime: DurationAgg;
  tasksShortAbandoned: number;
  /** Ended by the dashboard's cancel action: counted apart from abandons. */
  tasksCanceledBySupervisor: number;
  tasksAcceptedWithinSla: number;
  /** Per threshold of `splitSeconds`: accepted tasks, accepted reservations, abandoned tasks with a wait ≤ the threshold. */
  acceptedBelow: number[];
  reservationsAcceptedBelow: number[];
  canceledBelow: number[];
  /** Canceled tasks the split counts: abandons, and cancels after a transfer (not the dashboard's). */
  tasksCanceledForSplit: number;
};

const emptyDuration = (): DurationAgg => ({ n: 0, totalMs: 0, minMs: Number.POSITIVE_INFINITY, maxMs: Number.NEGATIVE_INFINITY });

/** Every counter at 0, keys in COUNTER_KINDS order (one literal: one object shape for every aggregate). */
const emptyCounts = (): Record<CounterKind, number> => ({
  tasksCreated: 0,
  tasksEntered: 0,
  tasksMoved: 0,
  tasksCompleted: 0,
  tasksCanceled: 0,
  tasksDeleted: 0,
  reservationsCreated: 0,
  reservationsAccepted: 0,
  reservationsRejected: 0,
  reservationsTimedOut: 0,
  reservationsCanceled: 0,
  reservationsRescinded: 0,
  transfersInitiated: 0,
  transfersCompleted: 0,
  transfersFailed: 0,
  transfersCanceled: 0,
  transferAttemptsFailed: 0,
  tasksTimedOutInWorkflow: 0,
});

export function emptyAgg(thresholds: Thresholds): Agg {
  const counts = emptyCounts();
  return {
    counts,
    tasksAccepted: 0,
    waitUntilFirstAccepted: emptyDuration(),
    waitUntilAccepted: emptyDuration(),
    waitInQueueUntilAccepted: emptyDuration(),
    waitUntilCanceled: emptyDuration(),
    handleTime: emptyDuration(),
    talkTime: emptyDuration(),
    wrapUpTime: emptyDuration(),
    tasksShortAbandoned: 0,
    tasksCanceledBySupervisor: 0,
    tasksAcceptedWithinSla: 0,
    acceptedBelow: thresholds.splitSeconds.map(() => 0),
    reservationsAcceptedBelow: thresholds.splitSeconds.map(() => 0),
    canceledBelow: thresholds.splitSeconds.map(() => 0),
    tasksCanceledForSplit: 0,
  };
}

function addDuration(d: DurationAgg, ms: number): void {
  d.n += 1;
  d.totalMs += ms;
  if (ms < d.minMs) d.minMs = ms;
  if (ms > d.maxMs) d.maxMs = ms;
}

function mergeDuration(into: DurationAgg, from: DurationAgg): void {
  into.n += from.n;
  into.totalMs += from.totalMs;
  if (from.minMs < into.minMs) into.minMs = from.minMs;
  if (from.maxMs > into.maxMs) into.maxMs = from.maxMs;
}

function countBelow(below: number[], valueMs: number, splitSeconds: readonly number[]): void {
  for (let i = 0; i < splitSeconds.length; i++) if (valueMs <= (splitSeconds[i] as number) * 1000) below[i] = (below[i] ?? 0) + 1;
}

function mergeCounts(into: number[], from: readonly number[]): void {
  for (let i = 0; i < from.length; i++) into[i] = (into[i] ?? 0) + (from[i] as number);
}

/** "Within T" and "below T" both mean wait ≤ T. */
export function addFact(agg: Agg, fact: CumulativeFact, thresholds: Thresholds): void {
  switch (fact.kind) {
    case "accepted":
      agg.tasksAccepted += 1;
      addDuration(agg.waitUntilFirstAccepted, fact.valueMs);
      if (fact.valueMs <= thresholds.slaSeconds * 1000) agg.tasksAcceptedWithinSla += 1;
      countBelow(agg.acceptedBelow, fact.valueMs, thresholds.splitSeconds);
      return;
    case "reservationAccepted":
      addDuration(agg.waitUntilAccepted, fact.valueMs);
      if (fact.inQueueMs !== null) addDuration(agg.waitInQueueUntilAccepted, fact.inQueueMs);
      countBelow(agg.reservationsAcceptedBelow, fact.valueMs, thresholds.splitSeconds);
      return;
    case "abandoned":
      addDuration(agg.waitUntilCanceled, fact.valueMs);
      if (fact.valueMs <= thresholds.shortAbandonSeconds * 1000) agg.tasksShortAbandoned += 1;
      return;
    case "canceled":
      agg.tasksCanceledForSplit += 1;
      countBelow(agg.canceledBelow, fact.valueMs, thresholds.splitSeconds);
      return;
    case "canceledBySupervisor":
      agg.tasksCanceledBySupervisor += 1;
      return;
    case "handle":
    case "workerHandle":
      addDuration(agg.handleTime, fact.valueMs);
      return;
    case "workerTalk":
      addDuration(agg.talkTime, fact.valueMs);
      return;
    case "wrapUp":
      addDuration(agg.wrapUpTime, fact.valueMs);
      return;
    default:
      agg.counts[fact.kind] += 1;
  }
}

export function mergeAgg(into: Agg, from: Agg): void {
  const a = into.counts;
  const b = from.counts;
  a.tasksCreated += b.tasksCreated;
  a.tasksEntered += b.tasksEntered;
  a.tasksMoved += b.tasksMoved;
  a.tasksCompleted += b.tasksCompleted;
  a.tasksCanceled += b.tasksCanceled;
  a.tasksDeleted += b.tasksDeleted;
  a.reservationsCreated += b.reservationsCreated;
  a.reservationsAccepted += b.reservationsAccepted;
  a.reservationsRejected += b.reservationsRejected;
  a.reservationsTimedOut += b.reservationsTimedOut;
  a.reservationsCanceled += b.reservationsCanceled;
  a.reservationsRescinded += b.reservationsRescinded;
  a.transfersInitiated += b.transfersInitiated;
  a.transfersCompleted += b.transfersCompleted;
  a.transfersFailed += b.transfersFailed;
  a.transfersCanceled += b.transfersCanceled;
  a.transferAttemptsFailed += b.transferAttemptsFailed;
  a.tasksTimedOutInWorkflow += b.tasksTimedOutInWorkflow;
  into.tasksAccepted += from.tasksAccepted;
  mergeDuration(into.waitUntilFirstAccepted, from.waitUntilFirstAccepted);
  mergeDuration(into.waitUntilAccepted, from.waitUntilAccepted);
  mergeDuration(into.waitInQueueUntilAccepted, from.waitInQueueUntilAccepted);
  mergeDuration(into.waitUntilCanceled, from.waitUntilCanceled);
  mergeDuration(into.handleTime, from.handleTime);
  mergeDuration(into.talkTime, from.talkTime);
  mergeDuration(into.wrapUpTime, from.wrapUpTime);
  into.tasksShortAbandoned += from.tasksShortAbandoned;
  into.tasksCanceledBySupervisor += from.tasksCanceledBySupervisor;
  into.tasksAcceptedWithinSla += from.tasksAcceptedWithinSla;
  mergeCounts(into.acceptedBelow, from.acceptedBelow);
  mergeCounts(into.reservationsAcceptedBelow, from.reservationsAcceptedBelow);
  mergeCounts(into.canceledBelow, from.canceledBelow);
  into.tasksCanceledForSplit += from.tasksCanceledForSplit;
}

type MinuteBucket = { key: number; facts: CumulativeFact[]; agg: Agg | null };
type HourBucket = { key: number; minutes: Map<number, MinuteBucket>; agg: Agg | null; size: number };

/** The aggregate of [fromMs, toMs) for a window read again and again as `now` moves within a minute or so. */
type Prefix = { fromMs: number; toMs: number; agg: Agg };

/**
 * Facts are held by identity, in plain lists: `add` takes a fact the scope does not hold yet and
 * `remove` the very object `add` was given (the fold adds each fact of a task's derivation once
 * and retracts those objects when the derivation changes). Fact ids are unique, so this is the
 * set of facts by id, without hashing an id string per fact.
 */
export class ScopeAggregate {
  private readonly hours = new Map<number, HourBucket>();
  /** The bucket of the last add: events mostly come in time order, so the next fact is likely in it. */
  private lastHour: HourBucket | null = null;
  private lastMinute: MinuteBucket | null = null;
  /** Aggregates of [from, whole minute) of the windows read most recently; dropped when a fact inside changes. */
  private prefixes: Prefix[] = [];
  /** Window starts read recently: a prefix is kept from a start's second read on (an N-minute window moves). */
  private readonly readFrom: number[] = [];

  constructor(readonly thresholds: Thresholds) {}

  private touched(atMs: number): void {
    for (const p of this.prefixes) {
      if (atMs >= p.fromMs && atMs < p.toMs) {
        this.prefixes = this.prefixes.filter((q) => atMs < q.fromMs || atMs >= q.toMs);
        return;
      }
    }
  }

  add(fact: CumulativeFact): void {
    this.touched(fact.atMs);
    const minuteKey = Math.floor(fact.atMs / MINUTE_MS);
    let hour = this.lastHour;
    let minute = this.lastMinute;
    if (minute === null || hour === null || minute.key !== minuteKey) {
      const hourKey = Math.floor(fact.atMs / HOUR_MS);
      hour = this.hours.get(hourKey) ?? null;
      if (hour === null) {
        hour = { key: hourKey, minutes: new Map(), agg: null, size: 0 };
        this.hours.set(hourKey, hour);
      }
      minute = hour.minutes.get(minuteKey) ?? null;
      if (minute === null) {
        minute = { key: minuteKey, facts: [], agg: null };
        hour.minutes.set(minuteKey, minute);
      }
      this.lastHour = hour;
      this.lastMinute = minute;
    }
    minute.facts.push(fact);
    hour.size += 1;
    // Adding keeps min/max right, so cached aggregates stay valid.
    if (minute.agg !== null) addFact(minute.agg, fact, this.thresholds);
    if (hour.agg !== null) addFact(hour.agg, fact, this.thresholds);
  }

  remove(fact: CumulativeFact): void {
    const hourKey = Math.floor(fact.atMs / HOUR_MS);
    const hour = this.hours.get(hourKey);
    const minuteKey = Math.floor(fact.atMs / MINUTE_MS);
    const minute = hour?.minutes.get(minuteKey);
    const at = minute === undefined ? -1 : minute.facts.indexOf(fact);
    if (hour === undefined || minute === undefined || at < 0) return;
    const last = minute.facts.pop() as CumulativeFact;
    if (at < minute.facts.length) minute.facts[at] = last;
    this.touched(fact.atMs);
    hour.size -= 1;
    minute.agg = null;
    hour.agg = null;
    if (minute.facts.length === 0) {
      hour.minutes.delete(minuteKey);
      if (this.lastMinute === minute) this.lastMinute = null;
    }
    if (hour.size === 0) {
      this.hours.delete(hourKey);
      if (this.lastHour === hour) this.lastHour = null;
    }
  }

  /** Drops the hours that ended before `ms`, with the kept prefixes that reach into them. */
  forgetBefore(ms: number): void {
    for (const [hourKey, hour] of this.hours) {
      if ((hourKey + 1) * HOUR_MS > ms) continue;
      this.hours.delete(hourKey);
      if (this.lastHour === hour) {
        this.lastHour = null;
        this.lastMinute = null;
      }
    }
    this.prefixes = this.prefixes.filter((p) => p.fromMs >= ms);
  }

  /**
   * Aggregate of the facts with fromMs ≤ atMs < toMs: the part up to the last whole minute
   * comes from a prefix kept between reads, the rest from that minute's facts. Sums are of
   * integer milliseconds, so the grouping does not change a value. A prefix is kept at the first
   * read when `keep` says the window start is fixed, else from the second read with that start.
   */
  query(fromMs: number, toMs: number, keep = false): Agg {
    const cut = Math.floor(toMs / MINUTE_MS) * MINUTE_MS;
    if (!(cut > fromMs) || !Number.isInteger(fromMs) || !Number.isInteger(toMs)) return this.range(fromMs, toMs);
    let index = this.prefixes.findIndex((p) => p.fromMs === fromMs && p.toMs === cut);
    if (index < 0) {
      if (!keep && !this.readFrom.includes(fromMs)) {
        this.readFrom.unshift(fromMs);
        this.readFrom.length = Math.min(this.readFrom.length, 2);
        return this.range(fromMs, toMs);
      }
      this.prefixes.unshift({ fromMs, toMs: cut, agg: this.range(fromMs, cut) });
      this.prefixes.length = Math.min(this.prefixes.length, 2);
      index = 0;
    }
    const prefix = this.prefixes[index] as Prefix;
    if (index > 0) this.prefixes.unshift(...this.prefixes.splice(index, 1));
    const result = emptyAgg(this.thresholds);
    mergeAgg(result, prefix.agg);
    if (toMs > cut) {
      const minute = this.hours.get(Math.floor(cut / HOUR_MS))?.minutes.get(cut / MINUTE_MS);
      if (minute !== undefined) for (const fact of minute.facts) if (fact.atMs < toMs) addFact(result, fact, this.thresholds);
    }
    return result;
  }

  /** `query` computed from the buckets. */
  private range(fromMs: number, toMs: number): Agg {
    const result = emptyAgg(this.thresholds);
    if (toMs <= fromMs) return result;
    const firstHour = Math.floor(fromMs / HOUR_MS);
    const lastHour = Math.floor((toMs - 1) / HOUR_MS);
    // A window spans few hours while history grows: probe the hour keys of the window, unless
    // the window is longer than the stored history.
    const hourKeys =
      lastHour - firstHour < this.hours.size
        ? Array.from({ length: lastHour - firstHour + 1 }, (_, i) => firstHour + i)
        : [...this.hours.keys()].filter((h) => h >= firstHour && h <= lastHour);
    for (const h of hourKeys) {
      const hour = this.hours.get(h);
      if (hour === undefined) continue;
      if (h * HOUR_MS >= fromMs && (h + 1) * HOUR_MS <= toMs) {
        mergeAgg(result, this.hourAgg(hour));
        continue;
      }
      for (const [m, minute] of hour.minutes) {
        const start = m * MINUTE_MS;
        if (start + MINUTE_MS <= fromMs || start >= toMs) continue;
        if (start >= fromMs && start + MINUTE_MS <= toMs) mergeAgg(result, this.minuteAgg(minute));
        else for (const fact of minute.facts) if (fact.atMs >= fromMs && fact.atMs < toMs) addFact(result, fact, this.thresholds);
      }
    }
    return result;
  }

  private minuteAgg(minute: MinuteBucket): Agg {
    if (minute.agg === null) {
      const agg = emptyAgg(this.thresholds);
      for (const fact of minute.facts) addFact(agg, fact, this.thresholds);
      minute.agg = agg;
    }
    return minute.agg;
  }

  /** Summed from the facts themselves: minute aggregates are needed only in a window's edge hours. */
  private hourAgg(hour: HourBucket): Agg {
    if (hour.agg === null) {
      const agg = emptyAgg(this.thresholds);
      for (const minute of hour.minutes.values()) {
        if (minute.agg !== null) mergeAgg(agg, minute.agg);
        else for (const fact of minute.facts) addFact(agg, fact, this.thresholds);
      }
      hour.agg = agg;
    }
    return hour.agg;
  }
}
