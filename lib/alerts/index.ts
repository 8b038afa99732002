import type { Logger } from "pino";
import type { PrismaClient } from "@/generated/prisma/client";
import type { LiveMetrics } from "@/lib/live/live-metrics";
import { effectiveThresholds } from "@/lib/thresholds/store";
import type { Thresholds } from "@/lib/ui/thresholds";
import { criticalQueues } from "./evaluate";
import { AlertWebhook, type AlertWebhookConfig } from "./webhook";

export { type CriticalQueue, criticalQueues } from "./evaluate";
export { AlertWebhook, type AlertWebhookConfig, alertPayload, webhookUrlSchema } from "./webhook";

/** How often the server looks for queues turning critical. */
export const ALERT_CHECK_MS = 5_000;

/**
 * Runs the webhook on this instance: every few seconds, today's snapshot against the thresholds
 * every board uses (admins' overrides included). Returns the stop function.
 */
export function startAlertWebhook(
  config: AlertWebhookConfig,
  deps: { live: Pick<LiveMetrics, "snapshot">; prisma: PrismaClient; configured: Thresholds; log: Logger; dashboardUrl: string },
): () => void {
  const webhook = new AlertWebhook(config, deps.log, { dashboardUrl: deps.dashboardUrl });
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const thresholds = await effectiveThresholds(deps.prisma, deps.configured);
      const now = Date.now();
      await webhook.observe(criticalQueues(deps.live.snapshot({ now, window: { kind: "today" } }), thresholds), now);
    } catch (error) {
      deps.log.warn({ reason: error instanceof Error ? error.message : String(error) }, "Alert check failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), ALERT_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
