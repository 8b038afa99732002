import type { z } from "zod";
import { readBodyWithLimit } from "@/lib/http/responses";

const BODY_LIMIT_BYTES = 16 * 1024;

export type ParsedBody<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 413; message: string; field?: string | undefined; raw?: unknown };

/** Reads a JSON body (an empty body reads as `{}`) and validates it; errors name the field. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<ParsedBody<T>> {
  const text = await readBodyWithLimit(request, BODY_LIMIT_BYTES);
  if (text === null) return { ok: false, status: 413, message: `The body is over ${BODY_LIMIT_BYTES / 1024} KiB` };
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, status: 400, message: "The body must be JSON" };
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field =
    issue?.code === "unrecognized_keys" ? issue.keys[0] : issue && issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid body";
  return { ok: false, status: 400, message, field, raw };
}
