import type { Principal } from "./authenticate";
import { secretsEqual } from "./secrets";

/** The browser copies its session's CSRF token (from /api/auth/session or the login answer) into this header. */
export const CSRF_HEADER = "x-csrf-token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const isStateChanging = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

export type CsrfInput = {
  method: string;
  csrfHeader: string | null;
  origin: string | null;
  /** Hosts (host[:port]) this app is reached on: the request's own, and PUBLIC_BASE_URL's. */
  allowedHosts: string[];
};

/**
 * Cookies ride along on requests another site makes, so a state-changing request signed in by
 * cookie must also prove it came from our own pages: the session's token in a header (another
 * origin cannot read it) and, when the browser says, our own Origin. Bearer tokens are never
 * sent automatically, so they need neither.
 */
export function checkCsrf(principal: Principal, input: CsrfInput): { ok: true } | { ok: false; reason: string } {
  if (principal.via !== "session" || !isStateChanging(input.method)) return { ok: true };
  const originProblem = checkOrigin(input.origin, input.allowedHosts);
  if (originProblem) return { ok: false, reason: originProblem };
  if (!input.csrfHeader || !principal.csrfToken || !secretsEqual(input.csrfHeader, principal.csrfToken)) {
    return { ok: false, reason: `Missing or wrong CSRF token: send the session's token in the ${CSRF_HEADER} header` };
  }
  return { ok: true };
}

/** Null when acceptable: absent (older clients, scripts) or one of our hosts. */
export function checkOrigin(origin: string | null, allowedHosts: string[]): string | null {
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return "Cross-site request refused (unreadable Origin)";
  }
  return allowedHosts.includes(host) ? null : `Cross-site request refused (Origin ${origin})`;
}
