import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createClient } from "redis";
import { errorFields, logger } from "@/lib/log";
import { closeRedisClient } from "@/lib/redis-client";

export type LoginLimits = {
  /** Failed attempts for one username from one address before it must wait. */
  failuresPerUserAndAddress: number;
  /** Failed attempts from one address, any usernames, before it must wait (slows spraying). */
  failuresPerAddress: number;
  windowSeconds: number;
};

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { failuresPerUserAndAddress: 5, failuresPerAddress: 50, windowSeconds: 15 * 60 };

export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts failed logins; a success clears the user's count. Shared between instances through
 * Redis when the app has Redis (with an in-memory fallback if Redis is down), in memory otherwise.
 */
export class LoginLimiter {
  private constructor(
    private readonly byUserAndAddress: RateLimiterAbstract,
    private readonly byAddress: RateLimiterAbstract,
    private readonly limits: LoginLimits,
    private readonly closeStore: () => Promise<void>,
  ) {}

  static memory(limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
    const [byUserAndAddress, byAddress] = LoginLimiter.pair(limits, (options) => new RateLimiterMemory(options));
    return new LoginLimiter(byUserAndAddress, byAddress, limits, async () => {});
  }

  static async redis(url: string, limits: LoginLimits = DEFAULT_LOGIN_LIMITS, keyPrefix = "wallboard:login"): Promise<LoginLimiter> {
    const client = createClient({ url });
    client.on("error", (error: unknown) => logger.error(errorFields(error), "Redis (login limiter) failed"));
    await client.connect();
    const [byUserAndAddress, byAddress] = LoginLimiter.pair(
      limits,
      (options) =>
        new RateLimiterRedis({
          ...options,
          keyPrefix: `${keyPrefix}:${options.keyPrefix}`,
          storeClient: client,
          useRedisPackage: true,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        }),
    );
    return new LoginLimiter(byUserAndAddress, byAddress, limits, () => closeRedisClient(client));
  }

  private static pair(
    limits: LoginLimits,
    make: (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract,
  ): [RateLimiterAbstract, RateLimiterAbstract] {
    return [
      make({ keyPrefix: "user-address", points: limits.failuresPerUserAndAddress, duration: limits.windowSeconds }),
      make({ keyPrefix: "address", points: limits.failuresPerAddress, duration: limits.windowSeconds }),
    ];
  }

  /** Whether another attempt may even be checked (a blocked client does not get to try the password). */
  async check(username: string, address: string): Promise<LoginVerdict> {
    const [user, anyUser] = await Promise.all([this.byUserAndAddress.get(userKey(username, address)), this.byAddress.get(address)]);
    const waits = [
      user && user.consumedPoints >= this.limits.failuresPerUserAndAddress ? user.msBeforeNext : 0,
      anyUser && anyUser.consumedPoints >= this.limits.failuresPerAddress ? anyUser.msBeforeNext : 0,
    ];
    const waitMs = Math.max(...waits);
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { allowed: true };
  }

  /**
   * Counts this attempt before the password is checked, in one atomic step per counter, so
   * parallel guesses cannot all pass a check made before any of them was recorded. Refused
   * once either counter is over its limit; a success hands the points back (recordSuccess).
   */
  async begin(username: string, address: string): Promise<LoginVerdict> {
    const [user, anyUser] = await Promise.all([
      consumeOrRefusal(this.byUserAndAddress, userKey(username, address)),
      consumeOrRefusal(this.byAddress, address),
    ]);
    const waits = [
      user.consumedPoints > this.limits.failuresPerUserAndAddress ? user.msBeforeNext : 0,
      anyUser.consumedPoints > this.limits.failuresPerAddress ? anyUser.msBeforeNext : 0,
    ];
    const waitMs = Math.max(...waits);
    return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { allowed: true };
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await Promise.all([consume(this.byUserAndAddress, userKey(username, address)), consume(this.byAddress, address)]);
  }

  /** Clears the user's count from that address; `begun` also returns the address's point taken by begin(). */
  async recordSuccess(username: string, address: string, { begun = false }: { begun?: boolean } = {}): Promise<void> {
    await Promise.all([this.byUserAndAddress.delete(userKey(username, address)), begun ? this.byAddress.reward(address, 1) : null]);
  }

  close(): Promise<void> {
    return this.closeStore();
  }
}

const userKey = (username: string, address: string) => `${username.trim().toLowerCase()}|${address}`;

/** Going over the limit rejects with a RateLimiterRes: that is the count, not an error. */
async function consumeOrRefusal(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
}

/** Going over the limit rejects with a RateLimiterRes: that is the block itself, not an error. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}
