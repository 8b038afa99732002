import Link from "next/link";
import type { SessionInfo } from "@/lib/auth/session-info";
import { UserMenu } from "./user-menu";
import { BrandMark } from "./brand-mark";

type Props = { title: string; subtitle?: string; current: "audit" | "admin"; session: SessionInfo };

/** The desk pages' top bar, for pages without live metrics (audit, admin). */
export function PageHeader({ title, subtitle, current, session }: Props) {
  const nav = [
    { href: "/?tv=0", label: "Wallboard", key: "wallboard" },
    { href: "/agents", label: "Agents", key: "agents" },
    ...(session.can["audit.read"] ? [{ href: "/audit", label: "Audit", key: "audit" }] : []),
    ...(session.can["users.manage"] ? [{ href: "/admin", label: "Users & tokens", key: "admin" }] : []),
  ];
  return (
    <header className="topbar">
      <div className="topbar-title">
        <BrandMark />
        <div>
          <h1>{title}</h1>
          {subtitle ? <p className="topbar-subtitle">{subtitle}</p> : null}
        </div>
      </div>
      <nav className="topbar-nav" aria-label="Views">
        {nav.map((item) => (
          <Link
            key={item.key}
            href={item.href}
            className={item.key === current ? "current" : undefined}
            aria-current={item.key === current ? "page" : undefined}
          >
            {item.label}
          </Link>
        ))}
      </nav>
      <div className="topbar-end">
        <UserMenu session={session} links={false} />
      </div>
    </header>
  );
}

/** Shown instead of a page the user's role does not reach. */
export function Forbidden({ needed, role }: { needed: string; role: string }) {
  return (
    <main className="state-page" data-testid="forbidden">
      <div className="state-card">
        <span className="state-icon" aria-hidden>
          !
        </span>
        <h1>Not for your role</h1>
        <p>
          This page needs the {needed} role; you are signed in as {role}. Ask an admin if you need it.
        </p>
        <Link className="button" href="/">
          Back to the wallboard
        </Link>
      </div>
    </main>
  );
}
