/** P4's two sides, each run in this fresh process (no warm JIT or heap from the runner). */
import { rawRead, rebuild } from "../startup";
import { serveCommands } from "./child";

serveCommands({
  raw: (databaseUrl: string) => rawRead(databaseUrl),
  rebuild: (args: { databaseUrl: string; tasks: number }) => rebuild(args),
});
