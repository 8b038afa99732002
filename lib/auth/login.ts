import { z } from "zod";
import { hasControlCharacters } from "@/lib/http/control-characters";
import { errorResponse, json, readBodyWithLimit } from "@/lib/http/responses";
import { requestLogger } from "@/lib/log";
import { servicesFor } from "@/lib/services";
import { clearedSessionCookie, sessionCookie } from "./cookies";
import { checkOrigin } from "./csrf";
import { CLIENT_ADDRESS_HEADER } from "./gate";
import { allowedOrigins, requireRole, secureCookies } from "./guard";
import { PASSWORD_MAX_LENGTH } from "./passwords";
import { authRuntimeFor } from "./runtime";
import { createSession, deleteSession, LONG_SESSION_TTL_MS, SESSION_TTL_MS } from "./sessions";
import { disconnectSession } from "./socket";
import { checkCredentials } from "./users";

const loginBody = z.object({
  username: z.string({ message: "is required" }).trim().min(1, { message: "is required" }).max(64),
  password: z.string({ message: "is required" }).min(1, { message: "is required" }).max(PASSWORD_MAX_LENGTH),
  remember: z.union([z.boolean(), z.literal("on")]).optional(),
  next: z.string().optional(),
});

const PLACEHOLDER_ORIGIN = "http://same-origin.invalid";

/**
 * Only a path on this site, so a crafted login link cannot send the user elsewhere afterwards:
 * resolved against a placeholder origin, kept only if it stays there, answered normalised.
 */
export function safeNextPath(next: string | null | undefined): string {
  // Browsers read a backslash as "/", so "/" + backslash + "evil.example" would leave the site too.
  if (!next || next.length > 2048 || hasControlCharacters(next) || next.includes("\\") || !/^\/(?!\/)/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN);
  } catch {
    return "/";
  }
  return url.origin === PLACEHOLDER_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : "/";
}

/**
 * POST /api/auth/login, JSON `{username, password, remember?}` (the login page) or a plain HTML
 * form (works without JavaScript: answered with redirects). Failed attempts are counted per
 * username and address; a blocked client gets 429 before its password is even checked.
 */
export async function handleLogin(request: Request): Promise<Response> {
  const services = servicesFor(request);
  const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const originProblem = checkOrigin(request.headers.get("origin"), allowedOrigins(request, services));
  if (originProblem) return errorResponse(403, originProblem, { code: "csrf" });

  const text = (await readBodyWithLimit(request, 4096)) ?? "";
  let raw: unknown;
  try {
    raw = isForm ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text || "{}");
  } catch {
    return errorResponse(400, "The body must be JSON: {username, password}");
  }
  const rawNext = (raw as { next?: unknown } | null)?.next;
  if (typeof rawNext === "string" && hasControlCharacters(rawNext)) {
    return errorResponse(400, "next: must be a path on this site, without control characters", { field: "next" });
  }
  const parsed = loginBody.safeParse(raw);
  const next = safeNextPath(typeof rawNext === "string" ? rawNext : null);
  const formError = (error: string, extra = "") =>
    new Response(null, {
      status: 303,
      headers: { location: `/login?error=${error}${extra}&next=${encodeURIComponent(next)}`, "cache-control": "no-store" },
    });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || undefined;
    return isForm ? formError("missing") : errorResponse(400, `${field ?? "body"}: ${issue?.message ?? "invalid"}`, { field });
  }

  const { username, password, remember } = parsed.data;
  const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
  const { loginLimiter } = authRuntimeFor(request);
  const verdict = await loginLimiter.begin(username, address);
  if (!verdict.allowed) {
    requestLogger(request).warn({ username, address, retryAfterSeconds: verdict.retryAfterSeconds }, "Sign-in refused: too many attempts");
    if (isForm) return formError("rate-limited", `&retry=${verdict.retryAfterSeconds}`);
    const response = errorResponse(429, `Too many failed sign-ins: try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} min`, {
      code: "rate_limited",
    });
    response.headers.set("retry-after", String(verdict.retryAfterSeconds));
    return response;
  }

  const user = await checkCredentials(services.db.prisma, username, password);
  if (!user) {
    // Already counted by begin().
    requestLogger(request).info({ username, address }, "Sign-in failed: wrong username or password");
    return isForm ? formError("credentials") : errorResponse(401, "Wrong username or password", { code: "bad_credentials" });
  }
  await loginLimiter.recordSuccess(username, address, { begun: true });
  const session = await createSession(services.db.prisma, user.id, { ttlMs: remember ? LONG_SESSION_TTL_MS : SESSION_TTL_MS });
  const cookie = sessionCookie(session.cookieValue, { expiresAt: session.expiresAt, secure: secureCookies(request, services) });
  if (isForm) return new Response(null, { status: 303, headers: { location: next, "set-cookie": cookie, "cache-control": "no-store" } });
  return json(
    { user: { username: user.username, role: user.role }, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString(), next },
    { headers: { "set-cookie": cookie } },
  );
}

/** POST /api/auth/logout: ends this session (and its live connections) and clears the cookie. */
export async function handleLogout(request: Request): Promise<Response> {
  const principal = await requireRole(request, "viewer");
  if (principal instanceof Response) return principal;
  const services = servicesFor(request);
  if (principal.sessionId) {
    await deleteSession(services.db.prisma, principal.sessionId);
    disconnectSession(services.hub.io, principal.sessionId);
  }
  return json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie({ secure: secureCookies(request, services) }) } });
}
