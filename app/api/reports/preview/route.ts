import { json } from "@/lib/http/responses";
import { badRequest, withRole } from "@/lib/http/with-role";
import { parseReportParams } from "@/lib/reports";
import { buildPreview } from "@/lib/reports/preview";
import { reportContextFor } from "@/lib/reports/request";

export const dynamic = "force-dynamic";

/** GET /api/reports/preview — the `/reports` chart: service level and volume per interval (JSON). */
export const GET = withRole("viewer", async ({ request, services }) => {
  const parsed = parseReportParams(new URL(request.url).searchParams, { defaultTimezone: services.env.metrics.timezone });
  if (!parsed.ok) return badRequest(parsed.error);
  return json(await buildPreview(reportContextFor(services, parsed.params)));
});
