import { fileURLToPath } from "node:url";

/** Absolute path of a child module in this folder. */
export const childModule = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

export const ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
