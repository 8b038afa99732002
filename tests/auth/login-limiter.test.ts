import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LoginLimiter } from "@/lib/auth/login-limiter";

const limits = { failuresPerUserAndAddress: 3, failuresPerAddress: 5, windowSeconds: 60 };

async function exercise(limiter: LoginLimiter) {
  for (let i = 0; i < 3; i++) {
    expect(await limiter.check("Ann", "10.0.0.1")).toEqual({ allowed: true });
    await limiter.recordFailure("Ann", "10.0.0.1");
  }
  const blocked = await limiter.check("ann", "10.0.0.1");
  expect(blocked.allowed).toBe(false);
  expect(blocked.allowed ? 0 : blocked.retryAfterSeconds).toBeGreaterThan(0);
  expect(blocked.allowed ? 0 : blocked.retryAfterSeconds).toBeLessThanOrEqual(60);
  // Another user from the same address still may, until the address's own limit.
  expect(await limiter.check("ben", "10.0.0.1")).toEqual({ allowed: true });
  await limiter.recordFailure("ben", "10.0.0.1");
  await limiter.recordFailure("cat", "10.0.0.1");
  expect((await limiter.check("dan", "10.0.0.1")).allowed).toBe(false);
  expect(await limiter.check("ann", "10.0.0.2")).toEqual({ allowed: true });
  // A success clears the user's count from that address.
  await limiter.recordFailure("eve", "10.0.0.3");
  await limiter.recordSuccess("eve", "10.0.0.3");
  expect(await limiter.check("eve", "10.0.0.3")).toEqual({ allowed: true });
}

describe("login limiter", () => {
  it("blocks a username and an address after their failures (memory store)", async () => {
    const limiter = LoginLimiter.memory(limits);
    await exercise(limiter);
    await limiter.close();
  });

  it.skipIf(!process.env.TEST_REDIS_URL)("does the same through Redis (TEST_REDIS_URL)", async () => {
    const limiter = await LoginLimiter.redis(process.env.TEST_REDIS_URL!, limits, `wallboard-test:${randomUUID()}`);
    try {
      await exercise(limiter);
    } finally {
      await limiter.close();
    }
  });
});
