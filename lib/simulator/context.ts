/** What the simulator's parts share: the engine, the clock, tracked timers, counters. */
import type { Clock, Engine, TimerHandle } from "@/lib/emulator";
import { EmulatorError } from "@/lib/emulator";
import type { Random } from "./random";
import type { DemandStream, TrafficProfile } from "./traffic";

export type Counters = { tasksCreated: number; tasksCompleted: number; tasksAbandoned: number; events: number; racesLost: number };

export class SimContext {
  readonly counters: Counters = { tasksCreated: 0, tasksCompleted: 0, tasksAbandoned: 0, events: 0, racesLost: 0 };
  /** The demand stream of each task the simulator created (for handle times). */
  readonly streamOfTask = new Map<string, DemandStream>();
  private readonly timers = new Set<TimerHandle>();
  stopped = false;

  constructor(
    readonly engine: Engine,
    readonly clock: Clock,
    readonly random: Random,
    readonly traffic: TrafficProfile,
    readonly timezone: string,
    readonly workflowSid: string,
    /** Activity sids by contact-centre key (offline, available, break, lunch, acw, meeting). */
    readonly activities: Record<string, string>,
  ) {}

  /** Runs `fn` at clock time `at` unless the simulator has stopped. */
  at(at: number, fn: () => void): void {
    if (this.stopped) return;
    const handle = this.clock.setTimer(at, () => {
      this.timers.delete(handle);
      if (!this.stopped) this.attempt(fn);
    });
    this.timers.add(handle);
  }

  after(delayMs: number, fn: () => void): void {
    this.at(this.clock.now() + Math.max(0, delayMs), fn);
  }

  /**
   * Runs a step against the engine. A step can lose a race with the emulator (a reservation timed out
   * a moment before the agent accepts): that is a normal outcome, counted, not an error.
   */
  attempt(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (error instanceof EmulatorError) this.counters.racesLost += 1;
      else throw error;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers) this.clock.clearTimer(handle);
    this.timers.clear();
  }
}
