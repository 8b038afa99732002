import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Runs SQL (several statements allowed) and returns rows. */
export type SqlRunner = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");
// Serialises instances that start at once against one PostgreSQL server.
const MIGRATION_LOCK_KEY = 72_410_001;

/**
 * Applies the committed Prisma migrations in order and records them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does (same table, same SHA-256 checksum), so the CLI
 * agrees with what ran here. In-process because the CLI does not exit after migrating PGlite.
 */
export async function applyMigrations(run: SqlRunner, { lock }: { lock: boolean }): Promise<string[]> {
  const applied: string[] = [];
  if (lock) await run(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await run(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Set(
      (await run(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).map((row) =>
        String(row.migration_name),
      ),
    );
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      await run("BEGIN");
      try {
        await run(sql);
        await run(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await run("COMMIT");
      } catch (error) {
        await run("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${String(error)}`);
      }
      applied.push(name);
    }
  } finally {
    if (lock) await run(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
  return applied;
}
