import { requireRole } from "@/lib/auth/guard";
import type { Principal } from "@/lib/auth/authenticate";
import type { Role } from "@/lib/auth/roles";
import type { FieldError } from "@/lib/parse-result";
import { type Services, servicesFor } from "@/lib/services";
import { errorResponse } from "./responses";

export type RouteCall<P> = { request: Request; principal: Principal; services: Services; params: P };

/**
 * A route handler for callers with at least `role` (401/403 otherwise), given the caller, this
 * instance's services and the route's params; the handler then parses, calls and responds.
 */
export function withRole<P = Record<string, never>>(role: Role, handler: (call: RouteCall<P>) => Promise<Response> | Response) {
  return async (request: Request, route?: { params: Promise<P> }): Promise<Response> => {
    const principal = await requireRole(request, role);
    if (principal instanceof Response) return principal;
    const params = route ? await route.params : ({} as P);
    return handler({ request, principal, services: servicesFor(request), params });
  };
}

/** 400 naming the field a parser refused. */
export const badRequest = (error: FieldError): Response => errorResponse(400, error.message, { field: error.field });
