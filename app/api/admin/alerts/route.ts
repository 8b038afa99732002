import { runAdminAction } from "@/lib/admin/action";
import { updateAlertSettingsAction } from "@/lib/alerts/action";
import { effectiveAlertWebhook } from "@/lib/alerts/store";
import { requireRole } from "@/lib/auth/guard";
import { json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

/** The alert webhook in force: on or off, its host (never the URL), cool-down, and who set it (admin). */
export async function GET(request: Request) {
  const principal = await requireRole(request, "admin");
  if (principal instanceof Response) return principal;
  const { db, env } = servicesFor(request);
  return json((await effectiveAlertWebhook(db.prisma, env.alertWebhook)).summary);
}

/** `{webhookUrl: "https://…" | null, cooldownSeconds}` (admin): stored, audited, in force within seconds. */
export async function PUT(request: Request) {
  return runAdminAction(request, updateAlertSettingsAction, "alert-webhook");
}
