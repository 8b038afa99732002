import { headers } from "next/headers";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { INSTANCE_HEADER, type Services, servicesFor } from "@/lib/services";
import { parseThresholds, THRESHOLDS_ENV_VAR, type Thresholds } from "@/lib/ui/thresholds";
import { DEFAULT_THRESHOLDS } from "@/lib/ui/thresholds";

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
  /** A bad DASHBOARD_THRESHOLDS: the board uses the defaults and says why. */
  thresholdsProblem: string | null;
  setup: SetupInfo | null;
  /** Rendered on the server so the first paint has numbers; the socket takes over at once. */
  initialSnapshot: MetricsSnapshot | null;
};

/** Server-side: the page's thresholds, setup hints and first snapshot (server components only). */
export async function loadPageContext({ queueSid }: { queueSid?: string } = {}): Promise<PageContext> {
  const parsed = parseThresholds(process.env[THRESHOLDS_ENV_VAR]);
  const thresholds = parsed.ok ? parsed.thresholds : DEFAULT_THRESHOLDS;
  const thresholdsProblem = parsed.ok ? null : parsed.message;
  const services = await currentServices();
  if (!services) return { thresholds, thresholdsProblem, setup: null, initialSnapshot: null };
  const initialSnapshot = services.live.snapshot({ now: Date.now(), window: { kind: "today" }, ...(queueSid ? { queueSid } : {}) });
  return {
    thresholds,
    thresholdsProblem,
    setup: {
      mode: services.env.mode,
      simulatorOn: services.env.simulator.enabled,
      callbackUrl: `${services.publicBaseUrl}/api/taskrouter/events`,
      publicBaseUrlSet: services.env.publicBaseUrl !== null,
    },
    initialSnapshot,
  };
}

/** The services of the instance serving this request; null under a plain `next start`. */
async function currentServices(): Promise<Services | null> {
  const instance = (await headers()).get(INSTANCE_HEADER);
  if (!instance) return null;
  try {
    return servicesFor(new Request("http://wallboard.internal/", { headers: { [INSTANCE_HEADER]: instance } }));
  } catch {
    return null;
  }
}
