"use client";

import { useEffect, useState } from "react";

type Drift = {
  checkedAt: string | null;
  inSync: boolean;
  warning: boolean;
  graceSeconds: number;
  differences: { queueSid: string; field: string; ours: number; taskrouter: number; since: string }[];
};

const POLL_MS = 30_000;

/**
 * Connected mode only: a quiet "in sync with TaskRouter" mark that turns into a warning when our
 * figures have differed from TaskRouter's statistics for longer than the grace period.
 */
export function SyncMark() {
  const [drift, setDrift] = useState<Drift | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const response = await fetch("/api/health", { cache: "no-store" });
        const body = (await response.json()) as { connected?: { drift?: Drift } | null };
        if (!stopped) setDrift(body.connected?.drift ?? null);
      } catch {
        // Health unreachable: the connection indicator already says so.
      }
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  if (!drift || drift.checkedAt === null) return null;
  if (!drift.warning) {
    return (
      <span className="sync-mark" data-testid="sync-mark" data-state="in-sync" title={`Checked ${drift.checkedAt}`}>
        in sync with TaskRouter
      </span>
    );
  }
  const fields = drift.differences.length;
  return (
    <span className="sync-mark sync-mark-warn" data-testid="sync-mark" data-state="drift" role="status">
      ⚠ {fields} figure{fields === 1 ? "" : "s"} differ from TaskRouter
    </span>
  );
}
