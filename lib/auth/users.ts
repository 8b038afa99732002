import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords";
import { isRole, type Role } from "./roles";
import { deleteUserSessions } from "./sessions";

export type UserSummary = { id: string; username: string; role: Role; createdAt: string; disabledAt: string | null };

type UserRow = Awaited<ReturnType<PrismaClient["user"]["findFirstOrThrow"]>>;

const summary = (row: UserRow): UserSummary => ({
  id: row.id,
  username: row.username,
  role: isRole(row.role) ? row.role : "viewer",
  createdAt: row.createdAt.toISOString(),
  disabledAt: row.disabledAt?.toISOString() ?? null,
});

/** Usernames are matched case-insensitively: stored trimmed and lower-cased. */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

export class UserError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
    readonly field?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** Prisma's P2002, or (through some driver adapters) PostgreSQL's own 23505 underneath. */
function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === "object" && current !== null && depth < 4; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (code === "P2002" || code === "23505") return true;
    current = cause;
  }
  return false;
}

export async function createUser(
  prisma: PrismaClient,
  { username, password, role }: { username: string; password: string; role: Role },
): Promise<UserSummary> {
  const name = normaliseUsername(username);
  try {
    return summary(await prisma.user.create({ data: { username: name, passwordHash: await hashPassword(password), role } }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserError(`A user named ${name} already exists`, 409, "username");
    throw error;
  }
}

export async function listUsers(prisma: PrismaClient): Promise<UserSummary[]> {
  return (await prisma.user.findMany({ orderBy: { username: "asc" } })).map(summary);
}

export type UserChanges = { role?: Role | undefined; password?: string | undefined; disabled?: boolean | undefined };

/**
 * Changes a user. A new password or disabling ends the user's sessions (a role change needs no
 * logout: sessions read the role on every request). The last enabled admin cannot be demoted or
 * disabled, so nobody locks the workspace out of its own admin page.
 */
export async function updateUser(
  prisma: PrismaClient,
  id: string,
  changes: UserChanges,
  { keepSession }: { keepSession?: string } = {},
): Promise<{ before: UserSummary; after: UserSummary }> {
  const row = await prisma.user.findUnique({ where: { id } });
  if (!row) throw new UserError(`No user ${id}`, 404);
  const losesAdmin = row.role === "admin" && !row.disabledAt && ((changes.role && changes.role !== "admin") || changes.disabled === true);
  if (losesAdmin) {
    const otherAdmins = await prisma.user.count({ where: { role: "admin", disabledAt: null, id: { not: id } } });
    if (otherAdmins === 0)
      throw new UserError("This is the last enabled admin: make another admin first", 409, changes.role ? "role" : "disabled");
  }
  const updated = await prisma.user.update({
    where: { id },
    data: {
      ...(changes.role ? { role: changes.role } : {}),
      ...(changes.password ? { passwordHash: await hashPassword(changes.password) } : {}),
      ...(changes.disabled === undefined ? {} : { disabledAt: changes.disabled ? (row.disabledAt ?? new Date()) : null }),
    },
  });
  if (changes.password || changes.disabled)
    await deleteUserSessions(prisma, id, keepSession && !changes.disabled ? { except: keepSession } : {});
  return { before: summary(row), after: summary(updated) };
}

/** The user when the password is right and the account enabled; same cost either way. */
export async function checkCredentials(prisma: PrismaClient, username: string, password: string): Promise<UserSummary | null> {
  const row = await prisma.user.findUnique({ where: { username: normaliseUsername(username) } });
  if (!row) return verifyAgainstDummy(password).then(() => null);
  const ok = await verifyPassword(row.passwordHash, password);
  return ok && !row.disabledAt && isRole(row.role) ? summary(row) : null;
}
