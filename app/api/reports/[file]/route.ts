import { withRole, badRequest } from "@/lib/http/with-role";
import { parseReportParams } from "@/lib/reports";
import { csvReportResponse, reportContextFor, reportKindOf, unknownReport } from "@/lib/reports/request";

export const dynamic = "force-dynamic";

/** GET /api/reports/<kind>.csv — a streamed CSV export over the event log, for the viewer role and up. */
export const GET = withRole<{ file: string }>("viewer", ({ request, services, params }) => {
  const kind = reportKindOf(params.file);
  if (kind === null) return unknownReport(params.file);
  const parsed = parseReportParams(new URL(request.url).searchParams, { defaultTimezone: services.env.metrics.timezone });
  if (!parsed.ok) return badRequest(parsed.error);
  return csvReportResponse(kind, reportContextFor(services, parsed.params));
});
