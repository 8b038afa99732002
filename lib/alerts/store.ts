import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { type AlertWebhookConfig, webhookUrlSchema } from "./webhook";

export const MIN_COOLDOWN_SECONDS = 10;
export const MAX_COOLDOWN_SECONDS = 86_400;

/** What an admin sets on /admin: a webhook URL (null turns it off) and the cool-down. */
export const alertSettingsBody = z
  .object({
    webhookUrl: webhookUrlSchema.nullable(),
    cooldownSeconds: z.number().int().min(MIN_COOLDOWN_SECONDS).max(MAX_COOLDOWN_SECONDS),
  })
  .strict();

export type AlertSettingsBody = z.infer<typeof alertSettingsBody>;

/**
 * The webhook as pages and the audit log may show it: on or off, where it goes (the host only: the
 * path of a Slack-style URL is its credential) and the cool-down, and who decided (admin or env).
 */
export type AlertWebhookSummary = {
  enabled: boolean;
  host: string | null;
  cooldownSeconds: number;
  source: "admin" | "environment" | "none";
};

const hostOf = (url: string | null): string | null => (url && URL.canParse(url) ? new URL(url).host : null);

export function summarize(
  config: AlertWebhookConfig | null,
  source: AlertWebhookSummary["source"],
  cooldownMs: number,
): AlertWebhookSummary {
  return { enabled: config !== null, host: hostOf(config?.url ?? null), cooldownSeconds: Math.round(cooldownMs / 1000), source };
}

/**
 * The webhook in force: what an admin saved (even "off"), else ALERT_WEBHOOK_URL, else none.
 * Read at every check, so a change on /admin applies on every instance without a restart.
 */
export async function effectiveAlertWebhook(
  prisma: PrismaClient,
  fromEnv: AlertWebhookConfig | null,
): Promise<{ config: AlertWebhookConfig | null; summary: AlertWebhookSummary }> {
  const row = await prisma.alertSetting.findUnique({ where: { id: 1 } });
  if (row) {
    const cooldownMs = row.cooldownSeconds * 1000;
    // A stored URL that today's rules refuse (edited by hand) counts as off.
    const url = row.webhookUrl && webhookUrlSchema.safeParse(row.webhookUrl).success ? row.webhookUrl : null;
    const config = url ? { url, cooldownMs } : null;
    return { config, summary: summarize(config, "admin", cooldownMs) };
  }
  if (fromEnv) return { config: fromEnv, summary: summarize(fromEnv, "environment", fromEnv.cooldownMs) };
  return { config: null, summary: summarize(null, "none", 300_000) };
}

/** Saves the admin's choice; returns the summaries before and after (never the URL). */
export async function saveAlertSettings(
  prisma: PrismaClient,
  fromEnv: AlertWebhookConfig | null,
  body: AlertSettingsBody,
  actor: string,
): Promise<{ before: AlertWebhookSummary; after: AlertWebhookSummary }> {
  const { summary: before } = await effectiveAlertWebhook(prisma, fromEnv);
  const data = { webhookUrl: body.webhookUrl, cooldownSeconds: body.cooldownSeconds, updatedBy: actor };
  await prisma.alertSetting.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
  const { summary: after } = await effectiveAlertWebhook(prisma, fromEnv);
  return { before, after };
}
