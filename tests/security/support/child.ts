import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the output contains `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
};

/** A port nobody listens on right now (the server needs it before it starts, for PUBLIC_BASE_URL). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `server.ts` as a real child process, as an orchestrator would run it. */
export async function spawnServer(env: Record<string, string>, { startTimeoutMs = 240_000 } = {}): Promise<ServerProcess> {
  // One process (node with tsx's loader), not the tsx wrapper: signals must reach the server itself.
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", SIMULATOR: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const listener of listeners) listener();
  });
  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(text);
        if (match) {
          done();
          resolve(match[1] ?? match[0]);
        } else if (ended) {
          done();
          reject(new Error(`The server exited before printing ${pattern}:\n${text}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out waiting for ${pattern}:\n${text}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const server: ServerProcess = { child, url: "", output: () => text, exited, waitForOutput };
  server.url = await waitForOutput(/Wallboard on (http:\/\/[\w.:-]+)/, startTimeoutMs).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
  return server;
}
