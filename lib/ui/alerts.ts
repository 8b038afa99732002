import type { QueueRowModel } from "./wallboard";

/**
 * The tab title of a board with critical queues, so a supervisor on another tab sees it:
 * `■ Sales critical · Wallboard`, `■ 3 critical: Sales, Billing, VIP · Wallboard`; the base title
 * when none is.
 */
export function alertTitle(base: string, rows: readonly Pick<QueueRowModel, "name" | "level">[]): string {
  const critical = rows.filter((row) => row.level === "critical").map((row) => row.name);
  if (critical.length === 0) return base;
  const names = critical.length === 1 ? `${critical[0]} critical` : `${critical.length} critical: ${critical.join(", ")}`;
  return `■ ${names} · ${base}`;
}

/** The queues critical now, and those among them that were not before (the ones to announce). */
export function turnedCritical<T extends Pick<QueueRowModel, "sid" | "level">>(
  previous: ReadonlySet<string>,
  rows: readonly T[],
): { critical: Set<string>; entered: T[] } {
  const critical = new Set(rows.filter((row) => row.level === "critical").map((row) => row.sid));
  return { critical, entered: rows.filter((row) => critical.has(row.sid) && !previous.has(row.sid)) };
}

/** The body of a browser notification for queues that just turned critical. */
export function notificationText(rows: readonly Pick<QueueRowModel, "name" | "waiting" | "serviceLevelLevel" | "longestWaitLevel">[]): {
  title: string;
  body: string;
} {
  const title = rows.length === 1 ? `${rows[0]!.name} is critical` : `${rows.length} queues are critical`;
  const body = rows
    .map((row) => {
      const what = [
        row.longestWaitLevel === "critical" ? "longest wait" : null,
        row.serviceLevelLevel === "critical" ? "service level" : null,
      ]
        .filter(Boolean)
        .join(" and ");
      return `${row.name}: ${what || "waiting count"} · ${row.waiting} waiting`;
    })
    .join("\n");
  return { title, body };
}

/** Where a desk user's "notify me" choice is kept in the browser. */
export const NOTIFY_STORAGE_KEY = "wallboard.notifications";
