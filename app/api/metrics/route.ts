import { parseMetricsQuery } from "@/lib/http/metrics-query";
import { errorResponse, json } from "@/lib/http/responses";
import { badRequest, withRole } from "@/lib/http/with-role";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", ({ request, services: { live } }) => {
  const parsed = parseMetricsQuery(new URL(request.url));
  if (!parsed.ok) return badRequest(parsed.error);
  const { window, queueSid } = parsed.value;
  const snapshot = live.snapshot({ now: Date.now(), window, ...(queueSid ? { queueSid } : {}) });
  if (queueSid && snapshot.queues.length === 0) return errorResponse(404, `No TaskQueue ${queueSid} in this workspace`, { field: "queue" });
  return json(snapshot);
});
