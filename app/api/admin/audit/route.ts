import { listAudit, parseAuditQuery } from "@/lib/admin/audit";
import { errorResponse, json } from "@/lib/http/responses";
import { withRole } from "@/lib/http/with-role";

export const dynamic = "force-dynamic";

/** Audit entries, newest first; page with `?before=<nextBefore>`. */
export const GET = withRole("supervisor", async ({ request, services }) => {
  const parsed = parseAuditQuery(new URL(request.url));
  if (!parsed.ok) return errorResponse(400, parsed.message, { field: parsed.field });
  return json(await listAudit(services.db.prisma, parsed.query));
});
