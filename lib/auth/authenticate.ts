import type { PrismaClient } from "@/generated/prisma/client";
import { findApiToken } from "./api-tokens";
import { parseCookies, SESSION_COOKIE } from "./cookies";
import type { Role } from "./roles";
import { secretsEqual } from "./secrets";
import { findSession } from "./sessions";

/** Who is asking: a signed-in user, or a script with a bearer token. */
export type Principal = {
  via: "session" | "api-token" | "env-token";
  /** "Who" in the audit log: the username, `token:<name>`, or DASHBOARD_API_TOKEN. */
  actor: string;
  role: Role;
  userId: string | null;
  sessionId: string | null;
  /** The session's CSRF token; null for bearer tokens, which browsers never send on their own. */
  csrfToken: string | null;
  expiresAt: Date | null;
  /** The API token's id (its live connections end when it is revoked). */
  tokenId?: string | null;
};

export type AuthContext = { prisma: PrismaClient; envApiToken: string | undefined; now?: number };

/** What a request or socket handshake carries. */
export type Credentials = { cookie?: string | null | undefined; authorization?: string | null | undefined };

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: string };

export const ENV_TOKEN_ACTOR = "DASHBOARD_API_TOKEN";

/**
 * A bearer token, when one is sent, decides alone (a wrong token is never rescued by a cookie);
 * otherwise the session cookie.
 */
export async function authenticate(context: AuthContext, credentials: Credentials): Promise<AuthResult> {
  const now = context.now ?? Date.now();
  const authorization = credentials.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) return { ok: false, reason: "Authorization must be `Bearer <token>`" };
    return authenticateToken(context, match[1], now);
  }
  const cookieValue = parseCookies(credentials.cookie).get(SESSION_COOKIE);
  if (!cookieValue) return { ok: false, reason: "Sign in, or send Authorization: Bearer <token>" };
  const session = await findSession(context.prisma, cookieValue, now);
  if (!session) return { ok: false, reason: "Your session has expired or ended: sign in again" };
  return {
    ok: true,
    principal: {
      via: "session",
      actor: session.user.username,
      role: session.user.role,
      userId: session.user.id,
      sessionId: session.sessionId,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    },
  };
}

export async function authenticateToken(context: AuthContext, token: string, now = context.now ?? Date.now()): Promise<AuthResult> {
  const base = { userId: null, sessionId: null, csrfToken: null, expiresAt: null } as const;
  if (context.envApiToken && secretsEqual(token, context.envApiToken)) {
    return { ok: true, principal: { ...base, via: "env-token", actor: ENV_TOKEN_ACTOR, role: "admin" } };
  }
  const found = await findApiToken(context.prisma, token, now);
  if (!found) return { ok: false, reason: "Unknown or revoked API token" };
  return { ok: true, principal: { ...base, via: "api-token", actor: `token:${found.name}`, role: found.role, tokenId: found.id } };
}
