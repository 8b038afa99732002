import type { PrismaClient } from "@/generated/prisma/client";
import { isRole, type Role } from "./roles";
import { randomSecret, sha256Hex } from "./secrets";

/** Recognisable in logs and secret scanners; the rest is 256 random bits. */
const TOKEN_PREFIX = "wbt_";
/** `lastUsedAt` is a hint for admins, not an access log: one write a minute per token at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiTokenSummary = {
  id: string;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

type ApiTokenRow = Awaited<ReturnType<PrismaClient["apiToken"]["findFirstOrThrow"]>>;

function summary(row: ApiTokenRow): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : "viewer",
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Returns the token itself exactly once; only its hash is kept. */
export async function createApiToken(
  prisma: PrismaClient,
  { name, role, createdBy }: { name: string; role: Role; createdBy: string },
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const row = await prisma.apiToken.create({ data: { name, role, createdBy, tokenHash: sha256Hex(token) } });
  return { token, summary: summary(row) };
}

export async function listApiTokens(prisma: PrismaClient): Promise<ApiTokenSummary[]> {
  const rows = await prisma.apiToken.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(summary);
}

/** Null when there is no such token; revoking twice keeps the first revocation time. */
export async function revokeApiToken(prisma: PrismaClient, id: string, now = new Date()): Promise<ApiTokenSummary | null> {
  const row = await prisma.apiToken.findUnique({ where: { id } });
  if (!row) return null;
  if (row.revokedAt) return summary(row);
  return summary(await prisma.apiToken.update({ where: { id }, data: { revokedAt: now } }));
}

/** The token's name and role when it is known and not revoked. */
export async function findApiToken(
  prisma: PrismaClient,
  token: string,
  now = Date.now(),
): Promise<{ id: string; name: string; role: Role } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: sha256Hex(token) } });
  if (!row || row.revokedAt || !isRole(row.role)) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { id: row.id, name: row.name, role: row.role };
}
