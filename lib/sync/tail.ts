/**
 * Follows the event log by `seq`: folds every row any instance stored (a callback another instance
 * took, a back-filled event, one whose Redis message was lost). Redis only makes it sooner; this
 * is what moves an instance forward. Folding is idempotent by Sid, so re-reading is harmless.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { toEvent } from "@/lib/events/store";
import type { TaskRouterEvent } from "@/lib/events/types";

const BATCH = 2000;

export type LogTailOptions = {
  prisma: PrismaClient;
  /** Folds one event; returns false for one already folded. */
  apply(event: TaskRouterEvent): boolean;
  intervalMs: number;
};

/** The log's highest `seq` now (0 when empty): where a tail started before a rebuild begins. */
export async function currentSeq(prisma: PrismaClient): Promise<bigint> {
  const latest = await prisma.event.aggregate({ _max: { seq: true } });
  return latest._max.seq ?? 0n;
}

export class LogTail {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private reading: Promise<number> | null = null;
  private closed = false;
  /** Rows read, and of those, events this instance had not folded yet. */
  read = 0;
  folded = 0;
  lastError: string | null = null;

  constructor(
    private readonly options: LogTailOptions,
    private after: bigint,
  ) {}

  get seq(): bigint {
    return this.after;
  }

  start(): void {
    this.schedule();
  }

  /** Reads and folds everything after the last row seen; resolves with how many were new. */
  poll(): Promise<number> {
    this.reading ??= this.readAll().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.poll()
        .catch((error: unknown) => {
          this.lastError = error instanceof Error ? error.message : String(error);
        })
        .finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private async readAll(): Promise<number> {
    let folded = 0;
    for (;;) {
      const rows = await this.options.prisma.event.findMany({ where: { seq: { gt: this.after } }, orderBy: { seq: "asc" }, take: BATCH });
      if (rows.length === 0) break;
      for (const row of rows) if (this.options.apply(toEvent(row))) folded += 1;
      this.after = rows[rows.length - 1]!.seq;
      this.read += rows.length;
      if (rows.length < BATCH) break;
    }
    this.folded += folded;
    this.lastError = null;
    return folded;
  }
}
