/**
 * The traffic simulator: drives an emulator's engine in-process with customers and agents, on the
 * emulator's clock. Seeded and deterministic: the same seed on the same clock start gives the same
 * events (only timers drive it; no Math.random, no wall-clock reads in decisions).
 */
import { VirtualClock, type Emulator } from "@/lib/emulator";
import { Agents } from "./agents";
import { SimContext } from "./context";
import { Customers } from "./customers";
import { Random } from "./random";
import { DEFAULT_TRAFFIC, type TrafficProfile } from "./traffic";

export type SimulatorOptions = {
  /** An emulator built with the default contact centre (or one with the same activity keys). */
  emulator: Pick<Emulator, "engine" | "clock" | "contactCentre" | "replayFrom" | "delivery">;
  seed?: number;
  /**
   * Replay speed: how many times faster than real time the clock runs while it is behind the wall
   * clock (history replay); it always continues at 1× once caught up. Default 60.
   */
  speed?: number;
  /** Replay this many hours of history before running live (needs the emulator's VirtualClock). */
  historyHours?: number;
  traffic?: TrafficProfile;
  /** Multiplies every arrival rate (load tests). */
  trafficScale?: number;
  /** IANA zone of the contact centre's day (daily curve, shifts). Default UTC. */
  timezone?: string;
  /** Progress and summary lines; null for silence. Default console.log. */
  log?: ((line: string) => void) | null;
  /** Wall milliseconds between progress lines (default 10 s; 0 for none). */
  progressEveryMs?: number;
  /** TaskRouter behaviour beyond one offer per task and no transfers; off by default (see TwilioFeatures). */
  features?: TwilioFeatures;
};

/**
 * Off by default: the dashboard's metrics do not yet account for them, and the default traffic must
 * stay comparable with the emulator's statistics.
 */
export type TwilioFeatures = {
  /** MaxReservedWorkers set on every queue (several workers offered each task at once). Default 1. */
  maxReservedWorkers?: number;
  /** Share (0–1) of accepted tasks an agent transfers to another queue at the end of the talk. Default 0. */
  transferShare?: number;
  /** Some agents' chat capacity lowered or raised, or their chat channel made unavailable, for part of each shift. */
  capacityChanges?: boolean;
};

export type SimulatorSummary = {
  tasksCreated: number;
  tasksCompleted: number;
  tasksAbandoned: number;
  events: number;
  /** Events per wall-clock second since the start. */
  eventsPerSecond: number;
  /** Simulated time now, ISO-8601. */
  clockTime: string;
  /** Agent steps that lost a race with the emulator (e.g. accepting a reservation that just timed out). */
  racesLost: number;
};

export type Simulator = { stop(): void; summary(): SimulatorSummary };

const DEFAULT_REPLAY_SPEED = 60;

export function startSimulator(options: SimulatorOptions): Simulator {
  const { emulator } = options;
  const centre = emulator.contactCentre;
  if (!centre) throw new Error("The simulator needs an emulator built with a contact centre definition");
  const log = options.log === undefined ? (line: string) => console.log(line) : options.log;
  const historyHours = options.historyHours ?? 0;
  if (historyHours > 0) {
    const speed = options.speed && options.speed > 1 ? options.speed : DEFAULT_REPLAY_SPEED;
    emulator.replayFrom(emulator.clock.now() - historyHours * 3_600_000, speed);
    log?.(`[simulator] replaying ${historyHours} h of history at ${speed}×, then live`);
  } else if (options.speed && options.speed > 1 && emulator.clock instanceof VirtualClock) {
    emulator.clock.setSpeed(options.speed);
  }

  const ctx = new SimContext(
    emulator.engine,
    emulator.clock,
    new Random(options.seed ?? 42),
    options.traffic ?? DEFAULT_TRAFFIC,
    options.timezone ?? "UTC",
    centre.workflowSid,
    centre.activities,
  );
  const features = options.features ?? {};
  if ((features.maxReservedWorkers ?? 1) > 1) {
    for (const queueSid of Object.values(centre.queues)) {
      emulator.engine.config.updateTaskQueue(queueSid, { maxReservedWorkers: features.maxReservedWorkers! });
    }
  }
  const transferQueues = Object.entries(centre.queues)
    .filter(([key]) => key !== "direct")
    .map(([, sid]) => sid);
  const agents = new Agents(ctx, centre.workers, {
    transferShare: features.transferShare ?? 0,
    transferQueues,
    capacityChanges: features.capacityChanges ?? false,
  });
  const customers = new Customers(ctx, options.trafficScale ?? 1);
  const unsubscribe = emulator.engine.onEvent((event) => {
    ctx.counters.events += 1;
    if (event.type === "task.completed") ctx.counters.tasksCompleted += 1;
    else if (event.type === "task.canceled") ctx.counters.tasksAbandoned += 1;
    if (!ctx.stopped) agents.onEvent(event);
  });
  agents.start();
  customers.start();

  const startedWall = Date.now();
  const summary = (): SimulatorSummary => {
    const elapsed = Math.max(0.001, (Date.now() - startedWall) / 1000);
    return {
      ...ctx.counters,
      eventsPerSecond: Math.round((ctx.counters.events / elapsed) * 10) / 10,
      clockTime: new Date(emulator.clock.now()).toISOString(),
    };
  };
  const describe = (s: SimulatorSummary): string => {
    const waiting = [...emulator.engine.state.tasks.values()].filter((t) => t.status === "pending" || t.status === "reserved").length;
    const d = emulator.delivery.stats;
    return (
      `${s.clockTime.slice(0, 19)}Z · tasks ${s.tasksCreated} created, ${s.tasksCompleted} completed, ${s.tasksAbandoned} abandoned, ` +
      `${waiting} waiting · ${s.events} events (${s.eventsPerSecond}/s) · callbacks ${d.sent} sent, ${d.failed} failed, ${d.pending} pending`
    );
  };
  const progressEvery = options.progressEveryMs ?? 10_000;
  const progress = log && progressEvery > 0 ? setInterval(() => log(`[simulator] ${describe(summary())}`), progressEvery) : null;
  progress?.unref();

  let stopped = false;
  return {
    summary,
    stop() {
      if (stopped) return;
      stopped = true;
      if (progress) clearInterval(progress);
      ctx.stop();
      unsubscribe();
      log?.(`[simulator] stopped: ${describe(summary())}`);
    },
  };
}
