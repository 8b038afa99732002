import type { Logger } from "pino";
import { z } from "zod";
import type { CriticalQueue } from "./evaluate";

/**
 * The outgoing alert webhook: ALERT_WEBHOOK_URL (https; http only to this machine, for a local
 * relay) and ALERT_WEBHOOK_COOLDOWN_SECONDS. The URL is a secret (a Slack webhook URL is its own
 * credential): it is never logged, nor echoed in a configuration error.
 */
export type AlertWebhookConfig = { url: string; cooldownMs: number };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const webhookUrlSchema = z
  .string()
  .trim()
  .refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
    },
    { message: "must be an https:// URL (http:// only to localhost)" },
  );

/** The JSON posted: Slack's `text` (Slack, Mattermost, Rocket.Chat read it), plus the facts for other receivers. */
export function alertPayload(queues: readonly CriticalQueue[], dashboardUrl: string | null, at: number) {
  const lines = queues.map((q) => `• ${q.name}: ${q.reasons.join(", ") || "critical"}`);
  const heading = queues.length === 1 ? `Queue ${queues[0]!.name} is critical` : `${queues.length} queues are critical`;
  return {
    text: [`:rotating_light: ${heading}`, ...lines, ...(dashboardUrl ? [dashboardUrl] : [])].join("\n"),
    at: new Date(at).toISOString(),
    queues: queues.map(({ queueSid, name, reasons }) => ({ queueSid, name, reasons })),
  };
}

type Post = (url: string, body: string, signal: AbortSignal) => Promise<{ ok: boolean; status: number }>;

const defaultPost: Post = async (url, body, signal) => {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, signal });
  await response.body?.cancel();
  return { ok: response.ok, status: response.status };
};

/**
 * Sends an alert when a queue turns critical, at most once per queue per cool-down: a queue
 * flapping around its threshold, or staying red, does not flood the channel. Queues turning
 * critical together go out as one message.
 */
export class AlertWebhook {
  private critical = new Set<string>();
  private readonly lastSent = new Map<string, number>();
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AlertWebhookConfig,
    private readonly log: Logger,
    private readonly options: { dashboardUrl?: string | null; post?: Post; timeoutMs?: number } = {},
  ) {}

  /** Takes the queues critical now; returns those an alert was sent for (after the send). */
  async observe(queues: readonly CriticalQueue[], now = Date.now()): Promise<CriticalQueue[]> {
    const previous = this.critical;
    this.critical = new Set(queues.map((q) => q.queueSid));
    const due = queues.filter((q) => {
      if (previous.has(q.queueSid)) return false;
      const last = this.lastSent.get(q.queueSid);
      return last === undefined || now - last >= this.config.cooldownMs;
    });
    if (due.length === 0) return [];
    for (const q of due) this.lastSent.set(q.queueSid, now);
    const send = this.sending.then(() => this.send(due, now));
    this.sending = send;
    await send;
    return due;
  }

  private async send(queues: CriticalQueue[], now: number): Promise<void> {
    const body = JSON.stringify(alertPayload(queues, this.options.dashboardUrl ?? null, now));
    const post = this.options.post ?? defaultPost;
    const queueSids = queues.map((q) => q.queueSid);
    try {
      const result = await post(this.config.url, body, AbortSignal.timeout(this.options.timeoutMs ?? 5_000));
      if (result.ok) this.log.info({ queueSids }, "Alert webhook sent");
      // The receiver's status only: the URL (a credential) stays out of the log.
      else this.log.warn({ queueSids, status: result.status }, "Alert webhook refused");
    } catch (error) {
      const reason = error instanceof Error ? error.name : "error";
      this.log.warn({ queueSids, reason }, "Alert webhook failed");
    }
  }
}
