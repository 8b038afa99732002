import { handleLogout } from "@/lib/auth/login";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleLogout(request);
}
