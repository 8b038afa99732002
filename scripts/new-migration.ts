/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<NNNN>_<name>/migration.sql, the SQL
 * that takes the schema as it was when the last migration was committed to prisma/schema.prisma now.
 *
 * Prisma's shadow-database diff is not available with driver adapters, so the "before" side is the
 * schema file from git. The CLI needs a real PostgreSQL URL to start (PGlite makes it hang):
 * MIGRATION_DATABASE_URL, else TEST_DATABASE_URL, else the local server. Nothing is written to it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const MIGRATIONS = "prisma/migrations";
const SCHEMA = "prisma/schema.prisma";

const { positionals } = parseArgs({ allowPositionals: true });
const name = positionals[0];
if (!name || !/^[a-z][a-z0-9_]{0,60}$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (lowercase letters, digits and _, e.g. add_thresholds)");
  process.exit(2);
}

const lastMigrationCommit = execFileSync("git", ["log", "-1", "--format=%H", "--", MIGRATIONS], { encoding: "utf8" }).trim();
if (!lastMigrationCommit) {
  console.error(`No committed migration under ${MIGRATIONS}: nothing to diff from.`);
  process.exit(1);
}
const before = path.join(mkdtempSync(path.join(tmpdir(), "migration-")), "schema.prisma");
writeFileSync(before, execFileSync("git", ["show", `${lastMigrationCommit}:${SCHEMA}`], { encoding: "utf8" }));

const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", SCHEMA, "--script"],
  {
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: process.env.MIGRATION_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres",
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
if (sql.includes("This is an empty migration")) {
  console.error(`${SCHEMA} has not changed since the last migration: nothing written.`);
  process.exit(1);
}

const next = readdirSync(MIGRATIONS).filter((entry) => /^\d{4}_/.test(entry)).length + 1;
const folder = path.join(MIGRATIONS, `${String(next).padStart(4, "0")}_${name}`);
mkdirSync(folder);
writeFileSync(path.join(folder, "migration.sql"), sql);
console.log(`Wrote ${folder}/migration.sql: read it, then commit it with the schema change.`);
