"use client";

import type { ReactNode } from "react";
import type { LivePage } from "@/components/live/use-live-page";
import { ErrorState, OfflineBanner } from "@/components/states/error-state";
import type { NavItem } from "@/lib/ui/nav";
import { TopBar } from "./top-bar";

/** The whole page while a live view has no snapshot yet: connecting, unreachable or signed out. */
export function LivePageGate({
  page,
  returnTo,
  className = "desk-page loading",
}: {
  page: LivePage;
  returnTo: string;
  className?: string;
}) {
  const { live } = page;
  if (live.status === "unauthorized")
    return <ErrorState title="Sign-in needed" message="This view needs a signed-in user." detail={live.error} signIn returnTo={returnTo} />;
  if (live.status === "offline") {
    return (
      <ErrorState
        title="Can't reach the wallboard server"
        message="The server did not answer. Check that it is running and reachable from this screen."
        detail={live.error}
      />
    );
  }
  return (
    <main className={className} data-testid="page-loading">
      <p>Connecting to the wallboard server…</p>
    </main>
  );
}

type HeaderProps = { page: LivePage; title: string; subtitle?: string; nav?: NavItem[]; actions?: ReactNode; timezone: string };

/** A live page's top bar (connection state, server clock) and, while the server is unreachable, the banner under it. */
export function LivePageHeader({ page, title, subtitle, nav, actions, timezone }: HeaderProps) {
  return (
    <>
      <TopBar
        title={title}
        subtitle={subtitle}
        nav={nav}
        status={page.live.status}
        lastUpdateAt={page.live.lastUpdateAt}
        now={page.now}
        clockMs={page.clockMs}
        timezone={timezone}
        actions={actions}
      />
      <OfflineBanner live={page.live} timezone={timezone} />
    </>
  );
}
