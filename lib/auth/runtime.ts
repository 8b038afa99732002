import { globalSlot } from "@/lib/global-slot";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@/generated/prisma/client";
import type { AppEnv } from "@/lib/env";
import { INSTANCE_HEADER } from "@/lib/services";
import type { AuthContext } from "./authenticate";
import { bootstrapAdmin } from "./bootstrap";
import { createRequestGate } from "./gate";
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from "./login-limiter";
import { createSocketAuth, type SocketAuth } from "./socket";

/** Per-instance auth state that route handlers need and Services does not carry. */
export type AuthRuntime = { loginLimiter: LoginLimiter };

const runtimes = globalSlot("__wallboardAuth", () => new Map<string, AuthRuntime>());

export type StartedAuth = {
  /** In front of Next's handler: false when it has already answered (401 or redirect to /login). */
  gate(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** `authorize` for `new RealtimeHub(…)`, then `attach(hub.io)`. */
  sockets: SocketAuth;
  close(): Promise<void>;
};

/** Seeds the first admin, opens the login limiter (Redis when the app has Redis) and registers it. */
export async function startAuth({
  instanceId,
  prisma,
  env,
  log,
  loginLimits = DEFAULT_LOGIN_LIMITS,
}: {
  instanceId: string;
  prisma: PrismaClient;
  env: AppEnv;
  log: (line: string) => void;
  loginLimits?: LoginLimits;
}): Promise<StartedAuth> {
  await bootstrapAdmin(prisma, { mode: env.mode, username: env.admin.username, password: env.admin.password }, log);
  const loginLimiter = env.redisUrl ? await LoginLimiter.redis(env.redisUrl, loginLimits) : LoginLimiter.memory(loginLimits);
  runtimes.set(instanceId, { loginLimiter });
  const context = (): AuthContext => ({ prisma, envApiToken: env.admin.apiToken });
  return {
    gate: createRequestGate(context),
    sockets: createSocketAuth(context, () => ({ publicBaseUrl: env.publicBaseUrl, trustProxy: env.trustProxy })),
    async close() {
      runtimes.delete(instanceId);
      await loginLimiter.close();
    },
  };
}

export function authRuntimeFor(request: Request): AuthRuntime {
  const runtime = runtimes.get(request.headers.get(INSTANCE_HEADER) ?? "");
  if (!runtime) throw new Error("Auth is not running for this instance (startAuth was not called in lib/app.ts)");
  return runtime;
}
