/**
 * A private redis-server on its own port, for tests that stop, stall or restart Redis (the shared
 * one is not ours to touch).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { freePort } from "../security/support/child";

const REDIS_SERVER = "/usr/bin/redis-server";

export const hasRedisServer = existsSync(REDIS_SERVER);

export type PrivateRedis = {
  url: string;
  /** Starts it again on the same port after stop(). */
  start(): Promise<void>;
  /** SIGKILL: connections drop at once. */
  stop(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing is answered, until resume(). */
  pause(): void;
  resume(): void;
};

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const started = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      await new Promise<void>((resolve, reject) => {
        let text = "";
        started.stdout?.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (/Ready to accept connections/.test(text)) resolve();
        });
        started.once("exit", () => reject(new Error(`redis-server exited:\n${text}`)));
      });
      child = started;
    },
    async stop() {
      const running = child;
      child = null;
      if (!running) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    },
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
  };
  await redis.start();
  return redis;
}
