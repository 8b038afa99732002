import Link from "next/link";
import type { SessionInfo } from "@/lib/auth/session-info";
import { UserMenu } from "@/components/session/user-menu";
import { SiteNav, TopBarTitle } from "./top-bar";
import { type NavKey, siteNav } from "@/lib/ui/nav";

type Props = { title: string; subtitle?: string; current: NavKey; session: SessionInfo };

/** The desk pages' top bar, for pages without live metrics (reports, audit, admin). */
export function PageHeader({ title, subtitle, current, session }: Props) {
  return (
    <header className="topbar">
      <TopBarTitle title={title} subtitle={subtitle} />
      <SiteNav items={siteNav(current, session)} />
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
