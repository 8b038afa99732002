/** Roles in increasing order of power: each role can do everything the roles before it can. */
export const ROLES = ["viewer", "supervisor", "admin"] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `actual` is `required` or above it. */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/**
 * The least role each protected capability needs. Routes enforce it and the UI reads it to hide
 * what a user cannot do, so the two cannot disagree. Supervisors act on stuck tasks and agents;
 * cancelling a task and managing users and tokens are admin-only.
 */
export const REQUIRED_ROLE = {
  read: "viewer",
  "audit.read": "supervisor",
  "task.priority": "supervisor",
  "task.reassign": "supervisor",
  "worker.activity": "supervisor",
  "task.cancel": "admin",
  "users.manage": "admin",
  "tokens.manage": "admin",
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof REQUIRED_ROLE;

export function can(role: Role, capability: Capability): boolean {
  return hasRole(role, REQUIRED_ROLE[capability]);
}
