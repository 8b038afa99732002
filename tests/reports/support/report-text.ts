import type { Database } from "@/lib/db/client";
import { buildReport, csvStream, parseReportParams, type ReportKind } from "@/lib/reports";
import { ReportDirectory } from "@/lib/reports/directory";
import { sqlRunnerFor } from "@/lib/reports/event-log";
import { WORKSPACE_SID } from "@/tests/support/events";
import { DEFAULT_SIDS, type ScenarioSids } from "./scenario";
import { parseCsvObjects } from "./csv-parse";

/** The directory the live state would give for the scenario's configuration. */
export function scenarioDirectory(sids: ScenarioSids = DEFAULT_SIDS): ReportDirectory {
  return new ReportDirectory(
    {
      queues: [
        { sid: sids.sales, friendlyName: "Sales", slaSeconds: 20, shortAbandonSeconds: 5 },
        { sid: sids.support, friendlyName: "Support", slaSeconds: 20, shortAbandonSeconds: 5 },
      ],
      workers: [],
      activities: [
        { ...sids.available, friendlyName: sids.available.name, available: true },
        { ...sids.break, friendlyName: sids.break.name, available: false },
        { ...sids.offline, friendlyName: sids.offline.name, available: false },
      ].map(({ sid, friendlyName, available }) => ({ sid, friendlyName, available })),
    },
    { slaSeconds: 20, shortAbandonSeconds: 5 },
  );
}

/** Runs one export straight on a database (no HTTP) and parses it back. */
export async function exportOnDatabase(
  db: Pick<Database, "driver">,
  kind: ReportKind,
  query: string,
  {
    directory = scenarioDirectory(),
    now = Date.now(),
    workspaceSid = WORKSPACE_SID,
  }: { directory?: ReportDirectory; now?: number; workspaceSid?: string | null } = {},
) {
  const parsed = parseReportParams(new URLSearchParams(query), { defaultTimezone: "UTC", now });
  if (!parsed.ok) throw new Error(`bad test query: ${parsed.error.message}`);
  const report = buildReport(kind, { run: sqlRunnerFor(db), workspaceSid, params: parsed.params, directory, now });
  const text = await new Response(csvStream(report.columns, report.batches)).text();
  return { text, ...parseCsvObjects(text) };
}
