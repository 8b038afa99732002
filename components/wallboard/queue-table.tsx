import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatDuration, formatPercent } from "@/lib/ui/format";
import { BOARD_SORT_LABELS, type BoardSort, type BoardSortKey, type QueueRowModel } from "@/lib/ui/wallboard";
import { LevelMark, levelClass } from "./level";

/** Rows get taller (and their numbers bigger) with fewer queues, never smaller than 12 would make them. */
const MIN_ROWS = 6;

type SortProps = {
  /** The order the rows are in (null: configuration order). */
  sort?: BoardSort;
  /** Desk mode: headers become buttons that change the order; a TV only shows it. */
  onSort?: (key: BoardSortKey) => void;
};

/** One row per queue, sized so that 12 queues fit a 1080p screen without scrolling. */
export function QueueTable({
  rows,
  linkQueues,
  sort = null,
  onSort,
  span = null,
}: {
  rows: QueueRowModel[];
  linkQueues: boolean;
  /** A rolling window's name ("last 30 min") for the columns it applies to; null: today. */
  span?: string | null;
} & SortProps) {
  const head = (label: ReactNode, key: BoardSortKey | null, className?: string, title?: string) => {
    const active = key !== null && sort?.key === key;
    const ariaSort = active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined;
    const arrow = active ? (sort.direction === "asc" ? " ▲" : " ▼") : "";
    return (
      <span className={className} role="columnheader" aria-sort={ariaSort} title={title} data-sort-key={key ?? undefined}>
        {key !== null && onSort ? (
          <button
            type="button"
            className="sort-button"
            data-active={active}
            data-testid={`sort-${key}`}
            onClick={() => onSort(key)}
            aria-label={`Sort by ${BOARD_SORT_LABELS[key]}`}
          >
            {label}
            <span className="sort-arrow" aria-hidden>
              {arrow}
            </span>
          </button>
        ) : (
          <>
            {label}
            {arrow ? <span aria-hidden>{arrow}</span> : null}
          </>
        )}
      </span>
    );
  };
  return (
    <section className="queues" aria-label="Queues" data-testid="queue-table" data-sort={sort ? `${sort.key}:${sort.direction}` : ""}>
      <div className="queues-head" role="row">
        {head("Queue", "name")}
        {head("Waiting", "waiting", "num")}
        {head("Longest wait", "wait", "num")}
        {head(
          // A rolling window is named in the header; "SL" keeps it as short as "Service level".
          span ? (
            <span title={`Service level, ${span}`}>
              SL <span className="of-head">· {span.replace(/^last /, "")}</span>
            </span>
          ) : (
            "Service level"
          ),
          "sl",
          "num",
        )}
        {head(
          <>
            Ready <span className="of-head">/ eligible</span>
          </>,
          null,
          "num",
          "Eligible agents free to take a task now, of all eligible agents",
        )}
        {head("Active", null, "num col-secondary")}
        {head("Handled", null, "num col-secondary")}
        {head("Abandoned", null, "num col-secondary")}
      </div>
      <div className="queues-body" style={{ ["--rows" as string]: Math.max(MIN_ROWS, rows.length) }}>
        {rows.length === 0 ? (
          <p className="queues-none">No TaskQueues in this workspace yet. Queues appear here as soon as TaskRouter reports them.</p>
        ) : (
          rows.map((row) => <QueueRow key={row.sid} row={row} link={linkQueues} />)
        )}
      </div>
    </section>
  );
}

function QueueRow({ row, link }: { row: QueueRowModel; link: boolean }) {
  const name = link ? (
    <Link href={`/queues/${row.sid}`} className="queue-name-link">
      {row.name}
    </Link>
  ) : (
    row.name
  );
  return (
    <div className={`queue-row edge-${row.level}`} role="row" data-testid="queue-row" data-queue-sid={row.sid} data-level={row.level}>
      {/* Long names wrap onto a second line; the full name is in the tooltip too. */}
      <span className="queue-name" title={row.name}>
        {name}
      </span>
      <span className="num cell-waiting" data-testid="queue-waiting" data-value={row.waiting} data-level={row.waitingLevel}>
        <span
          className={`big ${row.waitingLevel === "warn" || row.waitingLevel === "critical" ? `pill ${levelClass(row.waitingLevel)}` : row.waiting === 0 ? "quiet" : ""}`}
        >
          <LevelMark level={row.waitingLevel} />
          {formatCount(row.waiting)}
        </span>
        {/* Split by channel when more than one has tasks waiting (voice 4 · chat 2); else by status. */}
        <span className="sub" title={`${row.pending} pending · ${row.reserved} ringing`} data-testid="queue-waiting-split">
          {row.waitingByChannel.length > 1
            ? row.waitingByChannel.map((c) => `${c.channel} ${c.waiting}`).join(" · ")
            : `${row.pending} pending · ${row.reserved} ringing`}
        </span>
      </span>
      <span className="num" data-testid="queue-longest-wait" data-value={row.longestWaitSeconds} data-level={row.longestWaitLevel}>
        <span className={`big pill ${levelClass(row.longestWaitLevel)}`}>
          <LevelMark level={row.longestWaitLevel} />
          {row.waiting > 0 ? formatDuration(row.longestWaitSeconds) : "—"}
        </span>
        <span className="sub">
          warn {row.longestWaitWarnAt} s · crit. {row.longestWaitCriticalAt} s
        </span>
      </span>
      <span className="num" data-testid="queue-service-level" data-value={row.serviceLevelPercent ?? ""} data-level={row.serviceLevelLevel}>
        <span className={`big pill ${levelClass(row.serviceLevelLevel)}`}>
          <LevelMark level={row.serviceLevelLevel} />
          {formatPercent(row.serviceLevelPercent)}
        </span>
        <span className="sub">
          target {row.serviceLevelTarget}% · {row.slaSeconds} s
        </span>
      </span>
      <span className="num" data-testid="queue-agents" data-value={`${row.readyAgents}/${row.eligibleAgents}`}>
        <span className={`big ${row.readyAgents === 0 && row.waiting > 0 ? "lvl-warn-text" : ""}`}>
          {row.readyAgents}
          <span className="of">/{row.eligibleAgents}</span>
        </span>
        <span className="sub" title="TaskRouter's totalAvailableWorkers: in an available activity, busy or not">
          {row.inAvailableActivity} in available activity
        </span>
      </span>
      <span className="num col-secondary" data-testid="queue-active" data-value={row.assigned + row.wrapping}>
        <span className="mid">{formatCount(row.assigned + row.wrapping)}</span>
        <span className="sub">{row.wrapping} wrapping</span>
      </span>
      <span className="num col-secondary" data-testid="queue-handled" data-value={row.handled}>
        <span className="mid">{formatCount(row.handled)}</span>
      </span>
      <span className="num col-secondary" data-testid="queue-abandoned" data-value={row.abandoned}>
        <span className={`mid ${row.abandoned === 0 ? "quiet" : ""}`}>{formatCount(row.abandoned)}</span>
      </span>
    </div>
  );
}
