import { requireRole } from "@/lib/auth/guard";
import { errorResponse } from "@/lib/http/responses";
import { errorFields, requestLogger } from "@/lib/log";
import { buildReport, csvStream, isReportKind, parseReportParams, REPORT_KINDS, reportFilename } from "@/lib/reports";
import { exportSlotsFor, releasingWhenDone } from "@/lib/reports/export-slots";
import { reportContextFor } from "@/lib/reports/request";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

/**
 * GET /api/reports/<kind>.csv — a streamed CSV export over the event log (PRODUCT.md), for the
 * viewer role and up.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const caller = await requireRole(request, "viewer");
  if (caller instanceof Response) return caller;
  const { file } = await params;
  const kind = file.endsWith(".csv") ? file.slice(0, -".csv".length) : null;
  if (kind === null || !isReportKind(kind)) {
    return errorResponse(404, `No report ${JSON.stringify(file)}; reports are ${REPORT_KINDS.map((k) => `${k}.csv`).join(", ")}`, {
      field: "kind",
    });
  }
  const services = servicesFor(request);
  const parsed = parseReportParams(new URL(request.url).searchParams, { defaultTimezone: services.env.metrics.timezone });
  if (!parsed.ok) return errorResponse(400, parsed.error.message, { field: parsed.error.field });

  const release = exportSlotsFor(services).acquire(caller.actor);
  if (!release) {
    return errorResponse(429, "You already have exports running: wait for one to finish, then try again", { code: "too_many_exports" });
  }
  const context = reportContextFor(services, parsed.params);
  const report = buildReport(kind, context);
  const body = csvStream(report.columns, releasingWhenDone(report.batches, release), {
    onError: (error) => requestLogger(request).error({ report: kind, ...errorFields(error) }, "Report failed mid-stream"),
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${reportFilename(kind, parsed.params)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
