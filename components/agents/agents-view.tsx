"use client";

import { type ReactNode, useEffect, useMemo, useState } from "react";
import { WorkerActions } from "@/components/admin/worker-actions";
import { LivePageGate, LivePageHeader } from "@/components/chrome/live-page";
import { useLivePage } from "@/components/live/use-live-page";
import type { MetricsSnapshot, WorkerSnapshot } from "@/lib/metrics/types";
import {
  AGENT_STATE_LABELS,
  AGENT_STATES,
  type AgentFilter,
  type AgentSort,
  type AgentSortKey,
  agentState,
  countAgentStates,
  filterAgents,
  type AwayLimits,
  DEFAULT_AWAY_LIMITS,
  awayLimitMinutes,
  longAwayFlag,
  nextSort,
  sortAgents,
  teamsAndSkills,
  timeInState,
} from "@/lib/ui/agents";
import { formatDuration, formatRatio } from "@/lib/ui/format";
import type { NavItem } from "@/lib/ui/nav";
import { TASK_STATUS_LABELS } from "@/lib/ui/tasks";
import { ActivityChip } from "./activity-chip";

type Props = {
  initialSnapshot: MetricsSnapshot | null;
  initialFilter: AgentFilter;
  /** Slot for the signed-in user's menu. */
  actions?: ReactNode;
  /** The user may change agents' activity (supervisor and up): adds the row action menus. */
  canAct?: boolean;
  nav?: NavItem[];
  /** How long agents may be away before their row is flagged. */
  awayLimits?: AwayLimits;
};

const COLUMNS: { key: AgentSortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Agent" },
  { key: "activity", label: "Activity" },
  { key: "timeInState", label: "In state", numeric: true },
  { key: "tasks", label: "Current tasks" },
  { key: "handled", label: "Handled today", numeric: true },
  { key: "aht", label: "AHT", numeric: true },
  { key: "occupancy", label: "Occupancy", numeric: true },
];

/** `/agents`: every agent, time in state ticking, sortable and filterable by queue, activity and name. */
export function AgentsView({ initialSnapshot, initialFilter, actions, canAct = false, nav, awayLimits = DEFAULT_AWAY_LIMITS }: Props) {
  const page = useLivePage({ initialSnapshot });
  const { live, dataMs } = page;
  const [filter, setFilter] = useState<AgentFilter>(initialFilter);
  const [sort, setSort] = useState<AgentSort>({ key: "activity", direction: "asc" });
  const { snapshot, clock } = live;
  const serverMs = dataMs ?? 0;

  // Keep the filter in the address bar, so a filtered view can be bookmarked or shared.
  useEffect(() => {
    const params = new URLSearchParams();
    if (filter.queueSid) params.set("queue", filter.queueSid);
    if (filter.activity) params.set("activity", filter.activity);
    if (filter.name.trim()) params.set("q", filter.name.trim());
    if (filter.team) params.set("team", filter.team);
    if (filter.skill) params.set("skill", filter.skill);
    const query = params.toString();
    window.history.replaceState(null, "", query ? `/agents?${query}` : "/agents");
  }, [filter]);

  const queueNames = useMemo(() => new Map((snapshot?.queues ?? []).map((queue) => [queue.sid, queue.friendlyName])), [snapshot]);
  const activities = useMemo(() => {
    const seen = new Map<string, string>();
    for (const worker of snapshot?.workers ?? [])
      if (worker.activitySid) seen.set(worker.activitySid, worker.activityName ?? worker.activitySid);
    return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
  }, [snapshot]);
  const { teams, skills } = useMemo(() => teamsAndSkills(snapshot?.workers ?? []), [snapshot]);
  const inQueue = useMemo(() => filterAgents(snapshot?.workers ?? [], { ...filter, activity: null, name: "" }), [snapshot, filter]);
  const counts = useMemo(() => countAgentStates(inQueue), [inQueue]);
  // Sorting by time in state uses the snapshot's time, so rows do not reshuffle every second.
  const rows = useMemo(
    () => sortAgents(filterAgents(snapshot?.workers ?? [], filter), sort, clock?.generatedAtMs ?? 0),
    [snapshot, filter, sort, clock],
  );

  if (!snapshot || !clock) return <LivePageGate page={page} returnTo="/agents" />;
  const timezone = snapshot.timezone;

  return (
    <main className="desk-page" data-testid="agents-view">
      <LivePageHeader
        page={page}
        title="Agents"
        subtitle={`${snapshot.workspace.friendlyName} · ${snapshot.workers.length} agents`}
        nav={nav}
        timezone={timezone}
        actions={actions}
      />
      <section className="panel">
        <div className="toolbar" role="search">
          <div className="state-tabs" role="group" aria-label="Filter by state">
            <button
              type="button"
              className="state-tab"
              aria-pressed={filter.activity === null}
              onClick={() => setFilter({ ...filter, activity: null })}
            >
              All <strong>{inQueue.length}</strong>
            </button>
            {AGENT_STATES.map((state) => (
              <button
                key={state}
                type="button"
                className="state-tab"
                aria-pressed={filter.activity === state}
                data-testid={`filter-${state}`}
                onClick={() => setFilter({ ...filter, activity: filter.activity === state ? null : state })}
              >
                {AGENT_STATE_LABELS[state]} <strong>{counts[state]}</strong>
              </button>
            ))}
          </div>
          <span className="spacer" />
          <label>
            Queue
            <select
              value={filter.queueSid ?? ""}
              onChange={(event) => setFilter({ ...filter, queueSid: event.target.value || null })}
              data-testid="filter-queue"
            >
              <option value="">All queues</option>
              {snapshot.queues.map((queue) => (
                <option key={queue.sid} value={queue.sid}>
                  {queue.friendlyName}
                </option>
              ))}
            </select>
          </label>
          <label>
            Activity
            <select
              value={filter.activity && !(AGENT_STATES as readonly string[]).includes(filter.activity) ? filter.activity : ""}
              onChange={(event) => setFilter({ ...filter, activity: event.target.value || null })}
              data-testid="filter-activity"
            >
              <option value="">Any activity</option>
              {activities.map(([sid, name]) => (
                <option key={sid} value={sid}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {teams.length > 0 ? (
            <label>
              Team
              <select
                value={filter.team ?? ""}
                onChange={(event) => setFilter({ ...filter, team: event.target.value || null })}
                data-testid="filter-team"
              >
                <option value="">Any team</option>
                {teams.map((team) => (
                  <option key={team} value={team}>
                    {team}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {skills.length > 0 ? (
            <label>
              Skill
              <select
                value={filter.skill ?? ""}
                onChange={(event) => setFilter({ ...filter, skill: event.target.value || null })}
                data-testid="filter-skill"
              >
                <option value="">Any skill</option>
                {skills.map((skill) => (
                  <option key={skill} value={skill}>
                    {skill}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            Name
            <input
              type="search"
              placeholder="Search agents"
              value={filter.name}
              onChange={(event) => setFilter({ ...filter, name: event.target.value })}
              data-testid="filter-name"
            />
          </label>
        </div>
        {rows.length === 0 ? (
          <p className="panel-empty">
            {snapshot.workers.length === 0 ? "No agents in this workspace yet." : "No agent matches these filters."}
          </p>
        ) : (
          <table className="data-table" data-testid="agents-table">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column.key}
                    className={column.numeric ? "num" : undefined}
                    aria-sort={sort.key === column.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      data-active={sort.key === column.key}
                      onClick={() => setSort(nextSort(sort, column.key))}
                    >
                      {column.label}
                      <span className="sort-arrow" aria-hidden>
                        {sort.key === column.key ? (sort.direction === "asc" ? "▲" : "▼") : ""}
                      </span>
                    </button>
                  </th>
                ))}
                {canAct ? <th className="actions-cell" aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((worker) => (
                <AgentRow
                  key={worker.sid}
                  worker={worker}
                  nowMs={serverMs}
                  queueNames={queueNames}
                  canAct={canAct}
                  awayLimits={awayLimits}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

function AgentRow({
  worker,
  nowMs,
  queueNames,
  canAct,
  awayLimits,
}: {
  worker: WorkerSnapshot;
  nowMs: number;
  queueNames: Map<string, string>;
  canAct: boolean;
  awayLimits: AwayLimits;
}) {
  const { cumulative } = worker;
  const away = longAwayFlag(worker, nowMs, awayLimits);
  return (
    <tr data-testid="agent-row" data-worker-sid={worker.sid} data-state={agentState(worker)} data-long-away={away}>
      <td className="name" title={worker.queueSids.map((sid) => queueNames.get(sid) ?? sid).join(", ")}>
        {worker.friendlyName}
      </td>
      <td>
        <ActivityChip worker={worker} />
      </td>
      <td className="num" data-testid="time-in-state">
        {away === "none" ? (
          formatDuration(timeInState(worker, nowMs))
        ) : (
          // Away past the activity's limit: said in words and a mark, not by colour alone.
          <span className={`pill lvl-${away}`} title={`Away longer than ${awayLimitLabel(awayLimits, worker.activityName)}`}>
            {away === "critical" ? "■" : "▲"} {formatDuration(timeInState(worker, nowMs))} · too long
          </span>
        )}
      </td>
      <td>
        {worker.tasks.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <span className="task-list">
            {worker.tasks.map((task) => (
              <span key={task.taskSid} className={`status-chip status-${task.status}`} title={task.taskSid}>
                {TASK_STATUS_LABELS[task.status]}
                {task.taskQueueSid ? ` · ${queueNames.get(task.taskQueueSid) ?? task.taskQueueSid}` : ""}
              </span>
            ))}
          </span>
        )}
      </td>
      <td className="num" data-testid="agent-handled">
        {cumulative.tasksCompleted}
      </td>
      <td className="num">
        {cumulative.handleTime.total > 0 ? formatDuration(cumulative.handleTime.avg) : <span className="muted">—</span>}
      </td>
      <td className="num">
        <span className="occupancy">
          {formatRatio(cumulative.occupancy)}
          <span className="occupancy-bar" aria-hidden>
            <span style={{ width: `${Math.round(Math.min(1, Math.max(0, cumulative.occupancy ?? 0)) * 100)}%` }} />
          </span>
        </span>
      </td>
      {canAct ? (
        <td className="actions-cell">
          <WorkerActions workerSid={worker.sid} workerName={worker.friendlyName} currentActivitySid={worker.activitySid} />
        </td>
      ) : null}
    </tr>
  );
}

function awayLimitLabel(limits: AwayLimits, activityName: string | null): string {
  return `${awayLimitMinutes(limits, activityName)} min`;
}
