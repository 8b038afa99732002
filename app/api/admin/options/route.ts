import { actionOptions } from "@/lib/admin/options";
import { json } from "@/lib/http/responses";
import { withRole } from "@/lib/http/with-role";

export const dynamic = "force-dynamic";

/** Queues, agents and activities by name, for the action dialogs. */
export const GET = withRole("supervisor", ({ services }) => json(actionOptions(services.live)));
