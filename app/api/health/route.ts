import { checkHealth } from "@/lib/http/health";
import { json } from "@/lib/http/responses";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { status, body } = await checkHealth(servicesFor(request));
  return json(body, { status });
}
