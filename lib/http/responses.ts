/** The JSON error envelope every route uses: `{ error: { message, field?, code? } }`. */
export type ErrorBody = { error: { message: string; field?: string; code?: number | string; moreInfo?: string } };

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { "cache-control": "no-store", ...init.headers } });
}

export function errorResponse(status: number, message: string, extra: Omit<ErrorBody["error"], "message"> = {}): Response {
  return json({ error: { message, ...extra } } satisfies ErrorBody, { status });
}

/** Reads a body up to `limit` bytes; null when it is larger (the caller answers 413). */
export async function readBodyWithLimit(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
