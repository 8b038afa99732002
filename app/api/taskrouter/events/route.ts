import { handleCallback } from "@/lib/ingest/handle-callback";
import { servicesFor } from "@/lib/services";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleCallback(request, servicesFor(request));
}
