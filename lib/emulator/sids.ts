/**
 * Twilio-shaped sids (two-letter prefix + 32 hex digits) that depend only on the seed and the order
 * in which they are made, so a seeded run names every resource and event the same way each time.
 */
import { createHash } from "node:crypto";

export type SidPrefix = "WS" | "WA" | "TC" | "WK" | "WQ" | "WW" | "WT" | "WR" | "EV" | "WC";

export class SidFactory {
  private counter = 0;

  constructor(private readonly seed: number) {}

  next(prefix: SidPrefix): string {
    this.counter += 1;
    const hex = createHash("sha256").update(`${this.seed}:${this.counter}`).digest("hex").slice(0, 32);
    return prefix + hex;
  }
}

export const SID_PATTERN = /^[A-Z]{2}[0-9a-f]{32}$/i;

export const isSid = (value: string, prefix: SidPrefix): boolean => value.startsWith(prefix) && SID_PATTERN.test(value);
