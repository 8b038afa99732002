import { startApp } from "@/lib/app";
import { type AppEnv, EnvError, loadEnv } from "@/lib/env";
import { errorFields, logger } from "@/lib/log";

process.env.NEXT_TELEMETRY_DISABLED = "1";

const SHUTDOWN_LIMIT_MS = 10_000;

async function main() {
  let env: AppEnv;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      logger.fatal({ problems: error.problems }, error.message);
      process.exit(2);
    }
    throw error;
  }
  const app = await startApp(env);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Orchestrators wait 30 s by default before SIGKILL; finish well within it whatever happens.
    setTimeout(() => {
      logger.error({ signal }, `${signal}: shutdown took over ${SHUTDOWN_LIMIT_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    logger.info({ signal }, `${signal}: draining (new requests get 503), then closing sockets and the database`);
    await app.close();
    logger.info({ signal }, `${signal}: closed`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.fatal(errorFields(error), error instanceof Error ? error.message : String(error));
  process.exit(1);
});
