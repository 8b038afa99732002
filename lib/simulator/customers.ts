/**
 * Customers: Poisson arrivals per demand stream whose rate follows the daily curve (thinning: draw at
 * the peak rate, keep an arrival with probability curve(hour)), each a task; a customer whose task is
 * still waiting when their patience runs out hangs up (task canceled).
 */
import { DateTime } from "luxon";
import type { SimContext } from "./context";
import { drawSeconds, type Random } from "./random";
import { customerAttributes, type DemandStream } from "./traffic";

export class Customers {
  constructor(
    private readonly ctx: SimContext,
    /** Multiplies every arrival rate. */
    private readonly scale = 1,
  ) {}

  start(): void {
    for (const stream of this.ctx.traffic.streams) {
      if (stream.peakPerHour * this.scale <= 0) continue;
      const random = this.ctx.random.fork(`stream:${stream.key}`);
      this.scheduleNext(stream, random, this.ctx.clock.now());
    }
  }

  private hourOf(ms: number): number {
    return DateTime.fromMillis(ms, { zone: this.ctx.timezone }).hour;
  }

  private scheduleNext(stream: DemandStream, random: Random, from: number): void {
    const peakPerSecond = (stream.peakPerHour * this.scale) / 3600;
    let at = from;
    for (;;) {
      at += random.exponential(peakPerSecond) * 1000;
      if (random.chance(this.ctx.traffic.dailyCurve[this.hourOf(at)] ?? 1)) break;
    }
    this.ctx.at(Math.round(at), () => {
      this.scheduleNext(stream, random, this.ctx.clock.now());
      this.arrive(stream, random);
    });
  }

  private arrive(stream: DemandStream, random: Random): void {
    const attributes = {
      ...stream.attributes,
      ...customerAttributes(
        (items) => random.pick(items),
        (min, max) => random.int(min, max),
        stream.channel,
      ),
    };
    const task = this.ctx.engine.tasks.create({
      workflowSid: this.ctx.workflowSid,
      taskChannel: stream.channel,
      attributes: JSON.stringify(attributes),
      timeout: this.ctx.traffic.taskTimeout,
    });
    this.ctx.counters.tasksCreated += 1;
    this.ctx.streamOfTask.set(task.sid, stream);
    const { quickAbandon } = this.ctx.traffic;
    const patience = random.chance(quickAbandon.chance) ? random.next() * quickAbandon.maxSeconds : drawSeconds(random, stream.patience);
    this.ctx.after(patience * 1000, () => {
      const current = this.ctx.engine.state.tasks.get(task.sid);
      if (!current || (current.status !== "pending" && current.status !== "reserved")) return;
      this.ctx.engine.tasks.update(task.sid, {
        assignmentStatus: "canceled",
        reason: stream.channel === "voice" ? "Caller hung up" : "Customer left the chat",
      });
    });
  }
}
