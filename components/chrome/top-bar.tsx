"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { BrandMark } from "./brand-mark";
import { ConnectionIndicator } from "@/components/live/connection-indicator";
import { SyncMark } from "@/components/live/sync-mark";
import type { LiveStatus } from "@/components/live/use-live-snapshot";
import { formatClockTime, formatDay, formatTimezoneLabel } from "@/lib/ui/format";
import type { NavItem } from "@/lib/ui/nav";

type Props = {
  title: string;
  subtitle?: string;
  /** Desk pages show navigation; the TV wallboard does not. */
  nav?: NavItem[];
  status: LiveStatus;
  lastUpdateAt: number | null;
  now: number | null;
  /** Server time to show on the clock (ticks with `now`). */
  clockMs: number | null;
  timezone: string;
  /** Slot for the signed-in user's menu (authentication adds it). */
  actions?: ReactNode;
};

export function TopBar({ title, subtitle, nav, status, lastUpdateAt, now, clockMs, timezone, actions }: Props) {
  return (
    <header className="topbar">
      <TopBarTitle title={title} subtitle={subtitle} />
      {nav && nav.length > 0 ? <SiteNav items={nav} /> : null}
      <div className="topbar-end">
        <ConnectionIndicator status={status} lastUpdateAt={lastUpdateAt} now={now} timezone={timezone} />
        <SyncMark />
        {clockMs !== null ? (
          <div className="clock" data-testid="clock">
            <span className="clock-time">{formatClockTime(clockMs, timezone)}</span>
            <span className="clock-zone">
              {formatDay(clockMs, timezone)} · {formatTimezoneLabel(clockMs, timezone)}
            </span>
          </div>
        ) : null}
        {actions}
      </div>
    </header>
  );
}

/** The views, as links; the current one marked for assistive tech too. */
export function SiteNav({ items }: { items: NavItem[] }) {
  return (
    <nav className="topbar-nav" aria-label="Views">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          className={item.current ? "current" : undefined}
          aria-current={item.current ? "page" : undefined}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

/** The brand mark, the page's title and its subtitle: the left of every top bar. */
export function TopBarTitle({ title, subtitle }: { title: string; subtitle?: string | undefined }) {
  return (
    <div className="topbar-title">
      <BrandMark />
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="topbar-subtitle">{subtitle}</p> : null}
      </div>
    </div>
  );
}
