/**
 * The emulator's sense of time. Every timestamp and every timer (reservation timeout, target timeout,
 * task TTL, the simulator's arrivals and agents) goes through one Clock, so a run can be real time,
 * replayed history at speed, or stepped by hand in tests.
 *
 * Determinism: timers fire in (due time, insertion) order, and while a timer runs `now()` is pinned to
 * its due time (never earlier than a time already handed out), so a run that is driven only by timers
 * produces the same sequence whatever the wall clock or machine load.
 */
import { TimerQueue, type TimerHandle } from "./timer-queue";

export type { TimerHandle } from "./timer-queue";

export interface Clock {
  readonly kind: "real" | "virtual" | "manual";
  /** Epoch milliseconds; never decreases (except across an explicit VirtualClock.rewind). */
  now(): number;
  /** Runs `fn` when the clock reaches `atMs` (clock time, not wall time). */
  setTimer(atMs: number, fn: () => void): TimerHandle;
  /** `setTimer(now() + delayMs, fn)`. */
  after(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** Number of timers set and not yet fired or cleared. */
  readonly pendingTimers: number;
  /** Stops the real timer behind the clock; set timers never fire afterwards. */
  close(): void;
}

const MAX_REAL_DELAY = 2 ** 31 - 1;
/** Longest stretch of timer callbacks run in one go before yielding to I/O (HTTP, callbacks). */
const RUN_BUDGET_MS = 25;

abstract class ScheduledClock implements Clock {
  abstract readonly kind: Clock["kind"];
  protected readonly timers = new TimerQueue();
  /** Time handed out while a timer runs. */
  private pinned: number | null = null;
  protected lastNow = 0;
  private realTimer: ReturnType<typeof setTimeout> | null = null;
  private realTimerAt = Infinity;
  private closed = false;

  /** The clock time implied by the wall clock right now. */
  protected abstract mappedNow(): number;
  /** Wall milliseconds from now until the clock reaches `at`. */
  protected abstract wallDelayUntil(at: number): number;

  now(): number {
    if (this.pinned !== null) return this.pinned;
    const time = Math.max(this.mappedNow(), this.lastNow);
    this.lastNow = time;
    return time;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  setTimer(atMs: number, fn: () => void): TimerHandle {
    // Whole milliseconds: event times become TimestampMs, which TaskRouter sends as an integer.
    const at = Math.ceil(atMs);
    const handle = this.timers.push(at, fn);
    if (at < this.realTimerAt) this.schedule();
    return handle;
  }

  after(delayMs: number, fn: () => void): TimerHandle {
    return this.setTimer(this.now() + Math.max(0, delayMs), fn);
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.cancel(handle);
  }

  close(): void {
    this.closed = true;
    this.timers.clear();
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = null;
  }

  /** Runs every timer due at or before `until`, each with `now()` pinned to its due time. */
  protected runDue(until: number, budgetMs = Infinity): boolean {
    const started = Date.now();
    for (;;) {
      const entry = this.timers.popDue(until);
      if (!entry) return true;
      this.pinned = Math.max(entry.at, this.lastNow);
      this.lastNow = this.pinned;
      try {
        entry.fn();
      } catch (error) {
        console.error("[emulator clock] timer callback failed:", error);
      } finally {
        this.pinned = null;
      }
      if (Date.now() - started > budgetMs) return false;
    }
  }

  /** Arms one real timer for the earliest clock timer (manual clocks never arm one). */
  protected schedule(): void {
    if (this.closed || this.kind === "manual") return;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = null;
    this.realTimerAt = Infinity;
    const next = this.timers.peekTime();
    if (next === undefined) return;
    const delay = Math.min(MAX_REAL_DELAY, Math.max(0, Math.ceil(this.wallDelayUntil(next))));
    this.realTimerAt = next;
    this.realTimer = setTimeout(() => this.fire(), delay);
    this.realTimer.unref?.();
  }

  private fire(): void {
    this.realTimer = null;
    this.realTimerAt = Infinity;
    if (this.closed) return;
    const finished = this.runDue(this.mappedNow(), RUN_BUDGET_MS);
    if (finished) {
      this.schedule();
    } else {
      // Let sockets breathe, then carry on with what is due.
      this.realTimerAt = -Infinity;
      setImmediate(() => {
        this.realTimerAt = Infinity;
        this.fire();
      });
    }
  }
}

/** Wall-clock time. */
export class RealClock extends ScheduledClock {
  readonly kind = "real" as const;
  protected mappedNow(): number {
    return Date.now();
  }
  protected wallDelayUntil(at: number): number {
    return at - Date.now();
  }
}

export type VirtualClockOptions = {
  /** Clock time at creation; in the past to replay history (default: now). */
  startMs?: number;
  /** How many clock milliseconds pass per wall millisecond while behind the wall clock. */
  speed?: number;
};

/**
 * Starts at `startMs` and runs `speed` times faster than the wall clock until it catches up with it,
 * then runs at 1×: clock time never passes wall time, so every event time is ≤ the real now.
 */
export class VirtualClock extends ScheduledClock {
  readonly kind = "virtual" as const;
  private anchorWall = Date.now();
  private anchorClock: number;
  private speedFactor: number;
  private catchUpWaiters: (() => void)[] = [];
  private catchUpTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: VirtualClockOptions = {}) {
    super();
    this.anchorClock = Math.min(options.startMs ?? this.anchorWall, this.anchorWall);
    this.speedFactor = Math.max(1, options.speed ?? 1);
    this.lastNow = this.anchorClock;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** True once clock time has reached wall time (it then runs at 1×). */
  get caughtUp(): boolean {
    return this.mappedNow() >= Date.now();
  }

  /** Wall milliseconds left until the clock catches up (0 when it has). */
  get msUntilCaughtUp(): number {
    const wall = Date.now();
    const behind = wall - this.mappedNow();
    if (behind <= 0) return 0;
    return this.speedFactor <= 1 ? Infinity : behind / (this.speedFactor - 1);
  }

  /** Changes the speed from now on, keeping the current clock time. */
  setSpeed(speed: number): void {
    const current = this.now();
    this.anchorWall = Date.now();
    this.anchorClock = current;
    this.speedFactor = Math.max(1, speed);
    this.schedule();
    this.armCatchUp();
  }

  /**
   * Moves the clock back to `startMs` (history replay). Time goes backwards across this call only;
   * callers must not have produced anything they want ordered after it.
   */
  rewind(startMs: number, speed = this.speedFactor): void {
    this.anchorWall = Date.now();
    this.anchorClock = Math.min(startMs, this.anchorWall);
    this.speedFactor = Math.max(1, speed);
    this.lastNow = this.anchorClock;
    this.schedule();
    this.armCatchUp();
  }

  /** Resolves when the clock has caught up with the wall clock. */
  whenCaughtUp(): Promise<void> {
    if (this.caughtUp) return Promise.resolve();
    return new Promise((resolve) => {
      this.catchUpWaiters.push(resolve);
      this.armCatchUp();
    });
  }

  override close(): void {
    super.close();
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
  }

  protected mappedNow(): number {
    const wall = Date.now();
    const clock = this.anchorClock + (wall - this.anchorWall) * this.speedFactor;
    return Math.min(clock, wall);
  }

  protected wallDelayUntil(at: number): number {
    const viaSpeed = this.anchorWall + (at - this.anchorClock) / this.speedFactor;
    return Math.max(viaSpeed, at) - Date.now();
  }

  private armCatchUp(): void {
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
    if (this.catchUpWaiters.length === 0) return;
    const wait = this.msUntilCaughtUp;
    if (wait === 0) {
      const waiters = this.catchUpWaiters.splice(0);
      for (const resolve of waiters) resolve();
      return;
    }
    if (!Number.isFinite(wait)) return;
    this.catchUpTimer = setTimeout(() => this.armCatchUp(), Math.min(MAX_REAL_DELAY, Math.ceil(wait) + 1));
    this.catchUpTimer.unref?.();
  }
}

/** Time that moves only when a test says so; timers fire synchronously inside `advance`. */
export class ManualClock extends ScheduledClock {
  readonly kind = "manual" as const;
  private current: number;

  constructor(startMs = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    super();
    this.current = startMs;
    this.lastNow = startMs;
  }

  protected mappedNow(): number {
    return this.current;
  }

  protected wallDelayUntil(): number {
    return Infinity;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(target: number): void {
    if (target < this.current) return;
    for (;;) {
      const next = this.timers.peekTime();
      if (next === undefined || next > target) break;
      this.current = Math.max(this.current, next);
      this.runDue(next);
    }
    this.current = target;
    this.lastNow = Math.max(this.lastNow, target);
  }

  /** Like `advance`, in steps, yielding to the event loop between steps so HTTP traffic can flow. */
  async advanceAsync(ms: number, stepMs = 1000): Promise<void> {
    const target = this.current + ms;
    while (this.current < target) {
      this.advanceTo(Math.min(target, this.current + stepMs));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
