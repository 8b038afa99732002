import { requireRole } from "@/lib/auth/guard";
import { sessionInfo } from "@/lib/auth/session-info";
import { json } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

/** Who the caller is, what they may do, and the CSRF token for their writes. */
export async function GET(request: Request) {
  const principal = await requireRole(request, "viewer");
  if (principal instanceof Response) return principal;
  return json(sessionInfo(principal));
}
