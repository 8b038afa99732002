import { sessionInfo } from "@/lib/auth/session-info";
import { json } from "@/lib/http/responses";
import { withRole } from "@/lib/http/with-role";

export const dynamic = "force-dynamic";

/** Who the caller is, what they may do, and the CSRF token for their writes. */
export const GET = withRole("viewer", ({ principal, services }) => json(sessionInfo(principal, services.reassignRouting)));
