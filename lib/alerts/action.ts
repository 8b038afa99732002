import type { AdminAction } from "@/lib/admin/action";
import { type AlertSettingsBody, alertSettingsBody, saveAlertSettings } from "./store";

/**
 * An admin sets the alert webhook on /admin: stored, audited (by runAdminAction: the before and
 * after are summaries with the host only, and a refused body's URL is redacted as a secret field).
 */
export const updateAlertSettingsAction: AdminAction<AlertSettingsBody> = {
  action: "alerts.update",
  capability: "users.manage",
  targetType: "settings",
  body: alertSettingsBody,
  async run({ services, principal }, _target, body) {
    const { before, after } = await saveAlertSettings(services.db.prisma, services.env.alertWebhook, body, principal.actor);
    return { before, after, targetSid: "alert-webhook", response: after };
  },
};
