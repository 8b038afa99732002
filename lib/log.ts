import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";

/** Requests carry their id in this header (kept from a proxy when well-formed, else new) and answer with it. */
export const REQUEST_ID_HEADER = "x-request-id";

/**
 * Field names whose values never reach a log line, wherever they sit one or two levels down
 * (a request body, an error's config). The same idea as the audit log's redaction.
 */
const SECRET_PATHS = [
  "password",
  "token",
  "authToken",
  "authorization",
  "cookie",
  "secret",
  "signature",
  "csrfToken",
  "*.password",
  "*.token",
  "*.authToken",
  "*.authorization",
  "*.cookie",
  "*.secret",
  "*.signature",
  "*.csrfToken",
  "*.headers.authorization",
  "*.headers.cookie",
  'headers["x-twilio-signature"]',
  '*.headers["x-twilio-signature"]',
];

/**
 * One JSON object per line on stdout (what log collectors read), ISO timestamps, secrets
 * redacted. LOG_LEVEL chooses the level (default info; tests default to error only).
 */
export const logger: Logger = pino({
  level: process.env.LOG_LEVEL || (process.env.VITEST ? "error" : "info"),
  base: { service: "wallboard" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: SECRET_PATHS, censor: "[redacted]" },
  formatters: { level: (label) => ({ level: label }) },
});

/** A well-formed id from upstream (a proxy's), else a new one. */
export function requestIdOf(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && /^[\w.:-]{8,128}$/.test(value) ? value : randomUUID();
}

/** The logger for one request: every line carries its id. */
export function requestLogger(request: Request): Logger {
  const requestId = request.headers.get(REQUEST_ID_HEADER);
  return requestId ? logger.child({ requestId }) : logger;
}

/** An error as log fields: message and stack, nothing else it may carry (configs, headers). */
export function errorFields(error: unknown): { err: { message: string; name?: string; stack?: string } } {
  if (error instanceof Error) return { err: { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) } };
  return { err: { message: String(error) } };
}
