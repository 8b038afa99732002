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
  /** Origins (scheme://host[:port]) this app is reached on: see `allowedOriginsOf`. */
  allowedOrigins: string[];
};

/**
 * Cookies ride along on requests another site makes, so a state-changing request signed in by
 * cookie must also prove it came from our own pages: the session's token in a header (another
 * origin cannot read it) and, when the browser says, our own Origin. Bearer tokens are never
 * sent automatically, so they need neither.
 */
export function checkCsrf(principal: Principal, input: CsrfInput): { ok: true } | { ok: false; reason: string } {
  if (principal.via !== "session" || !isStateChanging(input.method)) return { ok: true };
  const originProblem = checkOrigin(input.origin, input.allowedOrigins);
  if (originProblem) return { ok: false, reason: originProblem };
  if (!input.csrfHeader || !principal.csrfToken || !secretsEqual(input.csrfHeader, principal.csrfToken)) {
    return { ok: false, reason: `Missing or wrong CSRF token: send the session's token in the ${CSRF_HEADER} header` };
  }
  return { ok: true };
}

/**
 * Null when acceptable: absent (older clients, scripts) or exactly one of our origins, scheme
 * and port included (http://wall.example is not https://wall.example, nor wall.example:8080).
 */
export function checkOrigin(origin: string | null, allowedOrigins: readonly string[]): string | null {
  if (origin === null) return null;
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return "Cross-site request refused (unreadable Origin)";
  }
  return normalised !== "null" && allowedOrigins.includes(normalised) ? null : `Cross-site request refused (Origin ${origin})`;
}

/** `publicBaseUrl`: PUBLIC_BASE_URL, or the address the server listens on; null when not known yet. */
export type OriginSettings = { publicBaseUrl: string | null; trustProxy: boolean };

const originOf = (scheme: string, host: string): string | null => {
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
};
const firstValue = (value: string | null | undefined) => value?.split(",")[0]?.trim() || null;

/**
 * The origins a request may come from: PUBLIC_BASE_URL's, and the one the request was addressed
 * to (this server speaks plain HTTP, so http://<Host>). X-Forwarded-Host/Proto name it instead
 * only with TRUST_PROXY: anybody can send those headers to a server that is not behind a proxy.
 */
export function allowedOriginsOf(header: (name: string) => string | null | undefined, settings: OriginSettings): string[] {
  const origins = new Set<string>();
  const configured = settings.publicBaseUrl && URL.canParse(settings.publicBaseUrl) ? new URL(settings.publicBaseUrl).origin : null;
  if (configured) origins.add(configured);
  const host = firstValue(header("host"));
  const direct = host ? originOf("http", host) : null;
  if (direct) origins.add(direct);
  if (settings.trustProxy) {
    const forwardedHost = firstValue(header("x-forwarded-host")) ?? host;
    const scheme = firstValue(header("x-forwarded-proto")) === "https" ? "https" : "http";
    const forwarded = forwardedHost ? originOf(scheme, forwardedHost) : null;
    if (forwarded) origins.add(forwarded);
  }
  return [...origins];
}
