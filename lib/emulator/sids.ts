/**
 * Twilio-shaped sids (two-letter prefix + 32 hex digits) that depend only on the seed, a run salt and
 * the order in which they are made.
 *
 * Configuration (activities, channels, queues, workflows, workers) depends on the seed only, so a
 * restarted emulator names them the same. The workspace, tasks, reservations and events also depend on
 * the run salt (the clock's time when the engine was made): a restarted emulator is a new TaskRouter
 * whose state starts empty, so it is a new workspace, and it must not reuse EV/WT sids a dashboard has
 * already stored; a run on a ManualClock from the same start repeats exactly.
 */
import { createHash } from "node:crypto";

export type SidPrefix = "WS" | "WA" | "TC" | "WK" | "WQ" | "WW" | "WT" | "WR" | "EV" | "WC" | "TT";

const PER_RUN = new Set<SidPrefix>(["WS", "WT", "WR", "EV", "TT"]);

export class SidFactory {
  private counter = 0;

  constructor(
    private readonly seed: number,
    private readonly runSalt: string,
  ) {}

  next(prefix: SidPrefix): string {
    this.counter += 1;
    const salt = PER_RUN.has(prefix) ? `${this.seed}/${this.runSalt}` : String(this.seed);
    return prefix + createHash("sha256").update(`${salt}:${this.counter}`).digest("hex").slice(0, 32);
  }
}
