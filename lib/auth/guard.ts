import { errorResponse } from "@/lib/http/responses";
import { type Services, servicesFor } from "@/lib/services";
import { type AuthContext, authenticate, type Principal } from "./authenticate";
import { allowedOriginsOf, CSRF_HEADER, checkCsrf } from "./csrf";
import { hasRole, type Role } from "./roles";

export type Authorization =
  | { ok: true; principal: Principal }
  /** `principal` is set when the caller is known but not allowed (for the audit log). */
  | { ok: false; response: Response; principal: Principal | null };

export const authContextOf = (services: Services): AuthContext => ({
  prisma: services.db.prisma,
  envApiToken: services.env.admin.apiToken,
});

/** Origins this app is reached on, for the Origin check (lib/auth/csrf.ts `allowedOriginsOf`). */
export function allowedOrigins(request: Request, services: Services): string[] {
  return allowedOriginsOf((name) => request.headers.get(name), {
    publicBaseUrl: services.publicBaseUrl,
    trustProxy: services.env.trustProxy,
  });
}

/** Authenticates, checks CSRF on state-changing cookie requests, then the role: 401, 403 or the caller. */
export async function authorizeRequest(request: Request, required: Role): Promise<Authorization> {
  const services = servicesFor(request);
  const result = await authenticate(authContextOf(services), {
    cookie: request.headers.get("cookie"),
    authorization: request.headers.get("authorization"),
  });
  if (!result.ok) {
    const response = errorResponse(401, result.reason, { code: "unauthenticated" });
    response.headers.set("www-authenticate", 'Bearer realm="wallboard"');
    return { ok: false, response, principal: null };
  }
  const { principal } = result;
  const csrf = checkCsrf(principal, {
    method: request.method,
    csrfHeader: request.headers.get(CSRF_HEADER),
    origin: request.headers.get("origin"),
    allowedOrigins: allowedOrigins(request, services),
  });
  // A failed CSRF check is someone else's request riding on the cookie: not the user's action.
  if (!csrf.ok) return { ok: false, response: errorResponse(403, csrf.reason, { code: "csrf" }), principal: null };
  if (!hasRole(principal.role, required)) {
    return {
      ok: false,
      response: errorResponse(403, `This needs the ${required} role (you are ${principal.role})`, { code: "forbidden" }),
      principal,
    };
  }
  return { ok: true, principal };
}

/** The caller, or the 401/403 response to return. */
export async function requireRole(request: Request, required: Role): Promise<Principal | Response> {
  const authorization = await authorizeRequest(request, required);
  return authorization.ok ? authorization.principal : authorization.response;
}

export function secureCookies(request: Request, services: Services): boolean {
  return services.publicBaseUrl.startsWith("https:") || (services.env.trustProxy && request.headers.get("x-forwarded-proto") === "https");
}
