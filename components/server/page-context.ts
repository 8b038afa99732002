import { headers } from "next/headers";
import { pagePrincipal } from "@/lib/auth/next-page";
import { type SessionInfo, sessionInfo } from "@/lib/auth/session-info";
import type { MetricsSeries, MetricsSnapshot } from "@/lib/metrics/types";
import { INSTANCE_HEADER, type Services, servicesById } from "@/lib/services";
import { effectiveThresholds } from "@/lib/thresholds/store";
import { RECENT_SERIES, seriesOptions, TODAY_SERIES } from "@/lib/ui/series-query";
import { DEFAULT_THRESHOLDS, type Thresholds } from "@/lib/ui/thresholds";

/** What an empty board needs to tell an operator how to get events flowing. */
export type SetupInfo = {
  mode: "embedded" | "twilio";
  simulatorOn: boolean;
  /** `<PUBLIC_BASE_URL>/api/taskrouter/events`, as this instance computes it. */
  callbackUrl: string;
  publicBaseUrlSet: boolean;
};

export type PageContext = {
  thresholds: Thresholds;
  setup: SetupInfo | null;
  /** Rendered on the server so the first paint has numbers; the socket takes over at once. */
  initialSnapshot: MetricsSnapshot | null;
  /** The signed-in user (the request gate lets no one else through), for menus and actions. */
  session: SessionInfo | null;
  /** Every queue of the workspace (a queue page's snapshot holds only its own), for "move to queue". */
  queueOptions: { sid: string; friendlyName: string }[];
  /** The charts' first series (RECENT_SERIES, TODAY_SERIES), rendered with the page. */
  initialSeries: InitialSeries;
};

export type InitialSeries = { recent: MetricsSeries | null; today: MetricsSeries | null };

/** Server-side: the page's thresholds, setup hints and first snapshot (server components only). */
export async function loadPageContext({
  queueSid,
  withSeries = false,
  minutes = null,
}: {
  queueSid?: string;
  withSeries?: boolean;
  /** The first snapshot over the last N minutes instead of today (a board's rolling window). */
  minutes?: number | null;
} = {}): Promise<PageContext> {
  const services = await currentServices();
  // The server validated DASHBOARD_THRESHOLDS at start; without services there is nothing to colour.
  const configured = services?.env.thresholds ?? DEFAULT_THRESHOLDS;
  if (!services)
    return {
      thresholds: configured,
      setup: null,
      initialSnapshot: null,
      session: null,
      queueOptions: [],
      initialSeries: { recent: null, today: null },
    };
  const thresholds = await effectiveThresholds(services.db.prisma, configured);
  const now = Date.now();
  const window = minutes ? ({ kind: "minutes", minutes } as const) : ({ kind: "today" } as const);
  const initialSnapshot = services.live.snapshot({ now, window, ...(queueSid ? { queueSid } : {}) });
  const workspace = queueSid ? services.live.snapshot({ now, window: { kind: "minutes", minutes: 1 } }) : initialSnapshot;
  return {
    thresholds,
    setup: {
      mode: services.env.mode,
      simulatorOn: services.env.simulator.enabled,
      callbackUrl: `${services.publicBaseUrl}/api/taskrouter/events`,
      publicBaseUrlSet: services.env.publicBaseUrl !== null,
    },
    initialSnapshot,
    session: await currentSession(services),
    queueOptions: workspace.queues.map(({ sid, friendlyName }) => ({ sid, friendlyName })),
    initialSeries: withSeries
      ? {
          recent: services.live.series(seriesOptions({ ...RECENT_SERIES, queueSid }, now, services.live.settings.timezone)),
          today: services.live.series(seriesOptions({ ...TODAY_SERIES, queueSid }, now, services.live.settings.timezone)),
        }
      : { recent: null, today: null },
  };
}

async function currentSession(services: Services): Promise<SessionInfo | null> {
  try {
    const { principal } = await pagePrincipal();
    return principal ? sessionInfo(principal, services.reassignRouting) : null;
  } catch {
    return null;
  }
}

/** The services of the instance serving this request; null under a plain `next start`. */
async function currentServices(): Promise<Services | null> {
  return servicesById((await headers()).get(INSTANCE_HEADER));
}
