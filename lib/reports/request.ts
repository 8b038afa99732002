import type { Logger } from "pino";
import { errorResponse } from "@/lib/http/responses";
import { errorFields } from "@/lib/log";
import type { Services } from "@/lib/services";
import type { ReportContext } from "./context";
import { csvStream } from "./stream";
import { ReportDirectory } from "./directory";
import { sqlRunnerFor } from "./event-log";
import { releasingWhenDone } from "./export-slots";
import { buildReport, reportFilename } from ".";
import { isReportKind, REPORT_KINDS, type ReportKind, type ReportParams } from "./params";

/** The context of one export on this instance: its store, and names from its live state. */
export function reportContextFor(services: Pick<Services, "db" | "live" | "env">, params: ReportParams, now = Date.now()): ReportContext {
  const snapshot = services.live.snapshot({ now, window: { kind: "minutes", minutes: 1 } });
  const directory = ReportDirectory.fromSnapshot(snapshot, {
    slaSeconds: services.env.metrics.slaSeconds,
    shortAbandonSeconds: services.env.metrics.shortAbandonSeconds,
  });
  return { run: sqlRunnerFor(services.db), workspaceSid: services.live.workspace.sid || null, params, directory, now };
}

/** `<kind>.csv` → the report's kind; null for any other file name. */
export function reportKindOf(file: string): ReportKind | null {
  const kind = file.endsWith(".csv") ? file.slice(0, -".csv".length) : null;
  return kind !== null && isReportKind(kind) ? kind : null;
}

export const unknownReport = (file: string): Response =>
  errorResponse(404, `No report ${JSON.stringify(file)}; reports are ${REPORT_KINDS.map((k) => `${k}.csv`).join(", ")}`, {
    field: "kind",
  });

export const tooManyExports = (): Response =>
  errorResponse(429, "You already have exports running: wait for one to finish, then try again", { code: "too_many_exports" });

/** One export as a streamed CSV download; `release` frees the caller's export slot when the stream ends. */
export function csvReportResponse(
  kind: ReportKind,
  context: ReportContext,
  { release, log }: { release: () => void; log: Logger },
): Response {
  const report = buildReport(kind, context);
  const body = csvStream(report.columns, releasingWhenDone(report.batches, release), {
    onError: (error) => log.error({ report: kind, ...errorFields(error) }, "Report failed mid-stream"),
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${reportFilename(kind, context.params)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
