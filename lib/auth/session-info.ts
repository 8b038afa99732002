import type { ReassignRouting } from "@/lib/admin/reassign-routing";
import type { Principal } from "./authenticate";
import { type Capability, can, REQUIRED_ROLE, type Role } from "./roles";

/** What the browser learns about itself (GET /api/auth/session): enough to show or hide actions. */
export type SessionInfo = {
  user: { name: string; role: Role };
  via: Principal["via"];
  /** Copy into the X-CSRF-Token header on every POST/PATCH/DELETE. */
  csrfToken: string | null;
  expiresAt: string | null;
  can: Record<Capability, boolean>;
  /** Why a task cannot be moved to a queue or an agent in this workspace (null: it can); absent when not known. */
  reassign?: ReassignRouting;
};

export function sessionInfo(principal: Principal, reassign?: ReassignRouting): SessionInfo {
  const capabilities = Object.fromEntries(
    Object.keys(REQUIRED_ROLE).map((capability) => [capability, can(principal.role, capability as Capability)]),
  );
  return {
    user: { name: principal.actor, role: principal.role },
    via: principal.via,
    csrfToken: principal.csrfToken,
    expiresAt: principal.expiresAt?.toISOString() ?? null,
    can: capabilities as Record<Capability, boolean>,
    ...(reassign ? { reassign } : {}),
  };
}
