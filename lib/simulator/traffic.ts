/**
 * What the default contact centre's day looks like: demand per stream (task attributes the workflow
 * routes on) with a daily curve, handle and patience times, agent habits and shifts.
 * Durations are log-normal (median, σ) in seconds.
 */
import type { LogNormal } from "./random";

export type DemandStream = {
  key: string;
  channel: "voice" | "chat";
  /** Task attributes besides the per-customer ones. */
  attributes: Record<string, unknown>;
  /** Arrivals per hour at the busiest hour. */
  peakPerHour: number;
  talk: LogNormal;
  wrapUp: LogNormal;
  /** How long a customer waits before hanging up / leaving the chat. */
  patience: LogNormal;
};

export type AgentHabits = {
  /** Share of reservations answered by accepting, rejecting, or not at all (→ reservation timeout). */
  accept: number;
  reject: number;
  miss: number;
  /** Seconds before accepting or rejecting. */
  answerDelay: LogNormal;
  /** After a voice task: chance of some after-call work in the "After-call work" activity. */
  afterCallWork: number;
  afterCallWorkDuration: LogNormal;
  /** Seconds before an agent put Offline by a missed reservation comes back. */
  returnAfterMiss: LogNormal;
  /** Chance of one 30-minute meeting per shift. */
  meeting: number;
};

export type Shift = { startHour: number; hours: number };

export type TrafficProfile = {
  streams: DemandStream[];
  /** Arrival multiplier for each hour of the day (local time of `timezone`), 0–1. */
  dailyCurve: number[];
  habits: AgentHabits;
  /** Shift start hours, given to agents in turn (agent i gets shiftStarts[i % length]). */
  shiftStarts: number[];
  shiftHours: number;
  /** Task TTL in seconds. */
  taskTimeout: number;
  /** Share of customers who give up within a few seconds (short abandons). */
  quickAbandon: { chance: number; maxSeconds: number };
};

const voiceWrap: LogNormal = { median: 25, sigma: 0.5, min: 5, max: 180 };
const voicePatience: LogNormal = { median: 110, sigma: 0.8, min: 2, max: 1800 };

export const DEFAULT_TRAFFIC: TrafficProfile = {
  streams: [
    {
      key: "sales",
      channel: "voice",
      attributes: { type: "sales", language: "en" },
      peakPerHour: 26,
      talk: { median: 270, sigma: 0.55, min: 30, max: 2400 },
      wrapUp: voiceWrap,
      patience: voicePatience,
    },
    {
      key: "support_en",
      channel: "voice",
      attributes: { type: "support", language: "en" },
      peakPerHour: 48,
      talk: { median: 330, sigma: 0.6, min: 30, max: 3000 },
      wrapUp: voiceWrap,
      patience: voicePatience,
    },
    {
      key: "support_es",
      channel: "voice",
      attributes: { type: "support", language: "es" },
      peakPerHour: 12,
      talk: { median: 330, sigma: 0.6, min: 30, max: 3000 },
      wrapUp: voiceWrap,
      patience: { ...voicePatience, median: 150 },
    },
    {
      key: "billing",
      channel: "voice",
      attributes: { type: "billing", language: "en" },
      peakPerHour: 18,
      talk: { median: 240, sigma: 0.5, min: 30, max: 2400 },
      wrapUp: voiceWrap,
      patience: voicePatience,
    },
    {
      key: "vip",
      channel: "voice",
      attributes: { type: "support", language: "en", vip: true },
      peakPerHour: 5,
      talk: { median: 420, sigma: 0.5, min: 60, max: 3600 },
      wrapUp: { ...voiceWrap, median: 40 },
      patience: { ...voicePatience, median: 200 },
    },
    {
      key: "chat",
      channel: "chat",
      attributes: { type: "chat", language: "en" },
      peakPerHour: 30,
      talk: { median: 540, sigma: 0.6, min: 60, max: 3600 },
      wrapUp: { median: 10, sigma: 0.5, min: 2, max: 120 },
      patience: { median: 240, sigma: 0.7, min: 10, max: 3600 },
    },
  ],
  // A 24/7 centre: quiet nights, a morning peak and an afternoon peak.
  dailyCurve: [
    0.3, 0.25, 0.2, 0.2, 0.2, 0.25, 0.35, 0.55, 0.8, 0.95, 1.0, 1.0, 0.85, 0.8, 0.95, 1.0, 0.9, 0.75, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3,
  ],
  habits: {
    accept: 0.93,
    reject: 0.02,
    miss: 0.05,
    answerDelay: { median: 4, sigma: 0.5, min: 1, max: 15 },
    afterCallWork: 0.15,
    afterCallWorkDuration: { median: 60, sigma: 0.5, min: 10, max: 300 },
    returnAfterMiss: { median: 45, sigma: 0.6, min: 10, max: 300 },
    meeting: 0.2,
  },
  shiftStarts: [7, 9, 13, 22, 8, 15, 1, 10, 17, 6, 11, 19, 8, 14, 3, 9, 12, 20, 7, 16],
  shiftHours: 8.75,
  taskTimeout: 3600,
  quickAbandon: { chance: 0.04, maxSeconds: 5 },
};

const FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "June", "Kofi", "Lea", "Mo", "Nia", "Omar", "Pia"];
const LAST = ["Archer", "Bauer", "Cruz", "Diaz", "Evans", "Fox", "Gray", "Hill", "Ito", "Jain", "Khan", "Lopez"];

/** Per-customer task attributes: a caller or chatter with a name and a number. */
export function customerAttributes(
  pick: <T>(items: readonly T[]) => T,
  int: (min: number, max: number) => number,
  channel: "voice" | "chat",
) {
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  const id = `C${int(100000, 999999)}`;
  return channel === "voice"
    ? { from: `+1555${int(1000000, 9999999)}`, customer: { id, name } }
    : { from: `chat:${id.toLowerCase()}`, customer: { id, name } };
}
