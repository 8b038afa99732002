import twilio from "twilio";
import { parseCallback } from "@/lib/events/parse";
import { errorResponse, readBodyWithLimit } from "@/lib/http/responses";
import { errorFields, requestLogger } from "@/lib/log";
import type { Services } from "@/lib/services";

export const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * POST /api/taskrouter/events: size → signature → validation → ingest (durable append, fold, publish) → 204.
 * Duplicates (same Sid) are acknowledged with 204 and not folded again.
 */
export async function handleCallback(request: Request, services: Services): Promise<Response> {
  const body = await readBodyWithLimit(request, MAX_CALLBACK_BYTES);
  if (body === null) return errorResponse(413, `Callback body is larger than ${MAX_CALLBACK_BYTES} bytes`);

  const params = Object.fromEntries(new URLSearchParams(body));
  const requested = new URL(request.url);
  const signedUrl = `${services.publicBaseUrl}${requested.pathname}${requested.search}`;
  const signature = request.headers.get("x-twilio-signature");
  if (!signature) return errorResponse(403, "X-Twilio-Signature header is missing");
  if (!twilio.validateRequest(services.env.twilio.authToken, signature, signedUrl, params)) {
    // Not the URL it was checked against: that would tell a prober what to sign.
    return errorResponse(403, "X-Twilio-Signature does not match this request");
  }

  services.sync.callbackReceived();
  const parsed = parseCallback(params);
  if (!parsed.ok) return errorResponse(400, parsed.error.message, { field: parsed.error.field });

  try {
    await services.ingest.accept(parsed.value);
  } catch (error) {
    requestLogger(request).error(
      { sid: parsed.value.event.sid, ...errorFields(error) },
      "Event store unavailable: answered 503 (Twilio may retry once; reconciliation recovers the event)",
    );
    return errorResponse(503, "The event store is unavailable; retry later", { code: "store-unavailable" });
  }
  return new Response(null, { status: 204, headers: { "content-type": "application/json" } });
}
