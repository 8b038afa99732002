"use client";

import { type ReactNode, useMemo } from "react";
import { type QueueOption, TaskActions, type WorkerOption } from "@/components/admin/task-actions";
import { WorkerActions } from "@/components/admin/worker-actions";
import { ActivityChip } from "@/components/agents/activity-chip";
import { ServiceLevelChart, WaitingChart } from "@/components/charts/wallboard-charts";
import { LivePageGate, LivePageHeader } from "@/components/chrome/live-page";
import { useLivePage } from "@/components/live/use-live-page";
import { useLiveThresholds } from "@/components/live/use-live-thresholds";
import { useSeries } from "@/components/live/use-series";
import type { InitialSeries } from "@/components/server/page-context";
import { ErrorState } from "@/components/states/error-state";
import { LevelMark, levelClass } from "@/components/wallboard/level";
import type { MetricsSnapshot, QueueTask, WorkerSnapshot } from "@/lib/metrics/types";
import { AGENT_STATE_LABELS, agentState, sortAgents, timeInState } from "@/lib/ui/agents";
import { formatCount, formatDuration, formatPercent, shortSid, tickAge } from "@/lib/ui/format";
import { describeTask, isWaiting, sortQueueTasks, TASK_STATUS_LABELS, targetWorkerSid } from "@/lib/ui/tasks";
import type { NavItem } from "@/lib/ui/nav";
import { RECENT_SERIES, TODAY_SERIES } from "@/lib/ui/series-query";
import { longestWaitLevel, type Thresholds } from "@/lib/ui/thresholds";
import { thresholdsForQueue } from "@/lib/ui/thresholds";
import { queueRowModel } from "@/lib/ui/wallboard";
import { channelRows, formatPriorities, waitingByPriority } from "@/lib/ui/channels";

type Props = {
  queueSid: string;
  thresholds: Thresholds;
  initialSnapshot: MetricsSnapshot | null;
  /** Slot for the signed-in user's menu. */
  actions?: ReactNode;
  /** The user may act on tasks and agents (supervisor and up): adds the action menus. */
  canAct?: boolean;
  /** Every queue of the workspace, for moving a task. */
  queueOptions?: QueueOption[];
  nav?: NavItem[];
  /** The charts' first series, rendered on the server. */
  initialSeries?: InitialSeries;
};

/** `/queues/[sid]`: one queue's figures, its tasks (ages ticking) and its eligible agents. */
export function QueueDetail({
  queueSid,
  thresholds: initialThresholds,
  initialSnapshot,
  actions,
  canAct = false,
  queueOptions = [],
  nav,
  initialSeries,
}: Props) {
  const page = useLivePage({ queueSid, initialSnapshot });
  const { live, dataMs, elapsedSeconds } = page;
  const thresholds = useLiveThresholds(initialThresholds, live.socket);
  const recentQuery = useMemo(() => ({ ...RECENT_SERIES, queueSid }), [queueSid]);
  const todayQuery = useMemo(() => ({ ...TODAY_SERIES, queueSid }), [queueSid]);
  const recent = useSeries(recentQuery, { refreshMs: 15_000, reloadKey: live.connectionCount, initial: initialSeries?.recent });
  const today = useSeries(todayQuery, { refreshMs: 60_000, reloadKey: live.connectionCount, initial: initialSeries?.today });
  const { snapshot, clock } = live;
  const queue = snapshot?.queues.find((candidate) => candidate.sid === queueSid) ?? null;

  const tasks = useMemo(() => sortQueueTasks(queue?.tasks ?? []), [queue]);
  const agents = useMemo(() => {
    if (!snapshot) return [];
    const eligible = snapshot.workers.filter((worker) => worker.queueSids.includes(queueSid));
    return sortAgents(eligible, { key: "activity", direction: "asc" }, clock?.generatedAtMs ?? 0);
  }, [snapshot, queueSid, clock]);

  const workerOptions = useMemo<WorkerOption[]>(
    () =>
      (snapshot?.workers ?? [])
        .map((worker) => ({
          sid: worker.sid,
          friendlyName: worker.friendlyName,
          activityName: worker.activityName,
          available: worker.available,
        }))
        .sort((a, b) => a.friendlyName.localeCompare(b.friendlyName)),
    [snapshot],
  );
  const activityOptions = useMemo(
    () =>
      (snapshot?.workspace.realtime.activityStatistics ?? []).map(({ sid, friendlyName, available }) => ({ sid, friendlyName, available })),
    [snapshot],
  );

  if (!snapshot || !clock) return <LivePageGate page={page} returnTo={`/queues/${queueSid}`} />;
  if (!queue) {
    return (
      <ErrorState
        title="Queue not found"
        message={`There is no TaskQueue ${queueSid} in this workspace.`}
        detail="It may have been deleted in TaskRouter."
      />
    );
  }

  const row = queueRowModel(queue, thresholds, elapsedSeconds, snapshot.workers);
  const limits = thresholdsForQueue(thresholds, queue);
  const timezone = snapshot.timezone;
  const serverMs = dataMs ?? clock.generatedAtMs;
  const { cumulative } = queue;
  const channels = channelRows(queue, limits, snapshot.workers, elapsedSeconds);
  const waitingPriorities = waitingByPriority(queue.realtime.tasksByPriority);

  return (
    <main className="desk-page" data-testid="queue-detail" data-queue-sid={queueSid}>
      <LivePageHeader
        page={page}
        title={queue.friendlyName}
        subtitle={`${snapshot.workspace.friendlyName} · queue · target workers: ${queue.targetWorkers}`}
        nav={[...(nav ?? []), { href: `/agents?queue=${queueSid}`, label: "This queue's agents" }]}
        timezone={timezone}
        actions={actions}
      />

      <section className="kpi-row" aria-label="Queue figures">
        <Kpi
          label="Waiting"
          value={formatCount(row.waiting)}
          note={`${row.pending} pending · ${row.reserved} ringing`}
          testId="queue-waiting"
          raw={row.waiting}
        />
        <Kpi
          label="Longest wait"
          value={row.waiting > 0 ? formatDuration(row.longestWaitSeconds) : "—"}
          note={`warn ${row.longestWaitWarnAt} s · crit. ${row.longestWaitCriticalAt} s`}
          level={row.longestWaitLevel}
          testId="queue-longest-wait"
          raw={row.longestWaitSeconds}
        />
        <Kpi
          label="Service level"
          value={formatPercent(row.serviceLevelPercent)}
          note={`today · ${row.serviceLevelTarget}% in ${row.slaSeconds} s`}
          level={row.serviceLevelLevel}
          testId="queue-service-level"
          raw={row.serviceLevelPercent ?? ""}
        />
        <Kpi
          label="Agents ready"
          value={`${row.readyAgents} / ${row.eligibleAgents}`}
          note={`of ${row.eligibleAgents} eligible · ${row.inAvailableActivity} in an available activity`}
          testId="queue-agents"
          raw={`${row.readyAgents}/${row.eligibleAgents}`}
        />
        <Kpi label="Active" value={formatCount(row.assigned + row.wrapping)} note={`${row.wrapping} in wrap-up`} />
        <Kpi
          label="Handled"
          value={formatCount(row.handled)}
          note={`AHT ${formatDuration(cumulative.tasksCompleted ? cumulative.handleTime.avg : null)}`}
          testId="queue-handled"
          raw={row.handled}
        />
        <Kpi
          label="Abandoned"
          value={formatCount(row.abandoned)}
          note={`${cumulative.tasksShortAbandoned} within ${cumulative.serviceLevel.shortAbandonSeconds} s`}
          testId="queue-abandoned"
          raw={row.abandoned}
        />
        <Kpi
          label="Avg answer"
          value={formatDuration(cumulative.tasksAccepted ? Math.round(cumulative.waitDurationUntilFirstAccepted.avg) : null)}
          note="creation → first accepted"
        />
      </section>

      <section className="desk-charts" aria-label="Trends">
        <WaitingChart series={recent.series} error={recent.error} timezone={timezone} current={row.waiting} />
        <ServiceLevelChart
          series={today.series}
          error={today.error}
          timezone={timezone}
          targetPercent={limits.serviceLevel.targetPercent}
          current={row.serviceLevelPercent}
        />
      </section>

      {channels.length > 0 || waitingPriorities.length > 0 ? (
        <section className="panel" aria-label="By channel" data-testid="queue-channels">
          <header className="panel-head">
            <h2>
              By channel<span className="count">{channels.length}</span>
            </h2>
            <p className="panel-note" data-testid="queue-priorities">
              Waiting by priority: {formatPriorities(waitingPriorities)}
            </p>
          </header>
          {channels.length > 0 ? (
            <table className="data-table" data-testid="channel-table">
              <thead>
                <tr>
                  <th>Channel</th>
                  <th className="num">Waiting</th>
                  <th className="num">Longest wait</th>
                  <th className="num">Service level</th>
                  <th className="num">Ready</th>
                  <th className="num">Handled</th>
                  <th className="num">Abandoned</th>
                  <th>Waiting by priority</th>
                </tr>
              </thead>
              <tbody>
                {channels.map((c) => (
                  <tr key={c.channel} data-testid="channel-row" data-channel={c.channel}>
                    <td className="name">{c.channel}</td>
                    <td className="num" data-testid="channel-waiting">
                      {c.waiting}
                    </td>
                    <td className="num">
                      <span
                        className={
                          c.longestWaitLevel === "warn" || c.longestWaitLevel === "critical" ? `pill ${levelClass(c.longestWaitLevel)}` : ""
                        }
                      >
                        <LevelMark level={c.longestWaitLevel} />
                        {c.waiting > 0 ? formatDuration(c.longestWaitSeconds) : "—"}
                      </span>
                    </td>
                    <td className="num" data-testid="channel-service-level" data-value={c.serviceLevelPercent ?? ""}>
                      <span
                        className={
                          c.serviceLevelLevel === "warn" || c.serviceLevelLevel === "critical"
                            ? `pill ${levelClass(c.serviceLevelLevel)}`
                            : ""
                        }
                      >
                        <LevelMark level={c.serviceLevelLevel} />
                        {formatPercent(c.serviceLevelPercent)}
                      </span>
                    </td>
                    <td className="num" data-testid="channel-ready">
                      {c.readyAgents}
                    </td>
                    <td className="num">{c.handled}</td>
                    <td className="num">{c.abandoned}</td>
                    <td>{formatPriorities(c.waitingByPriority)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}

      <div className="desk-grid">
        <section className="panel" aria-label="Tasks">
          <header className="panel-head">
            <h2>
              Tasks<span className="count">{tasks.length}</span>
            </h2>
          </header>
          {tasks.length === 0 ? (
            <p className="panel-empty">No tasks in this queue right now.</p>
          ) : (
            <table className="data-table" data-testid="task-table">
              <thead>
                <tr>
                  <th>Task</th>
                  <th>Status</th>
                  <th className="num">Priority</th>
                  <th className="num">Age</th>
                  <th>Agent</th>
                  {canAct ? <th className="actions-cell" aria-label="Actions" /> : null}
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => (
                  <TaskRow
                    key={task.sid}
                    task={task}
                    target={targetOf(task, snapshot.workers)}
                    ageSeconds={tickAge(task.age, clock, serverMs)}
                    slaSeconds={row.slaSeconds}
                    thresholds={limits.longestWait}
                    actions={
                      canAct ? (
                        <TaskActions
                          taskSid={task.sid}
                          currentPriority={task.priority}
                          status={task.status}
                          currentQueueSid={task.taskQueueSid}
                          queues={queueOptions}
                          workers={workerOptions}
                          taskLabel={describeTask(task.attributes)}
                        />
                      ) : null
                    }
                  />
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="panel" aria-label="Agents">
          <header className="panel-head">
            <h2>
              Agents<span className="count">{agents.length}</span>
            </h2>
            <span className="muted">{agents.filter((worker) => agentState(worker) === "ready").length} ready</span>
          </header>
          {agents.length === 0 ? (
            <p className="panel-empty">No agent matches this queue&apos;s target workers expression.</p>
          ) : (
            <table className="data-table" data-testid="queue-agents-table">
              <thead>
                <tr>
                  <th>Agent</th>
                  <th>Activity</th>
                  <th className="num">In state</th>
                  <th className="num">Tasks</th>
                  {canAct ? <th className="actions-cell" aria-label="Actions" /> : null}
                </tr>
              </thead>
              <tbody>
                {agents.map((worker) => (
                  <tr key={worker.sid} data-worker-sid={worker.sid}>
                    <td className="name">{worker.friendlyName}</td>
                    <td>
                      <ActivityChip worker={worker} />
                    </td>
                    <td className="num" data-testid="time-in-state">
                      {formatDuration(timeInState(worker, serverMs))}
                    </td>
                    <td className="num">{worker.tasks.length || <span className="muted">0</span>}</td>
                    {canAct ? (
                      <td className="actions-cell">
                        <WorkerActions
                          workerSid={worker.sid}
                          workerName={worker.friendlyName}
                          currentActivitySid={worker.activitySid}
                          activities={activityOptions}
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </main>
  );
}

function Kpi({
  label,
  value,
  note,
  level,
  testId,
  raw,
}: {
  label: string;
  value: string;
  note?: string;
  level?: Parameters<typeof levelClass>[0];
  testId?: string;
  raw?: string | number;
}) {
  return (
    <div className={`kpi ${level ? levelClass(level) : ""}`} data-testid={testId} data-value={raw} data-level={level}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">
        {level ? <LevelMark level={level} /> : null}
        {value}
      </span>
      {note ? <span className="kpi-note">{note}</span> : null}
    </div>
  );
}

/** "for Alice Rivera · busy": the agent a waiting task is reserved for, in the board's words. */
function targetOf(task: QueueTask, workers: readonly WorkerSnapshot[]): string | null {
  const sid = targetWorkerSid(task);
  if (!sid) return null;
  const worker = workers.find((candidate) => candidate.sid === sid);
  return worker ? `for ${worker.friendlyName} · ${AGENT_STATE_LABELS[agentState(worker)].toLocaleLowerCase()}` : `for ${shortSid(sid)}`;
}

function TaskRow({
  task,
  target,
  ageSeconds,
  slaSeconds,
  thresholds,
  actions,
}: {
  task: QueueTask;
  target: string | null;
  ageSeconds: number;
  slaSeconds: number;
  thresholds: Thresholds["longestWait"];
  actions: ReactNode;
}) {
  const level = isWaiting(task) ? longestWaitLevel(ageSeconds, true, thresholds, slaSeconds) : "none";
  return (
    <tr data-task-sid={task.sid}>
      <td>
        <div>{describeTask(task.attributes)}</div>
        <div className="sid" title={task.sid}>
          {shortSid(task.sid)}
        </div>
      </td>
      <td>
        <span className={`status-chip status-${task.status}`}>{TASK_STATUS_LABELS[task.status]}</span>
      </td>
      <td className="num">
        <span className={`priority ${task.priority > 0 ? "priority-high" : ""}`}>{task.priority}</span>
      </td>
      <td className={`num ${level === "critical" ? "age-critical" : level === "warn" ? "age-warn" : ""}`} data-testid="task-age">
        {formatDuration(ageSeconds)}
      </td>
      <td data-testid="task-agent">
        {task.workerName ??
          (task.workerSid ? (
            shortSid(task.workerSid)
          ) : target ? (
            <span className="task-target">{target}</span>
          ) : (
            <span className="muted">—</span>
          ))}
      </td>
      {actions ? <td className="actions-cell">{actions}</td> : null}
    </tr>
  );
}
