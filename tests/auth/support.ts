import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "@/lib/db/client";

/** A migrated embedded database in a temporary directory, for tests of lib/auth and lib/admin. */
export async function openTestDatabase(): Promise<Database & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-auth-"));
  const db = await openDatabase({ dataDir });
  return {
    ...db,
    async dispose() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
