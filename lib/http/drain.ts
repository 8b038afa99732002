import type { IncomingMessage, ServerResponse } from "node:http";
import { within } from "@/lib/within";

/** How long a shutdown waits for requests already being answered (exports, slow uploads). */
export const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Requests in flight, for a graceful shutdown: once draining, new requests are answered 503 with
 * Retry-After (TaskRouter retries a callback elsewhere or later), and `drain()` resolves when
 * those already admitted have been answered, or after the timeout.
 */
export class RequestDrain {
  private inFlight = 0;
  private draining = false;
  private readonly waiting: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  /** True when the request may proceed; false when it was answered 503 here. */
  admit(_req: IncomingMessage, res: ServerResponse): boolean {
    if (this.draining) {
      res
        .writeHead(503, { "content-type": "application/json", "retry-after": "5", connection: "close", "cache-control": "no-store" })
        .end(JSON.stringify({ error: { message: "This instance is shutting down; retry shortly", code: "shutting-down" } }));
      return false;
    }
    this.inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.waiting.splice(0)) resolve();
    };
    res.once("finish", finish);
    res.once("close", finish);
    return true;
  }

  /** Stops admitting; true when every admitted request was answered within `timeoutMs`. */
  async drain(timeoutMs = DRAIN_TIMEOUT_MS): Promise<boolean> {
    this.draining = true;
    if (this.inFlight === 0) return true;
    const answered = new Promise<true>((resolve) => this.waiting.push(() => resolve(true)));
    return within(timeoutMs, answered, false);
  }
}
