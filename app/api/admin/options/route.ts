import { actionOptions } from "@/lib/admin/options";
import { requireRole } from "@/lib/auth/guard";
import { json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

/** Queues, agents and activities by name, for the action dialogs. */
export async function GET(request: Request) {
  const principal = await requireRole(request, "supervisor");
  if (principal instanceof Response) return principal;
  return json(actionOptions(servicesFor(request).live));
}
