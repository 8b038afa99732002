import { DateTime } from "luxon";
import { PageHeader } from "@/components/chrome/page-header";
import { requirePageRole } from "@/lib/auth/next-page";
import { sessionInfo } from "@/lib/auth/session-info";
import { ReportsView } from "@/components/reports/reports-view";
import { reportColumns } from "@/lib/reports";
import { ReportDirectory } from "@/lib/reports/directory";
import { MAX_RANGE_DAYS } from "@/lib/reports/params";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reports" };

/** `/reports`, for the viewer role and up (every signed-in user). */
export default async function ReportsPage() {
  const { principal, services } = await requirePageRole("viewer", "/reports");
  const timezone = services.env.metrics.timezone;
  const snapshot = services.live.snapshot({ now: Date.now(), window: { kind: "minutes", minutes: 1 } });
  const directory = ReportDirectory.fromSnapshot(snapshot, {
    slaSeconds: services.env.metrics.slaSeconds,
    shortAbandonSeconds: services.env.metrics.shortAbandonSeconds,
  });
  return (
    <ReportsView
      header={
        <PageHeader
          title="Reports"
          subtitle={`${snapshot.workspace.friendlyName} · CSV exports of the event log`}
          current="reports"
          session={sessionInfo(principal)}
        />
      }
      queues={snapshot.queues.map(({ sid, friendlyName }) => ({ sid, friendlyName }))}
      defaultTimezone={timezone}
      today={DateTime.now().setZone(timezone).toFormat("yyyy-LL-dd")}
      maxRangeDays={MAX_RANGE_DAYS}
      retention={{
        days: services.env.eventRetentionDays,
        earliest: DateTime.now().setZone(timezone).minus({ days: services.env.eventRetentionDays }).toFormat("yyyy-LL-dd"),
      }}
      columns={reportColumns(directory)}
    />
  );
}
