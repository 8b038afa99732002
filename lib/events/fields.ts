/**
 * Readers for TaskRouter callback parameters (every value arrives as a string). Text that is not
 * of the expected form reads as null (TaskRouter never sends it; a fold never breaks on it); a
 * number or instant that parses but lies outside sane bounds is an error naming the parameter, so
 * an absurd event is refused at the edge instead of poisoning the board.
 */
import type { FieldError } from "@/lib/parse-result";

/** No TaskRouter instant predates this (TaskDateCreated=1 is not a creation time). */
export const MIN_INSTANT_MS = Date.UTC(2000, 0, 1);
/** How far ahead of this server's clock an instant may be (clock skew, not the year 3000). */
export const MAX_FUTURE_SKEW_MS = 24 * 3600_000;

/** Below this an epoch number is taken as seconds (1e11 s is year 5138, 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;
const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^[-+]?\d+(\.0+)?$/;

export function text(value: string | undefined): string | null {
  // Rows of the log are JSON: a value that is not a string (never posted, but possible in old rows) reads as absent.
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Epoch ms from epoch seconds, epoch ms or ISO-8601 (`TaskDateCreated`, `TaskQueueEnteredDate`); null when none. */
export function epochMs(value: string | undefined): number | null {
  const t = text(value);
  if (t === null) return null;
  if (DECIMAL.test(t)) {
    const n = Number(t);
    return Math.round(n < SECONDS_LIMIT ? n * 1000 : n);
  }
  const parsed = Date.parse(t);
  return Number.isNaN(parsed) ? null : parsed;
}

/** Epoch ms from `TimestampMs`, else `Timestamp` (epoch seconds or ISO-8601); null when neither parses. */
export function eventTimeMs(params: Readonly<Record<string, string>>): number | null {
  const ms = params.TimestampMs?.trim();
  if (ms && DECIMAL.test(ms)) return Math.round(Number(ms));
  const timestamp = params.Timestamp?.trim();
  if (!timestamp) return null;
  if (DECIMAL.test(timestamp)) return Math.round(Number(timestamp) * 1000);
  const parsed = Date.parse(timestamp);
  return Number.isNaN(parsed) ? null : parsed;
}

/** The instants an event may carry: [MIN_INSTANT_MS, now + MAX_FUTURE_SKEW_MS]. */
export type InstantBounds = { minMs: number; maxMs: number };

export function instantBounds(nowMs: number): InstantBounds {
  return { minMs: MIN_INSTANT_MS, maxMs: nowMs + MAX_FUTURE_SKEW_MS };
}

export function instantError(field: string, ms: number, bounds: InstantBounds): FieldError | null {
  if (ms >= bounds.minMs && ms <= bounds.maxMs) return null;
  const when = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
  return { field, message: `${field} is not a plausible time (${when}): it must lie between 2000 and one day from now` };
}

/**
 * Reads one event's parameters into typed values; the first bound violation is kept in `error`
 * (the values read after it are still returned, and ignored by the caller).
 */
export class ParamReader {
  error: FieldError | null = null;

  constructor(
    private readonly params: Readonly<Record<string, string>>,
    private readonly bounds: InstantBounds,
    /** The event's own time: ages reach back from it. */
    private readonly timeMs: number,
  ) {}

  private fail(error: FieldError): null {
    this.error ??= error;
    return null;
  }

  text(name: string): string | null {
    return text(this.params[name]);
  }

  integer(name: string): number | null {
    const t = text(this.params[name]);
    if (t === null || !INTEGER.test(t)) return null;
    const n = Number(t);
    if (Number.isSafeInteger(n)) return n;
    return this.fail({ field: name, message: `${name} is out of range: ${t.slice(0, 40)}` });
  }

  bool(name: string): boolean | null {
    const t = text(this.params[name])?.toLowerCase();
    if (t === "true" || t === "1") return true;
    if (t === "false" || t === "0") return false;
    return null;
  }

  instant(name: string): number | null {
    const ms = epochMs(this.params[name]);
    if (ms === null) return null;
    const error = instantError(name, ms, this.bounds);
    return error === null ? ms : this.fail(error);
  }

  /** A non-negative duration (in `unitMs`) that reaches no further back than MIN_INSTANT_MS. */
  age(name: string, unitMs: number): number | null {
    const t = text(this.params[name]);
    if (t === null || !/^[-+]?\d+(\.\d+)?$/.test(t)) return null;
    const ms = Math.round(Number(t) * unitMs);
    if (ms >= 0 && this.timeMs - ms >= this.bounds.minMs) return ms;
    return this.fail({ field: name, message: `${name} is not a plausible age: ${t.slice(0, 40)}` });
  }

  /** A JSON object with its text, or null when the text is not one. */
  json(name: string): { raw: string; value: Record<string, unknown> } | null {
    const raw = this.params[name];
    const t = text(raw);
    if (raw === undefined || t === null) return null;
    try {
      const parsed: unknown = JSON.parse(t);
      return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
        ? { raw, value: parsed as Record<string, unknown> }
        : null;
    } catch {
      return null;
    }
  }
}
