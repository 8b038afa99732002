/**
 * The statistics endpoints' bodies (without `url`, `account_sid`, `workspace_sid`, which the HTTP
 * layer adds), computed from state (real time) and from the event history (cumulative).
 */
import type { EngineState } from "../state";
import { computeCumulative, queueCumulativeFields, workflowCumulativeFields, workspaceCumulativeFields } from "./cumulative";
import { taskQueueRealtime, workersRealtime, workflowRealtime, workspaceRealtime } from "./realtime";
import { resolveWindow, type WindowQuery } from "./window";
import { computeWorkersCumulative } from "./workers";

export type StatisticsQuery = WindowQuery & {
  /** TaskChannel sid or unique name. */
  taskChannel?: string;
  splitByWaitTime?: number[];
  slaSeconds?: number;
  shortAbandonSeconds?: number;
};

export type WorkersQuery = StatisticsQuery & { taskQueueSid?: string; taskQueueName?: string; friendlyName?: string };

export class Statistics {
  constructor(private readonly s: EngineState) {}

  private options(query: StatisticsQuery) {
    const channel = query.taskChannel ? (this.s.findTaskChannel(query.taskChannel)?.uniqueName ?? query.taskChannel) : undefined;
    return {
      window: resolveWindow(query, this.s.now()),
      ...(channel ? { taskChannel: channel } : {}),
      ...(query.splitByWaitTime ? { splitByWaitTime: query.splitByWaitTime } : {}),
      ...(query.slaSeconds !== undefined ? { slaSeconds: query.slaSeconds } : {}),
      ...(query.shortAbandonSeconds !== undefined ? { shortAbandonSeconds: query.shortAbandonSeconds } : {}),
    };
  }

  taskQueueRealtime(sid: string, query: { taskChannel?: string } = {}) {
    return taskQueueRealtime(this.s, sid, query.taskChannel);
  }

  taskQueueCumulative(sid: string, query: StatisticsQuery = {}) {
    this.s.queue(sid);
    const cumulative = computeCumulative(this.s.events, { kind: "queue", sid }, this.options(query));
    return { task_queue_sid: sid, ...queueCumulativeFields(cumulative) };
  }

  taskQueueStatistics(sid: string, query: StatisticsQuery = {}) {
    const { task_queue_sid: _r, ...realtime } = this.taskQueueRealtime(sid, query);
    const { task_queue_sid: _c, ...cumulative } = this.taskQueueCumulative(sid, query);
    return { task_queue_sid: sid, realtime, cumulative };
  }

  taskQueuesStatistics(query: StatisticsQuery & { friendlyName?: string } = {}) {
    return [...this.s.queues.values()]
      .filter((queue) => !query.friendlyName || queue.friendlyName === query.friendlyName)
      .map((queue) => this.taskQueueStatistics(queue.sid, query));
  }

  workflowRealtime(sid: string, query: { taskChannel?: string } = {}) {
    return workflowRealtime(this.s, sid, query.taskChannel);
  }

  workflowCumulative(sid: string, query: StatisticsQuery = {}) {
    this.s.workflow(sid);
    const cumulative = computeCumulative(this.s.events, { kind: "workflow", sid }, this.options(query));
    return { workflow_sid: sid, ...workflowCumulativeFields(cumulative) };
  }

  workflowStatistics(sid: string, query: StatisticsQuery = {}) {
    const { workflow_sid: _r, ...realtime } = this.workflowRealtime(sid, query);
    const { workflow_sid: _c, ...cumulative } = this.workflowCumulative(sid, query);
    return { workflow_sid: sid, realtime, cumulative };
  }

  workspaceRealtime(query: { taskChannel?: string } = {}) {
    return workspaceRealtime(this.s, query.taskChannel);
  }

  workspaceCumulative(query: StatisticsQuery = {}) {
    return workspaceCumulativeFields(computeCumulative(this.s.events, { kind: "workspace" }, this.options(query)));
  }

  workspaceStatistics(query: StatisticsQuery = {}) {
    return { realtime: this.workspaceRealtime(query), cumulative: this.workspaceCumulative(query) };
  }

  workersRealtime(query: WorkersQuery = {}) {
    return workersRealtime(this.s, this.workerFilter(query));
  }

  workersCumulative(query: WorkersQuery = {}) {
    const filter = this.workerFilter(query);
    const selected = filter.taskQueueSid || filter.friendlyName ? new Set(this.selectWorkers(filter)) : undefined;
    const {
      tasks_completed: _t,
      handle_time: _h,
      transfers_initiated: _i,
      talk_time: _k,
      ...cumulative
    } = computeWorkersCumulative(this.s, this.s.events, {
      ...this.options(query),
      ...(selected ? { workerSids: selected } : {}),
    });
    return cumulative;
  }

  workersStatistics(query: WorkersQuery = {}) {
    return { realtime: this.workersRealtime(query), cumulative: this.workersCumulative(query) };
  }

  workerStatistics(workerSid: string, query: StatisticsQuery = {}) {
    this.s.worker(workerSid);
    const cumulative = computeWorkersCumulative(this.s, this.s.events, { ...this.options(query), workerSids: new Set([workerSid]) });
    return { worker_sid: workerSid, cumulative };
  }

  private workerFilter(query: WorkersQuery): { taskQueueSid?: string; friendlyName?: string } {
    let taskQueueSid = query.taskQueueSid;
    if (!taskQueueSid && query.taskQueueName) {
      taskQueueSid = [...this.s.queues.values()].find((queue) => queue.friendlyName === query.taskQueueName)?.sid ?? "WQ-none";
    }
    return { ...(taskQueueSid ? { taskQueueSid } : {}), ...(query.friendlyName ? { friendlyName: query.friendlyName } : {}) };
  }

  private selectWorkers(filter: { taskQueueSid?: string; friendlyName?: string }): string[] {
    const members = filter.taskQueueSid ? this.s.membersOf(filter.taskQueueSid) : null;
    return [...this.s.workers.values()]
      .filter((worker) => (!members || members.has(worker.sid)) && (!filter.friendlyName || worker.friendlyName === filter.friendlyName))
      .map((worker) => worker.sid);
  }
}
