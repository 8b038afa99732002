import { handleLogin } from "@/lib/auth/login";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleLogin(request);
}
