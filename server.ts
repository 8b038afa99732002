import { startApp } from "@/lib/app";
import { type AppEnv, EnvError, loadEnv } from "@/lib/env";

process.env.NEXT_TELEMETRY_DISABLED = "1";

async function main() {
  let env: AppEnv;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await startApp(env);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing (the embedded database must be closed cleanly)…`);
    await app.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
