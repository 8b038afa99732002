import { runAdminAction } from "@/lib/admin/action";
import { createUserAction } from "@/lib/admin/manage-users";
import { listUsers } from "@/lib/auth/users";
import { json } from "@/lib/http/responses";
import { withRole } from "@/lib/http/with-role";

export const dynamic = "force-dynamic";

export const GET = withRole("admin", async ({ services }) => json({ users: await listUsers(services.db.prisma) }));

export function POST(request: Request) {
  return runAdminAction(request, createUserAction, "new");
}
