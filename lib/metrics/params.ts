/** Defensive readers for TaskRouter callback parameters (every value arrives as a string). */

export function text(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

export function integer(value: string | undefined): number | null {
  const t = text(value);
  if (t === null || !/^[-+]?\d+(\.0+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

export function nonNegativeNumber(value: string | undefined): number | null {
  const t = text(value);
  if (t === null || !/^\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

export function bool(value: string | undefined): boolean | null {
  const t = text(value)?.toLowerCase();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  return null;
}

/** Below this an epoch number is taken as seconds (1e11 s is year 5138, 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;

/** Epoch ms from epoch seconds, epoch ms or ISO-8601 (`TaskDateCreated`, `TaskQueueEnteredDate`). */
export function epochMs(value: string | undefined): number | null {
  const t = text(value);
  if (t === null) return null;
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return Math.round(n < SECONDS_LIMIT ? n * 1000 : n);
  }
  const parsed = Date.parse(t);
  return Number.isNaN(parsed) ? null : parsed;
}

/** A JSON object, or null when the text is not one. */
export function jsonObject(value: string | undefined): Record<string, unknown> | null {
  const t = text(value);
  if (t === null) return null;
  try {
    const parsed: unknown = JSON.parse(t);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
