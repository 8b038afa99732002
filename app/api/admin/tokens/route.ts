import { runAdminAction } from "@/lib/admin/action";
import { createTokenAction } from "@/lib/admin/manage-tokens";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requireRole } from "@/lib/auth/guard";
import { json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const principal = await requireRole(request, "admin");
  if (principal instanceof Response) return principal;
  return json({ tokens: await listApiTokens(servicesFor(request).db.prisma) });
}

/** `{name, role}` → 201 with `token`, shown this once. */
export function POST(request: Request) {
  return runAdminAction(request, createTokenAction, "new");
}
