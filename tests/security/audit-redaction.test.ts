import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "@/lib/admin/audit";
import { type Database, openDatabase } from "@/lib/db/client";
import { call, envToken } from "../auth/http";
import { createTestDatabase, startTestApp, type TestApp } from "../support/app";

const SECRET = "hunter2-correct-horse-battery";

describe("secrets never reach the audit log", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const storedText = async () =>
    JSON.stringify(
      (await app.services.db.prisma.auditEntry.findMany()).map((row) => [row.targetSid, row.before, row.after, row.errorMessage]),
    );

  it("redacts the password of failed user creates and updates, whatever made them fail", async () => {
    const created = await call(app, envToken, "POST", "/api/admin/users", { username: "dup.user", password: SECRET, role: "viewer" });
    expect(created.status).toBe(201);
    const failures = [
      await call(app, envToken, "POST", "/api/admin/users", { username: "dup.user", password: SECRET, role: "viewer" }), // duplicate
      await call(app, envToken, "POST", "/api/admin/users", { username: "role.user", password: SECRET, role: "owner" }), // bad role
      await call(app, envToken, "POST", "/api/admin/users", { username: "short.user", password: "short-1", role: "viewer" }), // short
      await call(app, envToken, "POST", "/api/admin/users", { username: "key.user", password: SECRET, role: "viewer", apiKey: SECRET }),
      await call(app, envToken, "POST", "/api/admin/users", { username: "nested", password: SECRET, extra: { clientSecret: SECRET } }),
    ];
    const user = (await (await call(app, envToken, "GET", "/api/admin/users")).json()) as {
      users: { id: string; username: string }[];
    };
    const id = user.users.find((candidate) => candidate.username === "dup.user")?.id ?? "";
    failures.push(await call(app, envToken, "PATCH", `/api/admin/users/${id}`, { password: "short-2" }));
    failures.push(await call(app, envToken, "PATCH", `/api/admin/users/${id}`, { password: SECRET, nickname: "x" }));
    for (const response of failures) expect(response.status).toBeGreaterThanOrEqual(400);

    const text = await storedText();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("short-1");
    expect(text).not.toContain("short-2");
    const failed = await app.services.db.prisma.auditEntry.findMany({ where: { result: "error" } });
    expect(failed.length).toBe(failures.length);
    const requested = failed.map((row) => (row.after as { requested?: { password?: unknown } } | null)?.requested);
    expect(requested.every((body) => body?.password === REDACTED)).toBe(true);
    // What is not secret is still there for the reader.
    expect(text).toContain("role.user");
  });

  it("keeps what says something happened without saying the secret", () => {
    expect(redactSecrets({ passwordChanged: true, username: "a", items: [{ token: "t" }], authToken: null })).toEqual({
      passwordChanged: true,
      username: "a",
      items: [{ token: REDACTED }],
      authToken: null,
    });
  });
});

/** Stores a secret as an old version did, then re-runs the redaction migration on reopening. */
async function storedSecretsAreRedactedByTheMigration(open: () => Promise<Database>): Promise<void> {
  let db = await open();
  try {
    await db.prisma.auditEntry.create({
      data: {
        actor: "admin",
        actorRole: "admin",
        action: "user.create",
        targetType: "user",
        targetSid: "old.user",
        after: { requested: { username: "old.user", password: SECRET, nested: [{ Api_Key: SECRET, passwordChanged: true }] } },
        result: "error",
        errorMessage: "409: exists",
      },
    });
    await db.prisma.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = '0002_audit_redact_secrets'`);
  } finally {
    await db.close();
  }
  db = await open();
  try {
    const rows = await db.prisma.auditEntry.findMany();
    expect(JSON.stringify(rows.map((row) => [row.before, row.after, row.errorMessage]))).not.toContain(SECRET);
    expect(rows[0]?.after).toEqual({
      requested: { username: "old.user", password: REDACTED, nested: [{ Api_Key: REDACTED, passwordChanged: true }] },
    });
  } finally {
    await db.close();
  }
}

describe("the migration redacts what earlier versions stored", () => {
  it("on the embedded store", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-redact-"));
    try {
      await storedSecretsAreRedactedByTheMigration(() => openDatabase({ dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("on PostgreSQL", async () => {
    const database = await createTestDatabase();
    if (!database) throw new Error("TEST_DATABASE_URL is set but no database was created");
    try {
      await storedSecretsAreRedactedByTheMigration(() => openDatabase({ databaseUrl: database.url }));
    } finally {
      await database.drop();
    }
  });
});
