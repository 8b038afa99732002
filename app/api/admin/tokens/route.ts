import { runAdminAction } from "@/lib/admin/action";
import { createTokenAction } from "@/lib/admin/manage-tokens";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { json } from "@/lib/http/responses";
import { withRole } from "@/lib/http/with-role";

export const dynamic = "force-dynamic";

export const GET = withRole("admin", async ({ services }) => json({ tokens: await listApiTokens(services.db.prisma) }));

/** `{name, role}` → 201 with `token`, shown this once. */
export function POST(request: Request) {
  return runAdminAction(request, createTokenAction, "new");
}
