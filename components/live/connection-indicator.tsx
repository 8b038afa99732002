"use client";

import { formatClockTime, formatUpdateAge } from "@/lib/ui/format";
import type { LiveStatus } from "./use-live-snapshot";

/** Pushes arrive at least every 5 s (the hub's heartbeat); older than this, the data is stale. */
const STALE_AFTER_MS = 15_000;

type Props = {
  status: LiveStatus;
  lastUpdateAt: number | null;
  /** Browser clock; null before hydration. */
  now: number | null;
  timezone: string;
};

/** Dot + word + "updated 3 s ago": readable from the back of the room, precise up close. */
export function ConnectionIndicator({ status, lastUpdateAt, now, timezone }: Props) {
  const age = lastUpdateAt !== null && now !== null ? Math.max(0, now - lastUpdateAt) : null;
  const stale = status === "live" && age !== null && age > STALE_AFTER_MS;
  const tone = status === "live" ? (stale ? "warn" : "ok") : status === "connecting" || status === "reconnecting" ? "warn" : "critical";
  const label =
    status === "live"
      ? stale
        ? "Stale"
        : "Live"
      : status === "connecting"
        ? "Connecting"
        : status === "reconnecting"
          ? "Reconnecting"
          : status === "unauthorized"
            ? "Sign-in needed"
            : "Offline";
  const detail =
    lastUpdateAt === null || age === null
      ? "waiting for data"
      : status === "live"
        ? `updated ${formatUpdateAge(age)}`
        : `last data ${formatClockTime(lastUpdateAt, timezone, { seconds: true })}`;
  return (
    <div className={`conn conn-${tone}`} data-testid="connection" data-status={status} role="status" aria-live="polite">
      <span className="conn-dot" aria-hidden />
      <span className="conn-label">{label}</span>
      <span className="conn-detail" data-testid="last-update">
        {detail}
      </span>
    </div>
  );
}
