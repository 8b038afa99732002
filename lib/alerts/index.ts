import type { Logger } from "pino";
import type { PrismaClient } from "@/generated/prisma/client";
import type { LiveMetrics } from "@/lib/live/live-metrics";
import { effectiveThresholds } from "@/lib/thresholds/store";
import type { Thresholds } from "@/lib/ui/thresholds";
import { criticalQueues } from "./evaluate";
import { effectiveAlertWebhook } from "./store";
import { AlertWebhook, type AlertWebhookConfig } from "./webhook";

export { type CriticalQueue, criticalQueues } from "./evaluate";
export { type AlertSettingsBody, type AlertWebhookSummary, alertSettingsBody, effectiveAlertWebhook, saveAlertSettings } from "./store";
export { AlertWebhook, type AlertWebhookConfig, alertPayload, webhookUrlSchema } from "./webhook";

/** How often the server looks for queues turning critical. */
export const ALERT_CHECK_MS = 5_000;

/**
 * Runs the webhook on this instance: every few seconds, the webhook in force (set on /admin, else
 * ALERT_WEBHOOK_URL) and today's snapshot against the thresholds every board uses (admins'
 * overrides included). Returns the stop function.
 */
export function startAlertWebhook(deps: {
  fromEnv: AlertWebhookConfig | null;
  live: Pick<LiveMetrics, "snapshot">;
  prisma: PrismaClient;
  configured: Thresholds;
  log: Logger;
  dashboardUrl: string;
}): () => void {
  let webhook: AlertWebhook | null = null;
  let current: AlertWebhookConfig | null = null;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const { config } = await effectiveAlertWebhook(deps.prisma, deps.fromEnv);
      if (config === null) {
        webhook = null;
        current = null;
        return;
      }
      // A new URL or cool-down starts afresh; the same one keeps what it has sent and when.
      if (webhook === null || current?.url !== config.url || current.cooldownMs !== config.cooldownMs) {
        webhook = new AlertWebhook(config, deps.log, { dashboardUrl: deps.dashboardUrl });
        current = config;
      }
      const thresholds = await effectiveThresholds(deps.prisma, deps.configured);
      const now = Date.now();
      await webhook.observe(criticalQueues(deps.live.snapshot({ now, window: { kind: "today" } }), thresholds), now);
    } catch (error) {
      deps.log.warn({ reason: error instanceof Error ? error.name : String(error) }, "Alert check failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), ALERT_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
