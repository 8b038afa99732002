import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit, recordAudit } from "@/lib/admin/audit";
import { createApiToken, findApiToken } from "@/lib/auth/api-tokens";
import { bootstrapAdmin } from "@/lib/auth/bootstrap";
import { createSession, findSession } from "@/lib/auth/sessions";
import { checkCredentials, createUser } from "@/lib/auth/users";
import { type Database, openDatabase } from "@/lib/db/client";
import { createTestDatabase } from "../support/app";

/** The same store code on a real PostgreSQL server (errors and BigInt ids come back differently there). */
const server = process.env.TEST_DATABASE_URL ? await createTestDatabase() : null;

describe.skipIf(!server)("auth and audit storage on PostgreSQL (TEST_DATABASE_URL)", () => {
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: server!.url });
  });
  afterAll(async () => {
    await db?.close();
    await server?.drop();
  });

  it("users, sessions and tokens; a duplicate username is a 409", async () => {
    const user = await createUser(db.prisma, { username: "Pat", password: "pat-password-1", role: "supervisor" });
    await expect(createUser(db.prisma, { username: "pat", password: "x-password-12", role: "admin" })).rejects.toMatchObject({
      status: 409,
    });
    expect(await checkCredentials(db.prisma, "PAT", "pat-password-1")).toMatchObject({ id: user.id });
    const session = await createSession(db.prisma, user.id);
    expect((await findSession(db.prisma, session.cookieValue))?.user.role).toBe("supervisor");
    const { token } = await createApiToken(db.prisma, { name: "ci", role: "viewer", createdBy: "pat" });
    expect(await findApiToken(db.prisma, token)).toMatchObject({ name: "ci" });
  });

  it("two instances seeding the same first admin at once end with one admin", async () => {
    const seed = { mode: "twilio" as const, username: "root", password: "root-password-1" };
    const results = await Promise.all([bootstrapAdmin(db.prisma, seed, () => {}), bootstrapAdmin(db.prisma, seed, () => {})]);
    expect(results.filter((result) => result.kind === "from-env" && result.created)).toHaveLength(1);
    expect(await db.prisma.user.count({ where: { username: "root", role: "admin" } })).toBe(1);
  });

  it("audit entries page newest first by id", async () => {
    const pushed: string[] = [];
    const hub = { emitAudit: (message: { id: string }) => pushed.push(message.id) };
    for (const priority of [1, 2, 3]) {
      await recordAudit(db.prisma, hub, {
        actor: "pat",
        actorRole: "supervisor",
        action: "task.priority",
        targetType: "task",
        targetSid: "WT1",
        before: { priority: priority - 1 },
        after: { priority },
        result: "success",
        errorCode: null,
        errorMessage: null,
      });
    }
    const first = await listAudit(db.prisma, { limit: 2 });
    expect(first.entries.map((entry) => (entry.after as { priority: number }).priority)).toEqual([3, 2]);
    const second = await listAudit(db.prisma, { limit: 2, before: BigInt(first.nextBefore!) });
    expect(second).toMatchObject({ nextBefore: null });
    expect(pushed).toEqual([...first.entries, ...second.entries].map((entry) => entry.id).reverse());
  });
});
