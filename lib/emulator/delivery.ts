/**
 * Event callbacks, delivered as Twilio delivers them: a form POST per event to the workspace's
 * EventCallbackUrl (only types in EventsFilter when one is set), signed with X-Twilio-Signature over
 * the URL without its fragment and the sorted parameters (twilio.getExpectedTwilioSignature), several
 * in flight at once, so arrival order can differ from event order.
 *
 * Retries follow Twilio's webhook connection settings by default: connect timeout 5000 ms, read
 * timeout 15000 ms, a total budget of 15000 ms for all attempts, one retry, retried only after a
 * connect or read failure; `#ct=…&rt=…&tt=…&rc=…&rp=…&e=…` on the URL overrides them. A callback that
 * fails past that budget is gone, as on Twilio. The `generous` policy (bounded exponential backoff on
 * network errors and 5xx) is an option for demos without reconciliation.
 * Stats and `whenIdle()` let tests wait for "all delivered".
 */
import http from "node:http";
import https from "node:https";
import twilio from "twilio";
import type { EventRecord } from "./model";

export type DeliveryOptions = {
  authToken: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** "twilio" (default): Twilio's connection settings and URL overrides; "generous": backoff retries. */
  policy?: "twilio" | "generous";
  /** generous: attempts per event, the first included (default 6). */
  maxAttempts?: number;
  /** generous: first retry delay in ms; doubles per attempt up to `maxBackoffMs` (defaults 200 / 5000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** generous: per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
};

export type DeliveryStats = {
  /** Answered 2xx. */
  sent: number;
  /** Given up: not retryable, or out of attempts or time. */
  failed: number;
  /** Retry attempts made. */
  retried: number;
  /** Queued, in flight or waiting for a retry. */
  pending: number;
  /** Not sent because of EventsFilter. */
  filtered: number;
  lastError: string | null;
};

/** Why an attempt failed, in the words of Twilio's retry policy (`rp`). */
export type FailureKind = "ct" | "rt" | "4xx" | "5xx";
const RETRY_POLICIES = ["4xx", "5xx", "ct", "rt", "all"] as const;
type RetryPolicy = (typeof RETRY_POLICIES)[number];
/** Twilio's egress edges (`e`); the emulator accepts them and sends from where it runs. */
export const EDGES = ["ashburn", "dublin", "frankfurt", "sao-paulo", "singapore", "sydney", "tokyo", "umatilla"] as const;

export type ConnectionSettings = {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  totalTimeoutMs: number;
  retryCount: number;
  retryOn: ReadonlySet<RetryPolicy>;
  edge: (typeof EDGES)[number];
};

/** Twilio's documented defaults and bounds (docs/connected.md). */
const SETTINGS = {
  ct: { fallback: 5000, min: 100, max: 10_000 },
  rt: { fallback: 15_000, min: 100, max: 15_000 },
  tt: { fallback: 15_000, min: 100, max: 15_000 },
  rc: { fallback: 1, min: 0, max: 5 },
} as const;
const DEFAULT_RETRY_ON: RetryPolicy[] = ["ct", "rt"];

/**
 * The connection settings a callback URL asks for: defaults, with each fragment override that is
 * valid applied (an out-of-range number is clamped to its bound, unknown keys and values are ignored).
 */
export function connectionSettings(url: string): ConnectionSettings {
  const hash = url.includes("#") ? url.slice(url.indexOf("#") + 1) : "";
  const overrides = new URLSearchParams(hash);
  const number = (key: keyof typeof SETTINGS): number => {
    const { fallback, min, max } = SETTINGS[key];
    const raw = overrides.get(key);
    if (raw === null || !/^\d{1,9}$/.test(raw.trim())) return fallback;
    return Math.min(max, Math.max(min, Number(raw)));
  };
  const policies = (overrides.get("rp") ?? "")
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter((part): part is RetryPolicy => (RETRY_POLICIES as readonly string[]).includes(part));
  const edge = EDGES.find((name) => name === overrides.get("e")?.trim().toLowerCase()) ?? "ashburn";
  return {
    connectTimeoutMs: number("ct"),
    readTimeoutMs: number("rt"),
    totalTimeoutMs: number("tt"),
    retryCount: number("rc"),
    retryOn: new Set(policies.length > 0 ? policies : DEFAULT_RETRY_ON),
    edge,
  };
}

/** Whether Twilio's retry policy retries a failure of this kind. */
export function retries(settings: ConnectionSettings, kind: FailureKind): boolean {
  return settings.retryOn.has("all") || settings.retryOn.has(kind);
}

type Job = { url: string; params: Record<string, string>; attempt: number; deadline: number | null };

class AttemptError extends Error {
  constructor(
    readonly kind: FailureKind | "tt",
    message: string,
  ) {
    super(message);
  }
}

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
  private readonly policy: "twilio" | "generous";
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: DeliveryOptions) {
    this.concurrency = options.concurrency ?? 8;
    this.policy = options.policy ?? "twilio";
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
    this.queue.push({ url, params: event.params, attempt: 1, deadline: null });
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
      const attempt = this.policy === "twilio" ? this.attemptAsTwilio(job) : this.attemptGenerously(job);
      void attempt.finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  /** Twilio: immediate retries, `rc` of them, of the failure kinds `rp` names, all within `tt`. */
  private async attemptAsTwilio(job: Job): Promise<void> {
    const settings = connectionSettings(job.url);
    const deadline = job.deadline ?? Date.now() + settings.totalTimeoutMs;
    let kind: FailureKind | "tt";
    try {
      const status = await this.post(job, {
        connectTimeoutMs: settings.connectTimeoutMs,
        readTimeoutMs: settings.readTimeoutMs,
        deadline,
      });
      if (status >= 200 && status < 300) {
        this.counts.sent += 1;
        return;
      }
      this.lastError = `HTTP ${status} from ${stripFragment(job.url)}`;
      kind = status >= 500 ? "5xx" : "4xx";
    } catch (error) {
      this.lastError = `${error instanceof Error ? error.message : String(error)} (${stripFragment(job.url)})`;
      kind = error instanceof AttemptError ? error.kind : "rt";
    }
    const canRetry = kind !== "tt" && retries(settings, kind) && job.attempt <= settings.retryCount && Date.now() < deadline;
    if (!canRetry || this.closed) {
      this.counts.failed += 1;
      return;
    }
    this.counts.retried += 1;
    this.queue.push({ ...job, attempt: job.attempt + 1, deadline });
  }

  private async attemptGenerously(job: Job): Promise<void> {
    let retry: boolean;
    try {
      const status = await this.post(job, { connectTimeoutMs: this.timeoutMs, readTimeoutMs: this.timeoutMs, deadline: null });
      if (status >= 200 && status < 300) {
        this.counts.sent += 1;
        return;
      }
      this.lastError = `HTTP ${status} from ${stripFragment(job.url)}`;
      retry = status >= 500;
    } catch (error) {
      this.lastError = `${error instanceof Error ? error.message : String(error)} (${stripFragment(job.url)})`;
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

  private post(job: Job, limits: { connectTimeoutMs: number; readTimeoutMs: number; deadline: number | null }): Promise<number> {
    // A URL fragment (Twilio connection overrides, e.g. #rc=3) is never sent nor signed.
    const url = stripFragment(job.url);
    const target = new URL(url);
    const body = new URLSearchParams(job.params).toString();
    const signature = twilio.getExpectedTwilioSignature(this.options.authToken, url, job.params);
    const client = target.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const timers: ReturnType<typeof setTimeout>[] = [];
      const settle = () => timers.forEach(clearTimeout);
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
        },
        (response) => {
          response.resume();
          response.on("end", () => {
            settle();
            resolve(response.statusCode ?? 0);
          });
          response.on("error", (error) => {
            settle();
            reject(new AttemptError("rt", error.message));
          });
        },
      );
      const fail = (error: AttemptError) => request.destroy(error);
      if (limits.deadline !== null) {
        const left = Math.max(0, limits.deadline - Date.now());
        timers.push(setTimeout(() => fail(new AttemptError("tt", `callback total time exceeded`)), left));
      }
      request.on("socket", (socket) => {
        // Read timeout: from the request sent to the first response byte, and between packets.
        const startReading = () => request.setTimeout(limits.readTimeoutMs);
        if (!socket.connecting) return startReading();
        const connectTimer = setTimeout(() => fail(new AttemptError("ct", "callback connect timed out")), limits.connectTimeoutMs);
        timers.push(connectTimer);
        socket.once("connect", () => {
          clearTimeout(connectTimer);
          startReading();
        });
      });
      request.on("timeout", () => fail(new AttemptError("rt", "callback read timed out")));
      request.on("error", (error) => {
        settle();
        if (error instanceof AttemptError) return reject(error);
        // Refused or unresolvable before a connection exists: a connect failure; anything later: a read failure.
        const connectCodes = ["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"];
        const code = (error as NodeJS.ErrnoException).code ?? "";
        reject(new AttemptError(connectCodes.includes(code) ? "ct" : "rt", `${error.message}`));
      });
      request.end(body);
    });
  }

  private notifyIfIdle(): void {
    if (this.pendingCount() !== 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}

const stripFragment = (url: string): string => url.split("#")[0]!;
