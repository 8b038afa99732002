import { runAdminAction } from "@/lib/admin/action";
import { requireRole } from "@/lib/auth/guard";
import { json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";
import { updateThresholdsAction } from "@/lib/thresholds/action";
import { effectiveThresholds, storedQueueThresholds } from "@/lib/thresholds/store";

export const dynamic = "force-dynamic";

/** The configured thresholds, the admins' per-queue overrides, and what boards use. */
export async function GET(request: Request) {
  const principal = await requireRole(request, "viewer");
  if (principal instanceof Response) return principal;
  const { db, env } = servicesFor(request);
  const [stored, effective] = await Promise.all([storedQueueThresholds(db.prisma), effectiveThresholds(db.prisma, env.thresholds)]);
  return json({ configured: env.thresholds, stored, effective });
}

/** `{queueSid, serviceLevel?, longestWait?, waiting?}`: one queue's overrides (admin). */
export async function PUT(request: Request) {
  return runAdminAction(request, updateThresholdsAction, "thresholds");
}
