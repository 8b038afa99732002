import { badRequest, withRole } from "@/lib/http/with-role";
import { requestLogger } from "@/lib/log";
import { parseReportParams } from "@/lib/reports";
import { exportSlotsFor } from "@/lib/reports/export-slots";
import { csvReportResponse, reportContextFor, reportKindOf, tooManyExports, unknownReport } from "@/lib/reports/request";

export const dynamic = "force-dynamic";

/** GET /api/reports/<kind>.csv — a streamed CSV export over the event log, for the viewer role and up (two at once per caller). */
export const GET = withRole<{ file: string }>("viewer", ({ request, principal, services, params }) => {
  const kind = reportKindOf(params.file);
  if (kind === null) return unknownReport(params.file);
  const parsed = parseReportParams(new URL(request.url).searchParams, { defaultTimezone: services.env.metrics.timezone });
  if (!parsed.ok) return badRequest(parsed.error);
  const release = exportSlotsFor(services).acquire(principal.actor);
  if (!release) return tooManyExports();
  return csvReportResponse(kind, reportContextFor(services, parsed.params), { release, log: requestLogger(request) });
});
