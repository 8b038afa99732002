"use client";

import { useState } from "react";
import styles from "@/components/chrome/controls.module.css";
import { explainFailure, sendJson } from "@/components/session/session-client";
import { longestWaitLimits, type QueueThresholdsOverride, type Thresholds, thresholdsForQueue } from "@/lib/ui/thresholds";
import { PanelNotice } from "./admin-console";
import type { PanelMessage } from "./use-confirm";

type Queue = { sid: string; friendlyName: string; slaSeconds: number };

type Props = {
  queues: Queue[];
  /** DASHBOARD_THRESHOLDS over the defaults: what an empty field means. */
  configured: Thresholds;
  /** What admins stored, by queue sid. */
  stored: Record<string, QueueThresholdsOverride>;
};

type Field = { key: string; label: string; unit: string; read(o: QueueThresholdsOverride): number | undefined | null };

const FIELDS: Field[] = [
  { key: "serviceLevel.targetPercent", label: "SL target", unit: "%", read: (o) => o.serviceLevel?.targetPercent },
  { key: "serviceLevel.criticalBelowPercent", label: "SL critical below", unit: "%", read: (o) => o.serviceLevel?.criticalBelowPercent },
  { key: "longestWait.warnAtSeconds", label: "Longest wait: warn at", unit: "s", read: (o) => o.longestWait?.warnAtSeconds },
  { key: "longestWait.criticalAtSeconds", label: "Longest wait: critical at", unit: "s", read: (o) => o.longestWait?.criticalAtSeconds },
  { key: "waiting.warnAt", label: "Waiting: warn at", unit: "tasks", read: (o) => o.waiting?.warnAt },
  { key: "waiting.criticalAt", label: "Waiting: critical at", unit: "tasks", read: (o) => o.waiting?.criticalAt },
];

/** What a blank field falls back to, for its placeholder. */
function fallback(configured: Thresholds, queue: Queue, key: string): string {
  const limits = thresholdsForQueue(configured, queue);
  const wait = longestWaitLimits(limits.longestWait, queue.slaSeconds);
  const values: Record<string, number | null> = {
    "serviceLevel.targetPercent": limits.serviceLevel.targetPercent,
    "serviceLevel.criticalBelowPercent": limits.serviceLevel.criticalBelowPercent,
    "longestWait.warnAtSeconds": wait.warnAtSeconds,
    "longestWait.criticalAtSeconds": wait.criticalAtSeconds,
    "waiting.warnAt": limits.waiting.warnAt,
    "waiting.criticalAt": limits.waiting.criticalAt,
  };
  const value = values[key];
  return value === null || value === undefined ? "off" : String(value);
}

/** Form values (blank = not set here) → the API body. */
function toBody(queueSid: string, values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, Record<string, number>> = {};
  for (const [key, raw] of Object.entries(values)) {
    if (raw.trim() === "") continue;
    const [group, field] = key.split(".") as [string, string];
    body[group] = { ...body[group], [field]: Number(raw) };
  }
  return { queueSid, ...body };
}

/** Per-queue thresholds, edited by admins: stored, audited, and pushed to every open board at once. */
export function ThresholdsPanel({ queues, configured, stored: initial }: Props) {
  const [stored, setStored] = useState(initial);
  const [message, setMessage] = useState<PanelMessage>(null);
  const [drafts, setDrafts] = useState<Record<string, Record<string, string>>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const valuesOf = (sid: string) =>
    drafts[sid] ??
    Object.fromEntries(
      FIELDS.map((field) => {
        const value = field.read(stored[sid] ?? {});
        return [field.key, value === null || value === undefined ? "" : String(value)];
      }),
    );

  const save = async (queue: Queue, values: Record<string, string>) => {
    if (Object.values(values).some((raw) => raw.trim() !== "" && !/^\d+$/.test(raw.trim())))
      return setMessage({ kind: "error", text: "Thresholds are whole numbers; leave a field blank for the default." });
    setBusy(queue.sid);
    setMessage(null);
    const result = await sendJson<{ thresholds: QueueThresholdsOverride | null }>(
      "PUT",
      "/api/admin/thresholds",
      toBody(queue.sid, values),
    );
    setBusy(null);
    if (!result.ok) return setMessage({ kind: "error", text: `${queue.friendlyName}: ${explainFailure(result)}` });
    setStored((current) => ({ ...current, [queue.sid]: result.data.thresholds ?? {} }));
    setDrafts(({ [queue.sid]: _saved, ...rest }) => rest);
    setMessage({ kind: "notice", text: `Thresholds of ${queue.friendlyName} saved; every board uses them now.` });
  };

  return (
    <section className="panel" aria-label="Thresholds" data-testid="thresholds-panel">
      <header className="panel-head">
        <h2>Thresholds</h2>
        <span className="muted">Per queue; a blank field uses the configured value shown in it.</span>
      </header>
      <PanelNotice message={message} />
      <table className="data-table">
        <thead>
          <tr>
            <th>Queue</th>
            {FIELDS.map((field) => (
              <th key={field.key} className="num">
                {field.label} ({field.unit})
              </th>
            ))}
            <th aria-label="Save" />
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => {
            const values = valuesOf(queue.sid);
            return (
              <tr key={queue.sid} data-testid="thresholds-row" data-queue-sid={queue.sid}>
                <td className="name wrap">{queue.friendlyName}</td>
                {FIELDS.map((field) => (
                  <td key={field.key} className="num">
                    <input
                      className={`${styles.input} ${styles.numberInput}`}
                      name={field.key}
                      inputMode="numeric"
                      aria-label={`${field.label} for ${queue.friendlyName}`}
                      placeholder={fallback(configured, queue, field.key)}
                      value={values[field.key] ?? ""}
                      onChange={(event) =>
                        setDrafts((current) => ({ ...current, [queue.sid]: { ...values, [field.key]: event.target.value } }))
                      }
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className={`${styles.primary} ${styles.small}`}
                    disabled={busy === queue.sid || !drafts[queue.sid]}
                    onClick={() => void save(queue, values)}
                    data-testid="thresholds-save"
                  >
                    {busy === queue.sid ? "Saving…" : "Save"}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
