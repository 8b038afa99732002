import type { PrismaClient } from "@/generated/prisma/client";
import { isRole, type Role } from "./roles";
import { randomSecret, sha256Hex } from "./secrets";

/** A working shift. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** "Keep me signed in on this screen": a wallboard TV should not need a login every morning. */
export const LONG_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type NewSession = {
  /** Goes into the cookie; never stored. */
  cookieValue: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
};

export type ActiveSession = {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; username: string; role: Role };
};

export async function createSession(
  prisma: PrismaClient,
  userId: string,
  { ttlMs = SESSION_TTL_MS, now = Date.now() }: { ttlMs?: number; now?: number } = {},
): Promise<NewSession> {
  const cookieValue = randomSecret();
  const session = {
    id: sha256Hex(cookieValue),
    userId,
    csrfToken: randomSecret(),
    createdAt: new Date(now),
    expiresAt: new Date(now + ttlMs),
  };
  await prisma.session.create({ data: session });
  // Opportunistic clean-up, so expired rows do not pile up without a scheduler.
  await prisma.session.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  return { cookieValue, sessionId: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/** The live session behind a cookie value; null when unknown, expired, or its user is disabled. */
export async function findSession(prisma: PrismaClient, cookieValue: string, now = Date.now()): Promise<ActiveSession | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  const row = await prisma.session.findUnique({ where: { id: sha256Hex(cookieValue) }, include: { user: true } });
  if (!row || row.expiresAt.getTime() <= now || row.user.disabledAt || !isRole(row.user.role)) return null;
  return {
    sessionId: row.id,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
    user: { id: row.user.id, username: row.user.username, role: row.user.role },
  };
}

export async function deleteSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

export async function deleteUserSessions(prisma: PrismaClient, userId: string, { except }: { except?: string } = {}): Promise<void> {
  await prisma.session.deleteMany({ where: { userId, ...(except ? { id: { not: except } } : {}) } });
}
