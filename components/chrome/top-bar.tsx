"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ConnectionIndicator } from "@/components/live/connection-indicator";
import { SyncMark } from "@/components/live/sync-mark";
import type { LiveStatus } from "@/components/live/use-live-snapshot";
import { formatClockTime, formatDay, formatTimezoneLabel } from "@/lib/ui/format";

type Props = {
  title: string;
  subtitle?: string;
  /** Desk pages show navigation; the TV wallboard does not. */
  nav?: { href: string; label: string; current?: boolean }[];
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
      <div className="topbar-title">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden>
          <rect width="32" height="32" rx="8" fill="#e0293f" />
          <rect x="7" y="17" width="4" height="8" rx="1" fill="#fff" opacity="0.92" />
          <rect x="14" y="11" width="4" height="14" rx="1" fill="#fff" opacity="0.92" />
          <rect x="21" y="7" width="4" height="18" rx="1" fill="#fff" opacity="0.92" />
        </svg>
        <div>
          <h1>{title}</h1>
          {subtitle ? <p className="topbar-subtitle">{subtitle}</p> : null}
        </div>
      </div>
      {nav && nav.length > 0 ? (
        <nav className="topbar-nav" aria-label="Views">
          {nav.map((item) => (
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
      ) : null}
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
