/**
 * Connected mode's self-healing: back-fill at start, reconciliation and the drift check every
 * interval (TaskRouter mode), and the log tail by `seq` (PostgreSQL, where several instances share
 * one log). What each has done is reported on /api/health.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { parseCallback } from "@/lib/events/parse";
import type { EventStore } from "@/lib/events/store";
import type { Ingest } from "@/lib/ingest/ingest";
import type { LiveMetrics } from "@/lib/live/live-metrics";
import type { TwilioClient } from "@/lib/twilio/client";
import { type BootstrapReport, bootstrapOpenWork } from "./bootstrap";
import { DriftChecker, type DriftReport } from "./drift";
import { type BackfillProgress, type ReconcileReport, Reconciler } from "./reconciler";
import { LogTail } from "./tail";

export type SyncHealth = {
  lastCallbackAt: string | null;
  backfill: BackfillProgress;
  bootstrap: BootstrapReport | null;
  reconciliation: { intervalSeconds: number; last: ReconcileReport | null; lastError: string | null };
  drift: DriftReport;
};

export type TailHealth = { seq: string; read: number; folded: number; lastError: string | null };

export type SyncDeps = {
  /** TaskRouter mode: back-fill, reconcile and check drift (the tail runs in either mode). */
  connected: boolean;
  client: TwilioClient;
  workspaceSid: string;
  prisma: PrismaClient;
  dbKind: "pglite" | "postgres";
  store: EventStore;
  live: LiveMetrics;
  timezone: string;
  /** 0: no periodic reconciliation or drift check (the back-fill at start still runs). */
  reconcileIntervalSeconds: number;
  driftGraceSeconds: number;
  /** Where the log tail starts (the log's last `seq` before the rebuild); null: no tail. */
  tailFrom: bigint | null;
  /** Append → fold → publish, as for callbacks; `fold` for what the log tail reads. */
  ingest: Pick<Ingest, "accept" | "fold">;
  log(line: string): void;
};

/** How often the tail reads the log. */
const TAIL_INTERVAL_MS = 1000;
/** Each pull re-reads at least this far back, so events stored late on TaskRouter's side are not skipped. */
const MIN_OVERLAP_MS = 120_000;

export class SyncService {
  readonly reconciler: Reconciler;
  readonly drift: DriftChecker;
  readonly tail: LogTail | null;
  private lastCallbackAtMs: number | null = null;
  private bootstrapReport: BootstrapReport | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly deps: SyncDeps) {
    this.reconciler = new Reconciler({
      client: deps.client,
      workspaceSid: deps.workspaceSid,
      prisma: deps.prisma,
      dbKind: deps.dbKind,
      store: deps.store,
      timezone: deps.timezone,
      overlapMs: Math.max(MIN_OVERLAP_MS, 2 * deps.reconcileIntervalSeconds * 1000),
      ingest: deps.ingest,
    });
    this.drift = new DriftChecker({
      client: deps.client,
      workspaceSid: deps.workspaceSid,
      live: deps.live,
      graceSeconds: deps.driftGraceSeconds,
    });
    this.tail =
      deps.tailFrom === null
        ? null
        : new LogTail({ prisma: deps.prisma, apply: (event) => deps.ingest.fold(event), intervalMs: TAIL_INTERVAL_MS }, deps.tailFrom);
  }

  /** The back-fill from the Events API; never throws (a failure is reported and retried next interval). */
  async backfill(): Promise<void> {
    try {
      const report = await this.reconciler.run("start");
      if (report === null) this.reconciler.backfill.state = "skipped";
      else
        this.deps.log(
          `Back-filled ${report.recovered} events of ${report.read} from TaskRouter's Events API (${report.from} – ${report.to})`,
        );
    } catch (error) {
      this.deps.log(`Back-fill from TaskRouter's Events API failed: ${String(error)}`);
    }
  }

  /**
   * After the back-fill: open tasks and worker states that began before the oldest event the log
   * holds, from TaskRouter's REST lists (lib/sync/bootstrap.ts). Never throws.
   */
  async bootstrap(): Promise<void> {
    const { live, ingest, log } = this.deps;
    const report = await bootstrapOpenWork({
      client: this.deps.client,
      workspaceSid: this.deps.workspaceSid,
      known: { task: (sid) => live.knownTask(sid), worker: (sid) => live.knownWorker(sid) },
      accept: async (params) => {
        const parsed = parseCallback(params);
        if (!parsed.ok) {
          log(`Bootstrap skips an observation: ${parsed.error.message}`);
          return "invalid";
        }
        return ingest.accept(parsed.value);
      },
      log,
    });
    this.bootstrapReport = report;
    if (report.state === "done")
      log(`Bootstrap: ${report.openTasks} open tasks, ${report.workers} workers; ${report.stored} observations stored`);
    else log(`Bootstrap from TaskRouter's REST API failed: ${report.error}`);
  }

  /** Starts the tail and the periodic reconciliation and drift check. */
  start(): void {
    this.tail?.start();
    if (this.deps.connected && this.deps.reconcileIntervalSeconds > 0) this.schedule();
  }

  /** Reconciles, folds what other instances stored, then compares with TaskRouter. */
  async tick(): Promise<void> {
    try {
      const report = await this.reconciler.run("interval");
      if (report && report.recovered > 0) this.deps.log(`Reconciliation recovered ${report.recovered} events missed by callbacks`);
    } catch (error) {
      this.deps.log(`Reconciliation failed: ${String(error)}`);
    }
    await this.tail?.poll().catch(() => undefined);
    await this.drift.check();
  }

  callbackReceived(): void {
    this.lastCallbackAtMs = Date.now();
  }

  health(): SyncHealth | null {
    if (!this.deps.connected) return null;
    return {
      lastCallbackAt: this.lastCallbackAtMs === null ? null : new Date(this.lastCallbackAtMs).toISOString(),
      backfill: this.reconciler.backfill,
      bootstrap: this.bootstrapReport,
      reconciliation: {
        intervalSeconds: this.deps.reconcileIntervalSeconds,
        last: this.reconciler.last,
        lastError: this.reconciler.lastError,
      },
      drift: this.drift.report,
    };
  }

  tailHealth(): TailHealth | null {
    if (!this.tail) return null;
    return { seq: String(this.tail.seq), read: this.tail.read, folded: this.tail.folded, lastError: this.tail.lastError };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.tail?.close();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule());
    }, this.deps.reconcileIntervalSeconds * 1000);
    this.timer.unref();
  }
}
