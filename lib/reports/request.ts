import type { Services } from "@/lib/services";
import type { ReportContext } from "./context";
import { ReportDirectory } from "./directory";
import { sqlRunnerFor } from "./event-log";
import type { ReportParams } from "./params";

/** The context of one export on this instance: its store, and names from its live state. */
export function reportContextFor(services: Pick<Services, "db" | "live" | "env">, params: ReportParams, now = Date.now()): ReportContext {
  const snapshot = services.live.snapshot({ now, window: { kind: "minutes", minutes: 1 } });
  const directory = ReportDirectory.fromSnapshot(snapshot, {
    slaSeconds: services.env.metrics.slaSeconds,
    shortAbandonSeconds: services.env.metrics.shortAbandonSeconds,
  });
  return { run: sqlRunnerFor(services.db), workspaceSid: services.live.workspace.sid || null, params, directory, now };
}
