import { AdminConsole } from "@/components/admin/admin-console";
import { Forbidden, PageHeader } from "@/components/chrome/page-header";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageRole } from "@/lib/auth/next-page";
import { REQUIRED_ROLE } from "@/lib/auth/roles";
import { sessionInfo } from "@/lib/auth/session-info";
import { listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users & tokens" };

export default async function AdminPage() {
  const { principal, services, allowed } = await requirePageRole(REQUIRED_ROLE["users.manage"], "/admin");
  if (!allowed) return <Forbidden needed={REQUIRED_ROLE["users.manage"]} role={principal.role} />;
  const [users, tokens] = await Promise.all([listUsers(services.db.prisma), listApiTokens(services.db.prisma)]);
  return (
    <main className="desk-page">
      <PageHeader
        title="Users & tokens"
        subtitle="Who can see the wallboard and who can act on TaskRouter"
        current="admin"
        session={sessionInfo(principal)}
      />
      <AdminConsole users={users} tokens={tokens} currentUserId={principal.userId} timezone={services.env.metrics.timezone} />
    </main>
  );
}
