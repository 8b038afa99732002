/** The views every desk page links to, in one order, so every header reads the same. */
export type NavKey = "wallboard" | "agents" | "reports" | "audit" | "admin";

export type NavItem = { href: string; label: string; current?: boolean };

/** What the signed-in user may open (a SessionInfo's `can`, or nothing for a plain viewer). */
type Reach = { can: Partial<Record<"audit.read" | "users.manage", boolean>> } | null | undefined;

export function siteNav(current: NavKey | null, session: Reach): NavItem[] {
  const items: (NavItem & { key: NavKey })[] = [
    { key: "wallboard", href: "/?tv=0", label: "Wallboard" },
    { key: "agents", href: "/agents", label: "Agents" },
    { key: "reports", href: "/reports", label: "Reports" },
    ...(session?.can["audit.read"] ? [{ key: "audit" as const, href: "/audit", label: "Audit" }] : []),
    ...(session?.can["users.manage"] ? [{ key: "admin" as const, href: "/admin", label: "Admin" }] : []),
  ];
  return items.map(({ key, ...item }) => (key === current ? { ...item, current: true } : item));
}
