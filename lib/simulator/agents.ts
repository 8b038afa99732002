/**
 * Agents: shifts (Available at the start, two breaks, lunch, maybe a meeting, Offline at the end),
 * answering reservations (mostly accept, sometimes reject, sometimes miss → reservation timeout and
 * Offline until they notice), talking, wrapping up, and some after-call work.
 * Each agent draws from its own random stream. With a transfer share, some agents transfer a task
 * at the end of the talk: to another queue (WARM or COLD, drawn) or, a third of the time, WARM to a
 * colleague who is available now; a WARM transfer nobody takes within a minute is withdrawn and the
 * agent finishes the task. With capacity changes, a supervisor changes some agents' chat channel for
 * part of each shift (their own random stream, so the rest of the day draws as without): lowered
 * 3 → 2, raised 3 → 4, or made unavailable, then put back.
 */
import { DateTime } from "luxon";
import type { EventRecord } from "@/lib/emulator";
import type { SimContext } from "./context";
import { drawSeconds, type Random } from "./random";
import type { DemandStream } from "./traffic";

type Agent = {
  sid: string;
  index: number;
  random: Random;
  /** End of the current shift; null when off shift. */
  shiftEnd: number | null;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WARM_TRANSFER_PATIENCE_MS = MINUTE;

export type TransferHabits = { transferShare: number; transferQueues: string[]; capacityChanges?: boolean };

const CHAT = "chat";

export class Agents {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly ctx: SimContext,
    workerSids: string[],
    private readonly transfers: TransferHabits = { transferShare: 0, transferQueues: [] },
  ) {
    for (const [index, sid] of workerSids.entries()) {
      this.agents.set(sid, { sid, index, random: ctx.random.fork(`agent:${index}`), shiftEnd: null });
    }
  }

  start(): void {
    for (const agent of this.agents.values()) this.planFrom(agent, this.ctx.clock.now());
  }

  onEvent(event: EventRecord): void {
    const agent = event.workerSid ? this.agents.get(event.workerSid) : undefined;
    if (!agent || !event.reservationSid) return;
    if (event.type === "reservation.created") this.answer(agent, event.reservationSid, event.taskSid!);
    else if (event.type === "reservation.timeout") this.comeBackAfterMiss(agent);
  }

  // --- shifts ------------------------------------------------------------------------------------

  /** Finds the shift in progress at `now`, or the next one, and schedules it. */
  private planFrom(agent: Agent, now: number): void {
    const { shiftStarts, shiftHours } = this.ctx.traffic;
    const startHour = shiftStarts[agent.index % shiftStarts.length]!;
    const today = DateTime.fromMillis(now, { zone: this.ctx.timezone }).startOf("day");
    for (const dayOffset of [-1, 0, 1]) {
      const start = today.plus({ days: dayOffset, hours: startHour }).toMillis();
      const end = start + shiftHours * HOUR;
      if (end <= now) continue;
      this.scheduleShift(agent, start, end, now);
      return;
    }
  }

  private scheduleShift(agent: Agent, start: number, end: number, now: number): void {
    const random = agent.random;
    // Already mid-shift: log in within the first minute or two, staggered.
    const loginAt = start > now ? start + random.int(-5, 5) * MINUTE : now + random.int(1, 120) * 1000;
    this.ctx.at(loginAt, () => {
      agent.shiftEnd = end;
      this.setActivity(agent, "available");
    });
    const pauses: { at: number; activity: string; minutes: number }[] = [
      { at: start + 2 * HOUR, activity: "break", minutes: 15 },
      { at: start + 4 * HOUR, activity: "lunch", minutes: random.int(30, 45) },
      { at: start + 6.5 * HOUR, activity: "break", minutes: 15 },
    ];
    if (random.chance(this.ctx.traffic.habits.meeting)) pauses.push({ at: start + 5.5 * HOUR, activity: "meeting", minutes: 30 });
    if (this.transfers.capacityChanges) this.scheduleChannelChange(agent, start, loginAt);
    for (const pause of pauses) {
      const at = pause.at + random.int(-10, 10) * MINUTE;
      if (at <= loginAt) continue;
      this.ctx.at(at, () => this.pause(agent, pause.activity, pause.minutes * MINUTE));
    }
    this.ctx.at(end + random.int(0, 10) * MINUTE, () => {
      agent.shiftEnd = null;
      this.setActivity(agent, "offline");
      this.planFrom(agent, this.ctx.clock.now());
    });
  }

  /** One change of the agent's chat channel in the shift, by the agent's index: lower, raise, or make unavailable. */
  private scheduleChannelChange(agent: Agent, start: number, loginAt: number): void {
    const random = this.ctx.random.fork(`channel:${agent.index}:${start}`);
    const at = start + random.int(60, 150) * MINUTE;
    const back = at + random.int(20, 90) * MINUTE;
    if (at <= loginAt) return;
    const kind = agent.index % 3;
    if (kind === 2) {
      this.ctx.at(at, () => this.ctx.engine.workers.updateChannel(agent.sid, CHAT, { available: false }));
      this.ctx.at(back, () => this.ctx.engine.workers.updateChannel(agent.sid, CHAT, { available: true }));
      return;
    }
    const usual = this.ctx.engine.state.findTaskChannel(CHAT)?.defaultCapacity;
    if (usual === undefined) return;
    this.ctx.at(at, () => this.setChatCapacity(agent, kind === 0 ? usual - 1 : usual + 1));
    this.ctx.at(back, () => this.setChatCapacity(agent, usual));
  }

  /**
   * Never below the chats the agent has (the event's documented fields give the capacity as available
   * capacity + task count, which cannot tell a capacity below the task count: docs/metrics.md): as
   * low as they allow, and the rest a few minutes later.
   */
  private setChatCapacity(agent: Agent, capacity: number): void {
    const taskChannel = this.ctx.engine.state.findTaskChannel(CHAT);
    const channel = taskChannel ? this.ctx.engine.state.workers.get(agent.sid)?.channels.get(taskChannel.sid) : undefined;
    if (!channel) return;
    this.ctx.engine.workers.updateChannel(agent.sid, CHAT, { capacity: Math.max(capacity, channel.assigned) });
    if (channel.assigned > capacity) this.ctx.after(5 * MINUTE, () => this.setChatCapacity(agent, capacity));
  }

  private pause(agent: Agent, activity: string, ms: number): void {
    if (agent.shiftEnd === null) return;
    this.setActivity(agent, activity);
    this.ctx.after(ms, () => this.backToWork(agent, activity));
  }

  /** Back to Available, unless something else has happened to the agent meanwhile. */
  private backToWork(agent: Agent, from: string): void {
    const worker = this.ctx.engine.state.workers.get(agent.sid);
    if (!worker || agent.shiftEnd === null || worker.activitySid !== this.ctx.activities[from]) return;
    this.setActivity(agent, "available");
  }

  private setActivity(agent: Agent, key: string): void {
    const activitySid = this.ctx.activities[key];
    if (!activitySid) return;
    this.ctx.engine.workers.update(agent.sid, { activitySid, rejectPendingReservations: key !== "available" });
  }

  // --- work --------------------------------------------------------------------------------------

  private answer(agent: Agent, reservationSid: string, taskSid: string): void {
    const { habits } = this.ctx.traffic;
    const choice = agent.random.weighted([
      ["accept", habits.accept],
      ["reject", habits.reject],
      ["miss", habits.miss],
    ] as const);
    if (choice === "miss") return;
    const delay = drawSeconds(agent.random, habits.answerDelay) * 1000;
    this.ctx.after(delay, () => {
      if (this.ctx.engine.state.reservations.get(reservationSid)?.status !== "pending") return;
      const status = choice === "accept" ? "accepted" : "rejected";
      this.ctx.engine.tasks.updateReservation({ workerSid: agent.sid }, reservationSid, { reservationStatus: status });
      if (choice === "accept") this.work(agent, taskSid);
    });
  }

  private work(agent: Agent, taskSid: string): void {
    const stream = this.streamOf(taskSid);
    const talk = drawSeconds(agent.random, stream.talk) * 1000;
    const wrapUp = drawSeconds(agent.random, stream.wrapUp) * 1000;
    const afterCallWork = stream.channel === "voice" && agent.random.chance(this.ctx.traffic.habits.afterCallWork);
    const afterCallWorkMs = drawSeconds(agent.random, this.ctx.traffic.habits.afterCallWorkDuration) * 1000;
    const finish = () => {
      if (this.ctx.engine.state.tasks.get(taskSid)?.status !== "assigned") return;
      this.ctx.engine.tasks.update(taskSid, { assignmentStatus: "wrapping" });
      this.ctx.after(wrapUp, () => {
        if (this.ctx.engine.state.tasks.get(taskSid)?.status !== "wrapping") return;
        this.ctx.engine.tasks.update(taskSid, { assignmentStatus: "completed", reason: "Resolved" });
        if (afterCallWork) this.afterCallWork(agent, afterCallWorkMs);
      });
    };
    this.ctx.after(talk, () => {
      // No draw at all without a transfer share: the default traffic stays exactly as it was.
      if (this.transfers.transferShare > 0 && agent.random.chance(this.transfers.transferShare)) this.transfer(agent, taskSid, finish);
      else finish();
    });
  }

  private transfer(agent: Agent, taskSid: string, finish: () => void): void {
    const task = this.ctx.engine.state.tasks.get(taskSid);
    const queues = this.transfers.transferQueues.filter((sid) => sid !== task?.queueSid);
    if (task?.status !== "assigned" || queues.length === 0) {
      finish();
      return;
    }
    const colleagues = [...this.agents.values()].filter((other) => other.sid !== agent.sid && this.isAvailable(other));
    const toColleague = agent.random.chance(1 / 3) && colleagues.length > 0;
    // To a colleague always WARM: a COLD offer to one agent who cannot take it would strand the caller.
    const to = toColleague ? colleagues[agent.random.int(0, colleagues.length - 1)]!.sid : queues[agent.random.int(0, queues.length - 1)]!;
    const mode = toColleague || agent.random.chance(0.5) ? "WARM" : "COLD";
    this.ctx.engine.tasks.transfer(taskSid, { to, mode });
    if (mode === "COLD") return;
    this.ctx.after(WARM_TRANSFER_PATIENCE_MS, () => {
      const now = this.ctx.engine.state.tasks.get(taskSid);
      if (now?.transfer?.mode !== "WARM" || now.transfer.workerSid !== agent.sid) return;
      this.ctx.engine.tasks.cancelTransfer(taskSid);
      finish();
    });
  }

  private isAvailable(agent: Agent): boolean {
    const worker = this.ctx.engine.state.workers.get(agent.sid);
    return worker !== undefined && this.ctx.engine.state.activities.get(worker.activitySid)?.available === true;
  }

  private afterCallWork(agent: Agent, ms: number): void {
    const worker = this.ctx.engine.state.workers.get(agent.sid);
    if (!worker || agent.shiftEnd === null || worker.activitySid !== this.ctx.activities.available) return;
    this.setActivity(agent, "acw");
    this.ctx.after(ms, () => this.backToWork(agent, "acw"));
  }

  private comeBackAfterMiss(agent: Agent): void {
    const delay = drawSeconds(agent.random, this.ctx.traffic.habits.returnAfterMiss) * 1000;
    const timeoutActivity = this.ctx.engine.state.workspace.timeoutActivitySid;
    this.ctx.after(delay, () => {
      const worker = this.ctx.engine.state.workers.get(agent.sid);
      if (!worker || agent.shiftEnd === null || worker.activitySid !== timeoutActivity) return;
      this.setActivity(agent, "available");
    });
  }

  private streamOf(taskSid: string): DemandStream {
    const known = this.ctx.streamOfTask.get(taskSid);
    if (known) return known;
    // A task the simulator did not create (an API client's): handle it like English support.
    const streams = this.ctx.traffic.streams;
    return streams.find((stream) => stream.key === "support_en") ?? streams[0]!;
  }
}
