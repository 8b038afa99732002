import { requireRole } from "@/lib/auth/guard";
import { errorResponse, json } from "@/lib/http/responses";
import { parseReportParams } from "@/lib/reports";
import { buildPreview } from "@/lib/reports/preview";
import { reportContextFor } from "@/lib/reports/request";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

/** GET /api/reports/preview — the `/reports` chart: service level and volume per interval (JSON). */
export async function GET(request: Request) {
  const caller = await requireRole(request, "viewer");
  if (caller instanceof Response) return caller;
  const services = servicesFor(request);
  const parsed = parseReportParams(new URL(request.url).searchParams, { defaultTimezone: services.env.metrics.timezone });
  if (!parsed.ok) return errorResponse(400, parsed.error.message, { field: parsed.error.field });
  return json(await buildPreview(reportContextFor(services, parsed.params)));
}
