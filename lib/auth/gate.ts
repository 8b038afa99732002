import type { IncomingMessage, ServerResponse } from "node:http";
import { type AuthContext, authenticate } from "./authenticate";

/** Set by the server from the TCP peer (overwritten, never trusted from the client): keys the login limiter. */
export const CLIENT_ADDRESS_HEADER = "x-wallboard-client-address";

/** Open to anyone: the login page and its assets, health, and the callback (authenticated by its signature). */
const PUBLIC_PATHS = new Set(["/login", "/api/auth/login", "/api/health", "/api/taskrouter/events", "/favicon.ico", "/robots.txt"]);
const PUBLIC_PREFIXES = ["/_next/static/"];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/** The path as Next will route it: leading slashes collapsed, dot segments resolved. */
export function requestPathname(rawUrl: string | undefined): string {
  const path = (rawUrl ?? "/").split("?")[0] ?? "/";
  return new URL(path.replace(/^\/+/, "/"), "http://gate").pathname;
}

/**
 * Deny by default, in front of Next: every page and API route needs a signed-in user or a bearer
 * token, so a new route is protected even before its author adds a role check. Pages send the
 * browser to /login; API routes answer 401. Roles above viewer are checked by each route and page.
 * Resolves true when the request may go on to Next.
 */
export function createRequestGate(context: () => AuthContext): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    const pathname = requestPathname(req.url);
    if (isPublicPath(pathname)) return true;
    const result = await authenticate(context(), { cookie: req.headers.cookie, authorization: req.headers.authorization });
    if (result.ok) return true;
    const wantsPage = !pathname.startsWith("/api/") && (req.method === "GET" || req.method === "HEAD");
    if (wantsPage) {
      const next = pathname === "/" ? "" : `?next=${encodeURIComponent(req.url ?? "/")}`;
      res.writeHead(303, { location: `/login${next}`, "cache-control": "no-store" }).end();
    } else {
      const body = JSON.stringify({ error: { message: result.reason, code: "unauthenticated" } });
      res
        .writeHead(401, { "content-type": "application/json", "cache-control": "no-store", "www-authenticate": 'Bearer realm="wallboard"' })
        .end(body);
    }
    return false;
  };
}
