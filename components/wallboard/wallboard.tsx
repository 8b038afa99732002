"use client";

import { type ReactNode, useMemo } from "react";
import { RecentChanges } from "@/components/admin/recent-changes";
import { AgentsChart, ArrivalsChart, ServiceLevelChart, WaitingChart } from "@/components/charts/wallboard-charts";
import { TopBar } from "@/components/chrome/top-bar";
import { useNow } from "@/components/live/use-now";
import { useLiveSnapshot } from "@/components/live/use-live-snapshot";
import { useSeries } from "@/components/live/use-series";
import { serverTime } from "@/components/live/server-time";
import type { SetupInfo } from "@/components/server/page-context";
import { ErrorState, OfflineBanner } from "@/components/states/error-state";
import { SetupHint } from "@/components/states/setup-hint";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import type { Thresholds } from "@/lib/ui/thresholds";
import { looksEmpty, queueRowModel, totalsModel } from "@/lib/ui/wallboard";
import { QueueTable } from "./queue-table";
import { TotalsStrip } from "./totals-strip";

type Props = {
  thresholds: Thresholds;
  setup: SetupInfo | null;
  initialSnapshot: MetricsSnapshot | null;
  /** TV mode (default): no navigation, no cursor, nothing to click. Desk mode: links to the detail views. */
  tv: boolean;
  /** Shows the feed of recent manual changes (admin actions) under the charts, on this page's socket. */
  showRecentChanges?: boolean;
  /** Slot for the signed-in user's menu. */
  actions?: ReactNode;
};

export function Wallboard({ thresholds, setup, initialSnapshot, tv, showRecentChanges = false, actions }: Props) {
  const live = useLiveSnapshot({ initialSnapshot, view: "board" });
  const now = useNow();
  const recent = useSeries({ minutes: 60, stepSeconds: 60 }, { refreshMs: 15_000, reloadKey: live.connectionCount });
  const today = useSeries({ minutes: null, stepSeconds: 300, intervalMinutes: 15 }, { refreshMs: 60_000, reloadKey: live.connectionCount });
  const { snapshot } = live;

  const { clockMs, elapsedSeconds } = serverTime(live, now);
  const rows = useMemo(
    () => (snapshot ? snapshot.queues.map((queue) => queueRowModel(queue, thresholds, elapsedSeconds)) : []),
    [snapshot, thresholds, elapsedSeconds],
  );
  const totals = useMemo(
    () => (snapshot ? totalsModel(snapshot, thresholds, elapsedSeconds) : null),
    [snapshot, thresholds, elapsedSeconds],
  );

  if (!snapshot || !totals) {
    if (live.status === "unauthorized")
      return <ErrorState title="Sign-in needed" message="This wallboard needs a signed-in user." detail={live.error} signIn />;
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
      <main className="wallboard loading" data-testid="wallboard-loading">
        <p>Connecting to the wallboard server…</p>
      </main>
    );
  }

  const timezone = snapshot.timezone;
  const empty = looksEmpty(snapshot);
  const unreachable = live.status === "offline" || live.status === "reconnecting";

  return (
    <main
      className={`wallboard ${tv ? "tv" : "desk"} ${unreachable ? "is-stale" : ""}`}
      data-testid="wallboard"
      data-generated-at={snapshot.generatedAt}
    >
      <TopBar
        title={snapshot.workspace.friendlyName || "Contact centre"}
        subtitle={tv ? undefined : "Wallboard"}
        nav={
          tv
            ? undefined
            : [
                { href: "/?tv=0", label: "Wallboard", current: true },
                { href: "/agents", label: "Agents" },
              ]
        }
        status={live.status}
        lastUpdateAt={live.lastUpdateAt}
        now={now}
        clockMs={clockMs}
        timezone={timezone}
        actions={actions}
      />
      <OfflineBanner live={live} timezone={timezone} />
      <TotalsStrip totals={totals} />
      <div className="board-main">
        <QueueTable rows={rows} linkQueues={!tv} />
        <aside className={`board-side ${showRecentChanges ? "with-feed" : ""}`} aria-label="Trends">
          {empty ? (
            <SetupHint setup={setup} />
          ) : (
            <>
              <WaitingChart series={recent.series} error={recent.error} timezone={timezone} current={totals.waiting} />
              <ServiceLevelChart
                series={today.series}
                error={today.error}
                timezone={timezone}
                targetPercent={thresholds.serviceLevel.targetPercent}
                current={totals.serviceLevelPercent}
              />
              <AgentsChart series={recent.series} error={recent.error} timezone={timezone} />
              <ArrivalsChart series={today.series} error={today.error} timezone={timezone} />
            </>
          )}
          {showRecentChanges ? (
            <section className="recent-changes" aria-label="Recent manual changes">
              {live.socket ? <RecentChanges socket={live.socket} timezone={timezone} limit={tv ? 4 : 6} /> : null}
            </section>
          ) : null}
        </aside>
      </div>
    </main>
  );
}
