import type { IncomingMessage, ServerResponse } from "node:http";
import twilio from "twilio";
import { parseCallback } from "@/lib/events/parse";
import type { ErrorBody } from "@/lib/http/responses";
import { errorFields, logger } from "@/lib/log";
import type { Services } from "@/lib/services";

export const CALLBACK_PATH = "/api/taskrouter/events";
export const MAX_CALLBACK_BYTES = 64 * 1024;

/** What the callback route reads of a request. `body` is null when it was over the size limit. */
export type CallbackRequest = { pathAndQuery: string; signature: string | undefined; body: string | null; requestId: string };
export type CallbackAnswer = { status: 204 } | { status: 400 | 403 | 413 | 503; error: ErrorBody["error"] };

/**
 * POST /api/taskrouter/events: size → signature → validation → ingest (durable append, fold, publish) → 204.
 * Duplicates (same Sid) are acknowledged with 204 and not folded again.
 */
export async function answerCallback(request: CallbackRequest, services: Services): Promise<CallbackAnswer> {
  if (request.body === null) return refused(413, `Callback body is larger than ${MAX_CALLBACK_BYTES} bytes`);

  const params = Object.fromEntries(new URLSearchParams(request.body));
  const signedUrl = `${services.publicBaseUrl}${request.pathAndQuery}`;
  if (!request.signature) return refused(403, "X-Twilio-Signature header is missing");
  if (!twilio.validateRequest(services.env.twilio.authToken, request.signature, signedUrl, params)) {
    // Not the URL it was checked against: that would tell a prober what to sign.
    return refused(403, "X-Twilio-Signature does not match this request");
  }

  services.sync.callbackReceived();
  const parsed = parseCallback(params);
  if (!parsed.ok) return refused(400, parsed.error.message, { field: parsed.error.field });

  try {
    await services.ingest.accept(parsed.value);
  } catch (error) {
    logger.error(
      { requestId: request.requestId, sid: parsed.value.event.sid, ...errorFields(error) },
      "Event store unavailable: answered 503 (Twilio may retry once; reconciliation recovers the event)",
    );
    return refused(503, "The event store is unavailable; retry later", { code: "store-unavailable" });
  }
  return { status: 204 };
}

function refused(status: 400 | 403 | 413 | 503, message: string, extra: Omit<ErrorBody["error"], "message"> = {}): CallbackAnswer {
  return { status, error: { message, ...extra } };
}

/**
 * The callback route on the Node server, in front of Next: it is the one route whose rate is
 * TaskRouter's, and Next's request path costs it more than the route's own work does
 * (BENCHMARKS.md, P1). Same contract, same error envelope as every other route.
 */
export async function serveCallback(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services | null,
  requestId: string,
): Promise<void> {
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (req.method !== "POST") {
    res.writeHead(405, { ...headers, allow: "POST" }).end();
    return;
  }
  const body = await readBody(req, MAX_CALLBACK_BYTES);
  const signature = req.headers["x-twilio-signature"];
  const answer: CallbackAnswer = services
    ? await answerCallback(
        { pathAndQuery: req.url ?? CALLBACK_PATH, signature: typeof signature === "string" ? signature : undefined, body, requestId },
        services,
      )
    : refused(503, "The wallboard is still starting; retry shortly", { code: "starting" });
  if (answer.status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  // Over the limit the rest of the body is not read: the connection cannot be reused.
  const close = body === null ? { connection: "close" } : {};
  res
    .writeHead(answer.status, { ...headers, ...close, "content-type": "application/json" })
    .end(JSON.stringify({ error: answer.error } satisfies ErrorBody));
}

/**
 * The body as text, or null once it is larger than `limit` bytes (declared or read). Reading stops
 * there without destroying the request, so that the 413 can still be written.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off("data", onData);
      req.pause();
      resolve(null);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}
