"use client";

import { type FormEvent, useState } from "react";
import styles from "@/components/chrome/controls.module.css";
import { explainFailure, sendJson } from "@/components/session/session-client";
import type { AlertWebhookSummary } from "@/lib/alerts/store";
import { PanelNotice } from "./admin-console";
import type { PanelMessage } from "./use-confirm";

const SOURCE_WORDS: Record<AlertWebhookSummary["source"], string> = {
  admin: "set here",
  environment: "from ALERT_WEBHOOK_URL",
  none: "not set",
};

/**
 * The alert webhook (admins): where the server posts when a queue turns critical, and how often
 * at most. The URL is a credential: once saved it is never shown again, only its host.
 */
export function AlertsPanel({ initial }: { initial: AlertWebhookSummary }) {
  const [summary, setSummary] = useState(initial);
  const [url, setUrl] = useState("");
  const [cooldown, setCooldown] = useState(String(initial.cooldownSeconds));
  const [message, setMessage] = useState<PanelMessage>(null);
  const [busy, setBusy] = useState(false);

  const save = async (webhookUrl: string | null) => {
    if (!/^\d+$/.test(cooldown.trim())) return setMessage({ kind: "error", text: "The cool-down is a whole number of seconds." });
    setBusy(true);
    setMessage(null);
    const result = await sendJson<AlertWebhookSummary>("PUT", "/api/admin/alerts", {
      webhookUrl,
      cooldownSeconds: Number(cooldown.trim()),
    });
    setBusy(false);
    if (!result.ok) return setMessage({ kind: "error", text: explainFailure(result) });
    setSummary(result.data);
    setUrl("");
    setMessage({
      kind: "notice",
      text: result.data.enabled ? `Alerts go to ${result.data.host} from now on.` : "The alert webhook is off.",
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!url.trim()) return setMessage({ kind: "error", text: "Paste the webhook URL (https://…), or turn the webhook off." });
    void save(url.trim());
  };

  return (
    <section className="panel" aria-label="Alert webhook" data-testid="alerts-panel">
      <header className="panel-head">
        <h2>Alert webhook</h2>
        <span className="muted" data-testid="alerts-state">
          {summary.enabled ? `On: ${summary.host} · every ${summary.cooldownSeconds} s at most per queue` : "Off"} ·{" "}
          {SOURCE_WORDS[summary.source]}
        </span>
      </header>
      <PanelNotice message={message} />
      <form className="toolbar" onSubmit={submit}>
        <label>
          Webhook URL
          <input
            type="password"
            autoComplete="off"
            placeholder={summary.enabled ? "kept; paste a new one to replace it" : "https://hooks.slack.com/services/…"}
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            data-testid="alerts-url"
          />
        </label>
        <label>
          Cool-down (s)
          <input
            className={styles.numberInput}
            inputMode="numeric"
            value={cooldown}
            onChange={(event) => setCooldown(event.target.value)}
            data-testid="alerts-cooldown"
          />
        </label>
        <button type="submit" className={`${styles.primary} ${styles.small}`} disabled={busy} data-testid="alerts-save">
          {busy ? "Saving…" : "Save"}
        </button>
        {summary.enabled ? (
          <button
            type="button"
            className={`${styles.secondary} ${styles.small}`}
            disabled={busy}
            onClick={() => void save(null)}
            data-testid="alerts-off"
          >
            Turn off
          </button>
        ) : null}
      </form>
    </section>
  );
}
