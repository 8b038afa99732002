import { parseHistoryQuery } from "@/lib/http/metrics-query";
import { errorResponse, json } from "@/lib/http/responses";
import { badRequest, withRole } from "@/lib/http/with-role";

export const dynamic = "force-dynamic";

/** GET /api/metrics/history: the wallboard charts (`MetricsSeries`), for the workspace or one `queue`. */
export const GET = withRole("viewer", ({ request, services: { live } }) => {
  const parsed = parseHistoryQuery(new URL(request.url), { now: Date.now(), timezone: live.settings.timezone });
  if (!parsed.ok) return badRequest(parsed.error);
  const series = live.series(parsed.value);
  const { queueSid } = parsed.value;
  if (queueSid && series.queues.length === 0) return errorResponse(404, `No TaskQueue ${queueSid} in this workspace`, { field: "queue" });
  return json(series);
});
