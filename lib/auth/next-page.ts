import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { INSTANCE_HEADER, type Services, servicesFor } from "@/lib/services";
import { authenticate, type Principal } from "./authenticate";
import { authContextOf } from "./guard";
import { hasRole, type Role } from "./roles";

export type PageAccess = { principal: Principal; services: Services; allowed: boolean };

/** The signed-in user of a server-rendered page, or null. */
export async function pagePrincipal(): Promise<{ principal: Principal | null; services: Services }> {
  const incoming = await headers();
  const services = servicesFor(
    new Request("http://page.internal/", { headers: { [INSTANCE_HEADER]: incoming.get(INSTANCE_HEADER) ?? "" } }),
  );
  const result = await authenticate(authContextOf(services), {
    cookie: incoming.get("cookie"),
    authorization: incoming.get("authorization"),
  });
  return { principal: result.ok ? result.principal : null, services };
}

/**
 * For server components: sends visitors who are not signed in to /login (and back here after),
 * and tells the page whether the user's role is enough, so it can explain rather than 404.
 */
export async function requirePageRole(required: Role, path: string): Promise<PageAccess> {
  const { principal, services } = await pagePrincipal();
  if (!principal) redirect(`/login?next=${encodeURIComponent(path)}`);
  return { principal, services, allowed: hasRole(principal.role, required) };
}
