import { DateTime } from "luxon";
import { requirePageRole } from "@/lib/auth/next-page";
import { ReportsView } from "@/components/reports/reports-view";
import { reportColumns } from "@/lib/reports";
import { ReportDirectory } from "@/lib/reports/directory";
import { MAX_RANGE_DAYS } from "@/lib/reports/params";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reports" };

/** `/reports`, for the viewer role and up (every signed-in user). */
export default async function ReportsPage() {
  const { services } = await requirePageRole("viewer", "/reports");
  const timezone = services.env.metrics.timezone;
  const snapshot = services.live.snapshot({ now: Date.now(), window: { kind: "minutes", minutes: 1 } });
  const directory = ReportDirectory.fromSnapshot(snapshot, {
    slaSeconds: services.env.metrics.slaSeconds,
    shortAbandonSeconds: services.env.metrics.shortAbandonSeconds,
  });
  return (
    <ReportsView
      workspaceName={snapshot.workspace.friendlyName}
      queues={snapshot.queues.map(({ sid, friendlyName }) => ({ sid, friendlyName }))}
      defaultTimezone={timezone}
      today={DateTime.now().setZone(timezone).toFormat("yyyy-LL-dd")}
      maxRangeDays={MAX_RANGE_DAYS}
      columns={reportColumns(directory)}
    />
  );
}
