import { EnvError, loadEnv } from "@/lib/env";

/** The problems `loadEnv` names for `source` (none when it loads). */
export function envProblems(source: Record<string, string>) {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}
