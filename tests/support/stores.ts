/** An open database for store-level tests: embedded (PGlite in a temporary directory) or PostgreSQL. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "@/lib/db/client";
import { createTestDatabase } from "./app";

export type OpenedDatabase = { db: Database; close(): Promise<void> };

export async function openEmbeddedDatabase(): Promise<OpenedDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-store-"));
  const db = await openDatabase({ dataDir });
  return {
    db,
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the server TEST_DATABASE_URL names (callers skip when it is unset). */
export async function openPostgresDatabase(): Promise<OpenedDatabase> {
  const database = await createTestDatabase();
  if (!database) throw new Error("TEST_DATABASE_URL is not set");
  const db = await openDatabase({ databaseUrl: database.url });
  return {
    db,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}
