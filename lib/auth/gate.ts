import type { IncomingMessage, ServerResponse } from "node:http";
import { type AuthContext, authenticate } from "./authenticate";
import { hasRole, REQUIRED_ROLE, type Role } from "./roles";

/** Set by the server from the TCP peer (overwritten, never trusted from the client): keys the login limiter. */
export const CLIENT_ADDRESS_HEADER = "x-wallboard-client-address";

/** Open to anyone: the login page and its assets, health, and the callback (authenticated by its signature). */
const PUBLIC_PATHS = new Set([
  "/login",
  "/api/auth/login",
  "/api/health",
  "/api/taskrouter/events",
  "/favicon.ico",
  "/icon.svg",
  "/apple-icon.png",
  "/robots.txt",
  "/manifest.webmanifest",
]);
const PUBLIC_PREFIXES = ["/_next/static/"];

/** Pages above viewer: answered 403 here, so the status is right (a page can only render 200). */
const PAGE_ROLES: Record<string, Role> = { "/admin": REQUIRED_ROLE["users.manage"], "/audit": REQUIRED_ROLE["audit.read"] };

const forbiddenPage = (
  needed: Role,
  role: Role,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not for your role</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0a0e14;color:#e8eef6;font:16px system-ui,sans-serif}
main{max-width:520px;padding:40px;background:#111823;border:1px solid #1f2c3e;border-radius:16px;text-align:center}a{color:#60a5fa}</style></head>
<body><main><h1>Not for your role</h1><p>This page needs the ${needed} role; you are signed in as ${role}.</p><p><a href="/">Back to the wallboard</a></p></main></body></html>`;

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * The path as Next will route it: leading slashes collapsed, dot segments resolved. A target the
 * URL parser refuses (`http://[`) is returned as sent: it matches no public path, so it is denied.
 */
export function requestPathname(rawUrl: string | undefined): string {
  const path = ((rawUrl ?? "/").split("?")[0] ?? "/").replace(/^\/+/, "/");
  return URL.canParse(path, "http://gate") ? new URL(path, "http://gate").pathname : path;
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
    if (result.ok) {
      const needed = PAGE_ROLES[pathname];
      if (!needed || hasRole(result.principal.role, needed)) return true;
      res
        .writeHead(403, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
        .end(forbiddenPage(needed, result.principal.role));
      return false;
    }
    // Browsers never send Authorization to our pages: a wrong bearer token is a script, told 401.
    const wantsPage = !pathname.startsWith("/api/") && (req.method === "GET" || req.method === "HEAD") && !req.headers.authorization;
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
