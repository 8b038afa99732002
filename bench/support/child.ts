/**
 * Benchmark parts that must not share a process (a server whose RSS is measured, its clients,
 * a load generator) run as children of the runner, driven by request/response messages over IPC.
 */
import { type ChildProcess, fork } from "node:child_process";

type Request = { id: number; command: string; args: unknown };
type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string } | { ready: true };

export type BenchChild = {
  call<T>(command: string, args?: unknown): Promise<T>;
  /** Asks the child to exit, and kills it if it has not within a few seconds. */
  stop(): Promise<void>;
  pid: number;
};

/** Starts `modulePath` (a .ts file run with tsx) and waits for it to say it is ready. */
export async function startChild(modulePath: string, args: string[] = [], env: Record<string, string> = {}): Promise<BenchChild> {
  const child: ChildProcess = fork(modulePath, args, {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exited = true;
      for (const { reject } of waiting.values()) reject(new Error(`${modulePath} exited (${code})`));
      waiting.clear();
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${modulePath} exited (${code}) before it was ready`)));
    child.on("message", (message: Reply) => {
      if ("ready" in message) return resolve();
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    });
  });
  return {
    pid: child.pid ?? -1,
    call<T>(command: string, callArgs?: unknown) {
      if (exited) return Promise.reject(new Error(`${modulePath} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command, args: callArgs } satisfies Request);
      });
    },
    async stop() {
      if (exited) return;
      child.send({ id: 0, command: "exit", args: null } satisfies Request);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}

/** The child's side: answers the runner's commands; `exit` ends the process. */
export function serveCommands(handlers: Record<string, (args: never) => unknown>, onExit?: () => Promise<void>): void {
  const send = (message: Reply) => process.send?.(message);
  process.on("message", (message: Request) => {
    if (message.command === "exit") {
      void (onExit?.() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
    }
    const handler = handlers[message.command];
    if (!handler) return send({ id: message.id, ok: false, error: `unknown command ${message.command}` });
    Promise.resolve()
      .then(() => handler(message.args as never))
      .then(
        (result) => send({ id: message.id, ok: true, result }),
        (error: unknown) =>
          send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The runner gone means nobody will ask this child to stop: stop now.
  process.on("disconnect", () => process.exit(0));
  send({ ready: true });
}

export type MemoryMb = { rss: number; heapUsed: number; heapTotal: number };

/** The process's memory after a full GC: RSS, the heap in use, and the heap V8 holds (used or not). */
export function memoryMb(): MemoryMb {
  globalThis.gc?.();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  const mb = (bytes: number) => bytes / (1024 * 1024);
  return { rss: mb(rss), heapUsed: mb(heapUsed), heapTotal: mb(heapTotal) };
}
