import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

/** Stands for "no DATABASE_URL": the Prisma CLI needs some postgresql:// URL to start. */
export const EMBEDDED_DATABASE_URL = "postgresql://embedded/pglite";

export const DEFAULT_DATA_DIR = ".data";

export function isEmbedded(databaseUrl: string | undefined): boolean {
  return !databaseUrl || databaseUrl === EMBEDDED_DATABASE_URL;
}

export function pgliteDirectory(dataDir = process.env.DATA_DIR || DEFAULT_DATA_DIR): string {
  return path.resolve(dataDir, "pglite");
}

export async function openPglite(directory: string): Promise<PGlite> {
  mkdirSync(path.dirname(directory), { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  try {
    return await PGlite.create(directory);
  } catch (error) {
    throw new Error(
      `Could not open the embedded database in ${directory} (${String(error)}). ` +
        "Another process may be using it, or it was left damaged by a crash: stop the other " +
        "process, or move the directory aside to start with an empty database.",
    );
  }
}

const PG_NAME_OID = 19;
const PG_TEXT_OID = 25;

/**
 * A pg.Pool whose results report columns of type `name` as `text`.
 * Prisma 6's schema engine reads catalog columns of type `name`, which @prisma/adapter-pg 6.x
 * cannot deserialize (prisma/prisma#27403); without this `migrate deploy` fails on PostgreSQL.
 */
export function createPgPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  const patched = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === PG_NAME_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  (pool as unknown as { query: typeof patched }).query = patched;
  return pool;
}

export type DriverAdapterHandle =
  | { kind: "pglite"; factory: PrismaPGlite; pglite: PGlite; close(): Promise<void> }
  | { kind: "postgres"; factory: PrismaPg; pool: pg.Pool; close(): Promise<void> };

export async function openDriverAdapter(databaseUrl: string | undefined, dataDir?: string): Promise<DriverAdapterHandle> {
  if (isEmbedded(databaseUrl)) {
    const pglite = await openPglite(pgliteDirectory(dataDir));
    return { kind: "pglite", factory: new PrismaPGlite(pglite), pglite, close: () => pglite.close() };
  }
  const pool = createPgPool(databaseUrl!);
  return { kind: "postgres", factory: new PrismaPg(pool), pool, close: () => pool.end() };
}

/** For prisma.config.ts: the CLI only needs the adapter factory. */
export async function createDriverAdapter(databaseUrl: string | undefined) {
  return (await openDriverAdapter(databaseUrl)).factory;
}
