import { PrismaClient } from "@/generated/prisma/client";
import { type DriverAdapterHandle, isEmbedded, openDriverAdapter, pgliteDirectory } from "./adapter";
import { applyMigrations, type SqlRunner } from "./migrate";

export type Database = {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Where the data lives, for logs and /api/health (never a password). */
  location: string;
  /** Runs raw SQL on the driver, outside Prisma: for bulk paths such as CSV export. */
  driver: DriverAdapterHandle;
  close(): Promise<void>;
};

export type OpenDatabaseOptions = { databaseUrl?: string; dataDir?: string };

/** Opens the store (PGlite when no URL is given), applies migrations, returns a Prisma client. */
export async function openDatabase({ databaseUrl, dataDir }: OpenDatabaseOptions = {}): Promise<Database> {
  const driver = await openDriverAdapter(databaseUrl, dataDir);
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: driver.factory });
  const location = isEmbedded(databaseUrl) ? `pglite:${pgliteDirectory(dataDir)}` : redactUrl(databaseUrl!);
  return {
    prisma,
    kind: driver.kind,
    location,
    driver,
    async close() {
      await prisma.$disconnect();
      await driver.close();
    },
  };
}

async function migrate(driver: DriverAdapterHandle): Promise<void> {
  if (driver.kind === "pglite") {
    const { pglite } = driver;
    const run: SqlRunner = async (sql, params) =>
      params ? (await pglite.query<Record<string, unknown>>(sql, params)).rows : ((await pglite.exec(sql)).at(-1)?.rows ?? []);
    await applyMigrations(run, { lock: false });
    return;
  }
  const client = await driver.pool.connect();
  try {
    const run: SqlRunner = async (sql, params) => (await client.query(sql, params)).rows;
    await applyMigrations(run, { lock: true });
  } finally {
    client.release();
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
