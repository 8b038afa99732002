import { AGENT_STATE_LABELS, AGENT_STATE_MEANINGS, AGENT_STATES } from "@/lib/ui/agents";
import { formatCount, formatDuration, formatPercent } from "@/lib/ui/format";
import type { TotalsModel } from "@/lib/ui/wallboard";
import { formatPriorities } from "@/lib/ui/channels";
import { LEVEL_WORDS, LevelMark, levelClass } from "./level";

/** The contact-centre totals: the first thing anyone in the room looks at. */
export function TotalsStrip({ totals, span = "today" }: { totals: TotalsModel; span?: string }) {
  const agentsShown = Math.max(1, totals.agentsTotal);
  return (
    <section className="totals" aria-label="Contact centre totals" data-testid="totals">
      <div className="kpi" data-testid="total-waiting" data-value={totals.waiting}>
        <span className="kpi-label">Waiting</span>
        <span className={`kpi-value ${totals.waiting > 0 ? "" : "kpi-quiet"}`}>{formatCount(totals.waiting)}</span>
        <span className="kpi-note" data-testid="total-waiting-priorities">
          {/* Only when priorities differ: who TaskRouter serves first. */}
          {totals.waitingByPriority.length > 1 ? formatPriorities(totals.waitingByPriority.slice(0, 3)) : "tasks in queue"}
        </span>
      </div>
      <div
        className={`kpi ${levelClass(totals.longestWaitLevel)}`}
        data-testid="total-longest-wait"
        data-value={totals.longestWaitSeconds}
        data-level={totals.longestWaitLevel}
      >
        <span className="kpi-label">
          Longest wait
          <LevelWord level={totals.longestWaitLevel} />
        </span>
        <span className="kpi-value">
          <LevelMark level={totals.longestWaitLevel} />
          {totals.waiting > 0 ? formatDuration(totals.longestWaitSeconds) : "—"}
        </span>
        <span className="kpi-note">{totals.waiting > 0 ? `target ≤ ${totals.slaSeconds} s` : "nobody waiting"}</span>
      </div>
      <div
        className={`kpi ${levelClass(totals.serviceLevelLevel)}`}
        data-testid="total-service-level"
        data-value={totals.serviceLevelPercent ?? ""}
        data-level={totals.serviceLevelLevel}
      >
        <span className="kpi-label">
          Service level
          <LevelWord level={totals.serviceLevelLevel} />
        </span>
        <span className="kpi-value">
          <LevelMark level={totals.serviceLevelLevel} />
          {formatPercent(totals.serviceLevelPercent)}
        </span>
        <span className="kpi-note">
          {span} · {totals.serviceLevelTarget}% in {totals.slaSeconds} s
        </span>
      </div>
      <div className="kpi kpi-pair">
        <span className="kpi-label" data-testid="totals-span">
          {span === "today" ? "Today" : span.replace(/^last/, "Last")}
        </span>
        <div className="kpi-pair-values">
          <span data-testid="total-handled" data-value={totals.handled}>
            <strong>{formatCount(totals.handled)}</strong> handled
          </span>
          <span data-testid="total-abandoned" data-value={totals.abandoned}>
            <strong>{formatCount(totals.abandoned)}</strong> abandoned
          </span>
        </div>
      </div>
      <div className="kpi kpi-agents" data-testid="total-agents">
        <span className="kpi-label">Agents</span>
        <div className="agent-counts">
          {AGENT_STATES.map((state) => (
            <span
              key={state}
              className={`agent-count agent-${state}`}
              data-testid={`agents-${state}`}
              data-value={totals.agents[state]}
              title={AGENT_STATE_MEANINGS[state]}
            >
              <strong>{totals.agents[state]}</strong>
              <span>{AGENT_STATE_LABELS[state]}</span>
              {state === "away" && totals.agentsLongAway > 0 ? (
                <span className="long-away" data-testid="agents-long-away" data-value={totals.agentsLongAway}>
                  ▲ {totals.agentsLongAway} too long
                </span>
              ) : null}
            </span>
          ))}
        </div>
        <div className="agent-bar" aria-hidden>
          {AGENT_STATES.map((state) => (
            <span key={state} className={`agent-${state}`} style={{ flexGrow: totals.agents[state] / agentsShown }} />
          ))}
        </div>
      </div>
    </section>
  );
}

/** "· critical" after a tile's label: the level in words, not only in the tile's colour. */
function LevelWord({ level }: { level: Parameters<typeof LevelMark>[0]["level"] }) {
  if (level !== "warn" && level !== "critical") return null;
  return <span className="kpi-level-word"> · {LEVEL_WORDS[level]}</span>;
}
