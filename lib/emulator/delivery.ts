/**
 * Event callbacks, delivered as Twilio delivers them: a form POST per event to the workspace's
 * EventCallbackUrl (only types in EventsFilter when one is set), signed with X-Twilio-Signature over
 * the URL and the sorted parameters (twilio.getExpectedTwilioSignature), several in flight at once, so
 * arrival order can differ from event order. Network errors and 5xx are retried with bounded
 * exponential backoff; 4xx is final. Stats and `whenIdle()` let tests wait for "all delivered".
 */
import http from "node:http";
import https from "node:https";
import twilio from "twilio";
import type { EventRecord } from "./model";

export type DeliveryOptions = {
  authToken: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Attempts per event, the first included (default 6). */
  maxAttempts?: number;
  /** First retry delay in ms; doubles per attempt up to `maxBackoffMs` (defaults 200 / 5000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout in ms (Twilio allows 15 s). */
  timeoutMs?: number;
};

export type DeliveryStats = {
  /** Answered 2xx. */
  sent: number;
  /** Given up: answered 4xx, or out of attempts. */
  failed: number;
  /** Retry attempts made. */
  retried: number;
  /** Queued, in flight or waiting for a retry. */
  pending: number;
  /** Not sent because of EventsFilter. */
  filtered: number;
  lastError: string | null;
};

type Job = { url: string; params: Record<string, string>; attempt: number };

export class CallbackDelivery {
  private readonly queue: Job[] = [];
  private inFlight = 0;
  private waitingRetry = 0;
  private readonly counts = { sent: 0, failed: 0, retried: 0, filtered: 0 };
  private lastError: string | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: DeliveryOptions) {
    this.concurrency = options.concurrency ?? 8;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.backoffMs = options.backoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: this.concurrency });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: this.concurrency });
  }

  /** Queues an event for `url` unless `eventsFilter` leaves it out. */
  enqueue(event: EventRecord, url: string | null, eventsFilter: string[] | null): void {
    if (!url || this.closed) return;
    if (eventsFilter && !eventsFilter.includes(event.type)) {
      this.counts.filtered += 1;
      return;
    }
    this.queue.push({ url, params: event.params, attempt: 1 });
    this.pump();
  }

  get stats(): DeliveryStats {
    return { ...this.counts, pending: this.pendingCount(), lastError: this.lastError };
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.pendingCount() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.waitingRetry = 0;
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.notifyIfIdle();
  }

  private pendingCount(): number {
    return this.queue.length + this.inFlight + this.waitingRetry;
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.inFlight += 1;
      void this.attempt(job).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  private async attempt(job: Job): Promise<void> {
    let retry: boolean;
    try {
      const status = await this.post(job);
      if (status >= 200 && status < 300) {
        this.counts.sent += 1;
        return;
      }
      this.lastError = `HTTP ${status} from ${job.url}`;
      retry = status >= 500;
    } catch (error) {
      this.lastError = `${error instanceof Error ? error.message : String(error)} (${job.url})`;
      retry = true;
    }
    if (!retry || job.attempt >= this.maxAttempts || this.closed) {
      this.counts.failed += 1;
      return;
    }
    this.counts.retried += 1;
    this.waitingRetry += 1;
    const delay = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (job.attempt - 1));
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.waitingRetry -= 1;
      if (this.closed) return this.notifyIfIdle();
      this.queue.push({ ...job, attempt: job.attempt + 1 });
      this.pump();
    }, delay);
    this.retryTimers.add(timer);
  }

  private post(job: Job): Promise<number> {
    // A URL fragment (Twilio connection overrides, e.g. #rc=3) is never sent nor signed.
    const url = job.url.split("#")[0]!;
    const target = new URL(url);
    const body = new URLSearchParams(job.params).toString();
    const signature = twilio.getExpectedTwilioSignature(this.options.authToken, url, job.params);
    const client = target.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(
        target,
        {
          method: "POST",
          agent: target.protocol === "https:" ? this.httpsAgent : this.httpAgent,
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
            "X-Twilio-Signature": signature,
            "I-Twilio-Idempotency-Token": job.params.Sid ?? "",
            "User-Agent": "TwilioProxy/1.1 (taskrouter-emulator)",
          },
          timeout: this.timeoutMs,
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(new Error("callback timed out")));
      request.on("error", reject);
      request.end(body);
    });
  }

  private notifyIfIdle(): void {
    if (this.pendingCount() !== 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}
