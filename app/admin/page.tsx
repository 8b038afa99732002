import { AdminConsole } from "@/components/admin/admin-console";
import { AlertsPanel } from "@/components/admin/alerts-panel";
import { ThresholdsPanel } from "@/components/admin/thresholds-panel";
import { effectiveAlertWebhook } from "@/lib/alerts/store";
import { Forbidden, PageHeader } from "@/components/chrome/page-header";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageRole } from "@/lib/auth/next-page";
import { REQUIRED_ROLE } from "@/lib/auth/roles";
import { sessionInfo } from "@/lib/auth/session-info";
import { listUsers } from "@/lib/auth/users";
import { storedQueueThresholds } from "@/lib/thresholds/store";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin" };

export default async function AdminPage() {
  const { principal, services, allowed } = await requirePageRole(REQUIRED_ROLE["users.manage"], "/admin");
  if (!allowed) return <Forbidden needed={REQUIRED_ROLE["users.manage"]} role={principal.role} />;
  const [users, tokens, stored, alerts] = await Promise.all([
    listUsers(services.db.prisma),
    listApiTokens(services.db.prisma),
    storedQueueThresholds(services.db.prisma),
    effectiveAlertWebhook(services.db.prisma, services.env.alertWebhook),
  ]);
  const queues = services.live
    .snapshot({ now: Date.now(), window: { kind: "minutes", minutes: 1 } })
    .queues.map(({ sid, friendlyName, slaSeconds }) => ({ sid, friendlyName, slaSeconds }));
  return (
    <main className="desk-page">
      <PageHeader
        title="Admin"
        subtitle="Who can see the wallboard, who can act on TaskRouter, and when a queue turns warning or critical"
        current="admin"
        session={sessionInfo(principal)}
      />
      <AdminConsole users={users} tokens={tokens} currentUserId={principal.userId} timezone={services.env.metrics.timezone} />
      <ThresholdsPanel queues={queues} configured={services.env.thresholds} stored={stored} />
      <AlertsPanel initial={alerts.summary} />
    </main>
  );
}
