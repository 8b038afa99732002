import { requireRole } from "@/lib/auth/guard";
import { errorResponse, json } from "@/lib/http/responses";
import { parseMetricsQuery } from "@/lib/http/metrics-query";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const principal = await requireRole(request, "viewer");
  if (principal instanceof Response) return principal;
  const { live } = servicesFor(request);
  const parsed = parseMetricsQuery(new URL(request.url));
  if (!parsed.ok) return errorResponse(400, parsed.message, { field: parsed.field });
  const { window, queueSid } = parsed.query;
  const snapshot = live.snapshot({ now: Date.now(), window, ...(queueSid ? { queueSid } : {}) });
  if (queueSid && snapshot.queues.length === 0) return errorResponse(404, `No TaskQueue ${queueSid} in this workspace`, { field: "queue" });
  return json(snapshot);
}
