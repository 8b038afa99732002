import { AuditLog } from "@/components/admin/audit-log";
import { Forbidden, PageHeader } from "@/components/chrome/page-header";
import { listAudit } from "@/lib/admin/audit";
import { requirePageRole } from "@/lib/auth/next-page";
import { REQUIRED_ROLE } from "@/lib/auth/roles";
import { sessionInfo } from "@/lib/auth/session-info";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

export default async function AuditPage() {
  const { principal, services, allowed } = await requirePageRole(REQUIRED_ROLE["audit.read"], "/audit");
  if (!allowed) return <Forbidden needed={REQUIRED_ROLE["audit.read"]} role={principal.role} />;
  const initial = await listAudit(services.db.prisma, { limit: 50 });
  return (
    <main className="desk-page">
      <PageHeader
        title="Audit log"
        subtitle="Every manual change: who, when, what, before and after, and whether TaskRouter accepted it"
        current="audit"
        session={sessionInfo(principal)}
      />
      <AuditLog initial={initial} timezone={services.env.metrics.timezone} />
    </main>
  );
}
