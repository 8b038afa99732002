"use client";

import { type ReactNode, useCallback, useMemo, useState } from "react";
import { RecentChanges } from "@/components/admin/recent-changes";
import { AgentsChart, ArrivalsChart, ServiceLevelChart, WaitingChart } from "@/components/charts/wallboard-charts";
import { LivePageGate, LivePageHeader } from "@/components/chrome/live-page";
import { useLivePage } from "@/components/live/use-live-page";
import { useLiveThresholds } from "@/components/live/use-live-thresholds";
import { useSeries } from "@/components/live/use-series";
import type { InitialSeries, SetupInfo } from "@/components/server/page-context";
import { SetupHint } from "@/components/states/setup-hint";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import type { NavItem } from "@/lib/ui/nav";
import { RECENT_SERIES, TODAY_SERIES } from "@/lib/ui/series-query";
import type { Thresholds } from "@/lib/ui/thresholds";
import {
  type BoardSort,
  type BoardSortKey,
  boardSortQuery,
  looksEmpty,
  nextBoardSort,
  queueRowModel,
  sortQueueRows,
  totalsModel,
  windowLabel,
} from "@/lib/ui/wallboard";
import { latestServiceLevel } from "@/lib/ui/charts";
import { NotifyToggle } from "./notify-toggle";
import { WindowSelect } from "./window-select";
import { QueueTable } from "./queue-table";
import { useBoardAlerts } from "./use-board-alerts";
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
  /** Desk mode's links to the other views. */
  nav?: NavItem[];
  /** The charts' first series, rendered on the server. */
  initialSeries?: InitialSeries;
  /** Row order from the URL (`?sort=`); desk mode changes it and keeps it in the URL. */
  initialSort?: BoardSort;
  /** Rolling window (`?window=30`): service level and counts over the last N minutes; null: today. */
  windowMinutes?: number | null;
  /** `?sound=1`: a tone when a queue turns critical (boards that opt in). */
  sound?: boolean;
};

export function Wallboard({
  thresholds: initialThresholds,
  setup,
  initialSnapshot,
  tv,
  showRecentChanges = false,
  actions,
  nav,
  initialSeries,
  initialSort = null,
  windowMinutes = null,
  sound = false,
}: Props) {
  const [sort, setSort] = useState<BoardSort>(initialSort);
  // The order lives in the address bar, so the board can be bookmarked or shared as it is.
  const changeSort = useCallback(
    (key: BoardSortKey) => {
      const next = nextBoardSort(sort, key);
      setSort(next);
      window.history.replaceState(null, "", `${window.location.pathname}${boardSortQuery(window.location.search, next)}`);
    },
    [sort],
  );
  const page = useLivePage({ initialSnapshot, view: "board", minutes: windowMinutes });
  const { live, elapsedSeconds } = page;
  const thresholds = useLiveThresholds(initialThresholds, live.socket);
  const recent = useSeries(RECENT_SERIES, { refreshMs: 15_000, reloadKey: live.connectionCount, initial: initialSeries?.recent });
  const today = useSeries(TODAY_SERIES, { refreshMs: 60_000, reloadKey: live.connectionCount, initial: initialSeries?.today });
  const { snapshot } = live;

  const rows = useMemo(
    () =>
      snapshot
        ? sortQueueRows(
            snapshot.queues.map((queue) => queueRowModel(queue, thresholds, elapsedSeconds, snapshot.workers)),
            sort,
          )
        : [],
    [snapshot, thresholds, elapsedSeconds, sort],
  );
  useBoardAlerts(rows, { sound });
  const totals = useMemo(
    () => (snapshot ? totalsModel(snapshot, thresholds, elapsedSeconds) : null),
    [snapshot, thresholds, elapsedSeconds],
  );

  if (!snapshot || !totals) return <LivePageGate page={page} returnTo={tv ? "/" : "/?tv=0"} className="wallboard loading" />;

  const timezone = snapshot.timezone;
  const empty = looksEmpty(snapshot);
  const unreachable = live.status === "offline" || live.status === "reconnecting";

  return (
    <main
      className={`wallboard ${tv ? "tv" : "desk"} ${unreachable ? "is-stale" : ""}`}
      data-testid="wallboard"
      data-generated-at={snapshot.generatedAt}
    >
      <LivePageHeader
        page={page}
        title={snapshot.workspace.friendlyName || "Contact centre"}
        subtitle={tv ? undefined : "Wallboard"}
        nav={tv ? undefined : nav}
        timezone={timezone}
        actions={
          tv ? (
            actions
          ) : (
            <>
              <WindowSelect minutes={windowMinutes} />
              <NotifyToggle />
              {actions}
            </>
          )
        }
      />
      <TotalsStrip totals={totals} span={windowLabel(windowMinutes)} />
      <div className="board-main">
        <QueueTable
          rows={rows}
          linkQueues={!tv}
          sort={sort}
          onSort={tv ? undefined : changeSort}
          span={windowMinutes === null ? null : windowLabel(windowMinutes)}
        />
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
                // The chart is today's: with a rolling window on the tiles, its head says today's figure.
                current={windowMinutes === null ? totals.serviceLevelPercent : latestServiceLevel(today.series)}
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
