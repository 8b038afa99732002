import { listAudit, parseAuditQuery } from "@/lib/admin/audit";
import { requireRole } from "@/lib/auth/guard";
import { errorResponse, json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

/** Audit entries, newest first; page with `?before=<nextBefore>`. */
export async function GET(request: Request) {
  const principal = await requireRole(request, "supervisor");
  if (principal instanceof Response) return principal;
  const parsed = parseAuditQuery(new URL(request.url));
  if (!parsed.ok) return errorResponse(400, parsed.message, { field: parsed.field });
  return json(await listAudit(servicesFor(request).db.prisma, parsed.query));
}
