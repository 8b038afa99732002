import { authenticate } from "@/lib/auth/authenticate";
import { authContextOf } from "@/lib/auth/guard";
import { checkHealth } from "@/lib/http/health";
import { json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

/**
 * Anyone (a load balancer) learns whether the instance can take callbacks; where its store is,
 * its workspace and its counters are for signed-in users and bearer tokens only.
 */
export async function GET(request: Request) {
  const services = servicesFor(request);
  const [{ status, body }, caller] = await Promise.all([
    checkHealth(services),
    // A store that is down cannot check a session: the caller then sees the status alone.
    authenticate(authContextOf(services), {
      cookie: request.headers.get("cookie"),
      authorization: request.headers.get("authorization"),
    }).catch(() => ({ ok: false as const })),
  ]);
  return json(caller.ok ? body : { status: body.status }, { status });
}
