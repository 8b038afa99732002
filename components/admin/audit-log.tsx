"use client";

import { formatDateTime, formatTimezoneLabel } from "@/lib/ui/format";

import { useCallback, useState } from "react";
import { AUDIT_ACTIONS, actionLabel, describeChange, targetLabel } from "@/lib/admin/describe";
import type { AuditMessage } from "@/lib/realtime/protocol";
import styles from "@/components/chrome/controls.module.css";
import { useAuditFeed } from "./audit-feed";

type Filter = { action: string; result: string; actor: string; targetSid: string };
type Page = { entries: AuditMessage[]; nextBefore: string | null };

type Props = { initial: Page; timezone: string; pageSize?: number };

const EMPTY_FILTER: Filter = { action: "", result: "", actor: "", targetSid: "" };

function matches(entry: AuditMessage, filter: Filter): boolean {
  return (
    (!filter.action || entry.action === filter.action) &&
    (!filter.result || entry.result === filter.result) &&
    (!filter.actor || entry.actor === filter.actor) &&
    (!filter.targetSid || entry.targetSid === filter.targetSid)
  );
}

/** `/audit`: every manual change, newest first, new ones appearing live; filters and older pages from the API. */
export function AuditLog({ initial, timezone, pageSize = 50 }: Props) {
  const [entries, setEntries] = useState(initial.entries);
  const [nextBefore, setNextBefore] = useState(initial.nextBefore);
  const [filter, setFilter] = useState<Filter>(EMPTY_FILTER);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (wanted: Filter, before: string | null) => {
      setLoading(true);
      setError(null);
      const params = new URLSearchParams({ limit: String(pageSize) });
      if (before) params.set("before", before);
      for (const [key, value] of Object.entries(wanted)) if (value.trim()) params.set(key, value.trim());
      try {
        const response = await fetch(`/api/admin/audit?${params.toString()}`, { credentials: "same-origin", cache: "no-store" });
        const body = (await response.json()) as Page & { error?: { message?: string } };
        if (!response.ok) throw new Error(body.error?.message ?? `The server answered ${response.status}`);
        setEntries((current) => (before ? [...current, ...body.entries] : body.entries));
        setNextBefore(body.nextBefore);
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
      setLoading(false);
    },
    [pageSize],
  );

  const status = useAuditFeed((entry) => {
    if (!matches(entry, filter)) return;
    setEntries((current) => (current.some((known) => known.id === entry.id) ? current : [entry, ...current]));
    setFresh((current) => new Set(current).add(entry.id));
  });

  const applyFilter = (changes: Partial<Filter>) => {
    const wanted = { ...filter, ...changes };
    setFilter(wanted);
    void load(wanted, null);
  };

  const when = (iso: string) => formatDateTime(Date.parse(iso), timezone, { seconds: true, zone: false });

  return (
    <section className="panel" aria-label="Audit log" data-testid="audit-log" data-feed={status}>
      <form
        className={styles.toolbar}
        onSubmit={(event) => {
          event.preventDefault();
          applyFilter({});
        }}
      >
        <label className={styles.field}>
          Action
          <select className={styles.select} value={filter.action} onChange={(event) => applyFilter({ action: event.target.value })}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action} ({actionLabel(action)})
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          Result
          <select className={styles.select} value={filter.result} onChange={(event) => applyFilter({ result: event.target.value })}>
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="error">Failed</option>
          </select>
        </label>
        <label className={styles.field}>
          Who
          <input
            className={styles.input}
            value={filter.actor}
            placeholder="username"
            onChange={(event) => setFilter({ ...filter, actor: event.target.value })}
          />
        </label>
        <label className={styles.field}>
          Target sid
          <input
            className={styles.input}
            value={filter.targetSid}
            placeholder="WT… / WK…"
            onChange={(event) => setFilter({ ...filter, targetSid: event.target.value })}
          />
        </label>
        <button type="submit" className={`${styles.secondary} ${styles.small}`}>
          Filter
        </button>
        <span className="muted">
          {status === "live"
            ? "Live: new changes appear at the top"
            : status === "refused"
              ? "Live updates refused: sign in again"
              : "Connecting…"}
        </span>
      </form>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p className="panel-empty">
          No audit entries
          {Object.values(filter).some((value) => value.trim()) ? " match these filters" : " yet: admin actions appear here as they happen"}.
        </p>
      ) : (
        <table className="data-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When ({formatTimezoneLabel(Date.now(), timezone)})</th>
              <th>Who</th>
              <th>Target</th>
              <th>Change</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr
                key={entry.id}
                data-audit-id={entry.id}
                data-action={entry.action}
                className={fresh.has(entry.id) ? styles.fresh : undefined}
              >
                <td className="nowrap">{when(entry.at)}</td>
                <td>
                  {entry.actor} <span className={styles.roleBadge}>{entry.actorRole}</span>
                </td>
                <td>
                  {targetLabel(entry)}
                  <span className={styles.changeDetail}>{entry.targetSid}</span>
                </td>
                <td className={styles.change}>
                  {describeChange(entry)}
                  <details>
                    <summary className={styles.changeDetail}>{entry.action}: before / after</summary>
                    <code>{JSON.stringify({ before: entry.before, after: entry.after })}</code>
                  </details>
                </td>
                <td>
                  <span className={`${styles.result} ${entry.result === "success" ? styles.resultSuccess : styles.resultError}`}>
                    {entry.result === "success" ? "Done" : "Failed"}
                  </span>
                  {entry.errorCode ? <span className={styles.changeDetail}>TaskRouter {entry.errorCode}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore ? (
        <div className={styles.pager}>
          <button type="button" className={styles.secondary} disabled={loading} onClick={() => void load(filter, nextBefore)}>
            {loading ? "Loading…" : "Load older entries"}
          </button>
        </div>
      ) : null}
    </section>
  );
}
