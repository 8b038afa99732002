import { runAdminAction } from "@/lib/admin/action";
import { createUserAction } from "@/lib/admin/manage-users";
import { requireRole } from "@/lib/auth/guard";
import { listUsers } from "@/lib/auth/users";
import { json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const principal = await requireRole(request, "admin");
  if (principal instanceof Response) return principal;
  return json({ users: await listUsers(servicesFor(request).db.prisma) });
}

export function POST(request: Request) {
  return runAdminAction(request, createUserAction, "new");
}
