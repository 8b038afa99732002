"use client";

import { useEffect, useState } from "react";
import { useNow } from "@/components/live/use-now";
import { describeChange, targetLabel, taskQueueOf } from "@/lib/admin/describe";
import { formatClockTime, formatUpdateAge } from "@/lib/ui/format";
import type { AuditMessage } from "@/lib/realtime/protocol";
import styles from "@/components/chrome/controls.module.css";
import { type AuditSource, useAuditFeed } from "./audit-feed";

type Props = {
  /** How many changes to keep on screen. */
  limit?: number;
  /** Failed attempts too (a desk view); a TV shows only what changed. */
  includeFailures?: boolean;
  /** The page's live socket, if it has one; otherwise the panel opens its own. */
  socket?: AuditSource;
  /** IANA zone for the times (the snapshot's `timezone`); the browser's when absent. */
  timezone?: string;
};

/**
 * "Recent manual changes" for the wallboard: reprioritised, moved and canceled tasks and agents'
 * activity changes, pushed live. Supervisors also get the last few on load; viewers (TVs) see
 * what happens from the moment the screen connects.
 */
export function RecentChanges({ limit = 6, includeFailures = false, socket, timezone }: Props) {
  const [entries, setEntries] = useState<AuditMessage[]>([]);
  const keep = (entry: AuditMessage) =>
    (entry.targetType === "task" || entry.targetType === "worker") && (includeFailures || entry.result === "success");

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/admin/audit?limit=${limit * 3}`, { credentials: "same-origin", cache: "no-store", signal: controller.signal })
      .then(async (response) => (response.ok ? ((await response.json()) as { entries: AuditMessage[] }) : null))
      .then((page) => {
        if (page) setEntries((current) => merge(current, page.entries.filter(keep), limit));
      })
      .catch(() => {});
    return () => controller.abort();
    // Loaded once: the live feed keeps it current.
  }, []);

  const status = useAuditFeed((entry) => {
    if (keep(entry)) setEntries((current) => merge(current, [entry], limit));
  }, socket);

  const now = useNow();

  return (
    <div className={styles.feed} data-testid="recent-changes" data-status={status}>
      <div className={styles.feedHead}>
        <span>Recent manual changes</span>
        {status === "reconnecting" ? <span>reconnecting…</span> : null}
      </div>
      {entries.length === 0 ? (
        <p className={styles.feedEmpty}>No manual changes yet.</p>
      ) : (
        // Items that do not fit wrap into a hidden second column: the panel shows whole items only.
        <ul className={styles.feedList}>
          {entries.map((entry) => {
            const at = Date.parse(entry.at);
            const queue = taskQueueOf(entry);
            return (
              <li key={entry.id} className={styles.feedItem} data-audit-id={entry.id} title={`${entry.actor}: ${describeChange(entry)}`}>
                <span className={styles.feedWho}>
                  <strong>{targetLabel(entry)}</strong>
                  {queue ? <span className={styles.feedQueue}> · {queue}</span> : null}
                </span>
                <time className={styles.feedTime} dateTime={entry.at} title={timezone ? formatClockTime(at, timezone) : entry.at}>
                  {now === null ? (timezone ? formatClockTime(at, timezone) : "") : formatUpdateAge(now - at)}
                </time>
                <span className={`${styles.feedText} ${entry.result === "error" ? styles.feedFailed : ""}`}>
                  {describeChange(entry)} · {entry.actor}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** Newest first, no duplicates (the load and the live feed can overlap), at most `limit`. */
function merge(current: AuditMessage[], incoming: AuditMessage[], limit: number): AuditMessage[] {
  const byId = new Map([...current, ...incoming].map((entry) => [entry.id, entry]));
  return [...byId.values()].sort((a, b) => Number(BigInt(b.id) - BigInt(a.id))).slice(0, limit);
}
