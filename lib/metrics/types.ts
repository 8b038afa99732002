/**
 * The snapshot of docs/metrics.md: names follow TaskRouter's statistics (camelCase),
 * durations are seconds, times ISO-8601.
 */

export type Duration = { avg: number; min: number; max: number; total: number };

export type TasksByStatus = { pending: number; reserved: number; assigned: number; wrapping: number };

export type ActivityStatistic = { sid: string; friendlyName: string; available: boolean; workers: number };

export type Realtime = {
  tasksByStatus: TasksByStatus;
  tasksByPriority: Record<string, number>;
  totalTasks: number;
  longestTaskWaitingAge: number;
  longestTaskWaitingSid: string | null;
  totalEligibleWorkers: number;
  totalAvailableWorkers: number;
  activityStatistics: ActivityStatistic[];
};

/**
 * `reservationsAccepted` and `tasksCanceled` as Twilio's `split_by_wait_time` counts them (every
 * accepted reservation, a transfer's too, waited from the task's creation); `tasksAccepted` one per
 * task, at its first acceptance.
 */
export type WaitSplit = { tasksAccepted: number; reservationsAccepted: number; tasksCanceled: number };
export type SplitByWaitTime = Record<string, { below: WaitSplit; above: WaitSplit }>;

export type ServiceLevel = { thresholdSeconds: number; shortAbandonSeconds: number; percent: number | null };

export type QueueCumulative = {
  tasksEntered: number;
  tasksMoved: number;
  tasksCompleted: number;
  tasksCanceled: number;
  tasksDeleted: number;
  tasksAbandoned: number;
  tasksShortAbandoned: number;
  /** Canceled through the dashboard's cancel action: in tasksCanceled, never an abandon. */
  tasksCanceledBySupervisor: number;
  /** Tasks accepted (a task counts once, at its first acceptance); never equal to reservationsAccepted by definition. */
  tasksAccepted: number;
  reservationsCreated: number;
  reservationsAccepted: number;
  reservationsRejected: number;
  reservationsTimedOut: number;
  reservationsCanceled: number;
  reservationsRescinded: number;
  /** task.transfer-* events (ours: TaskRouter's statistics count no transfers). */
  transfersInitiated: number;
  transfersCompleted: number;
  transfersFailed: number;
  transfersCanceled: number;
  transferAttemptsFailed: number;
  /** Every acceptance, a transfer's too, from the task's creation (Twilio's definition). */
  waitDurationUntilAccepted: Duration;
  /** Ours: each task's first acceptance only, from its creation (how long callers waited to be answered). */
  waitDurationUntilFirstAccepted: Duration;
  waitDurationInQueueUntilAccepted: Duration;
  waitDurationUntilCanceled: Duration;
  avgTaskAcceptanceTime: number;
  splitByWaitTime: SplitByWaitTime;
  serviceLevel: ServiceLevel;
  handleTime: Duration;
  wrapUpTime: Duration;
};

/** The workspace counts `task.created` (tasksCreated) where a queue counts `task-queue.entered`. */
export type WorkspaceCumulative = Omit<QueueCumulative, "tasksEntered"> & { tasksCreated: number; tasksTimedOutInWorkflow: number };

/** Twilio's workflow cumulative statistics: `tasksEntered` are the tasks created with the workflow. */
export type WorkflowCumulative = Omit<QueueCumulative, "waitDurationInQueueUntilAccepted"> & { tasksTimedOutInWorkflow: number };

/** Twilio's workflow real-time statistics: the workflow's tasks, with no workers. */
export type WorkflowRealtime = Pick<
  Realtime,
  "tasksByStatus" | "tasksByPriority" | "totalTasks" | "longestTaskWaitingAge" | "longestTaskWaitingSid"
>;

export type WorkflowSnapshot = { sid: string; friendlyName: string; realtime: WorkflowRealtime; cumulative: WorkflowCumulative };

/** A queue's real time adds the age relative to entering the queue (Twilio's `longest_relative_task_*_in_queue`). */
export type QueueRealtime = Realtime & {
  /** Whole seconds since the longest-waiting pending or reserved task entered this queue; 0 when none waits. */
  longestRelativeTaskAgeInQueue: number;
  longestRelativeTaskSidInQueue: string | null;
  /** Per task channel, sorted by unique name. */
  channelCapacity: QueueChannelCapacity[];
};

export type TaskAssignmentStatus = keyof TasksByStatus;

/** A task currently in a queue (queue detail view). */
export type QueueTask = {
  sid: string;
  taskQueueSid: string;
  status: TaskAssignmentStatus;
  priority: number;
  createdAt: string;
  enteredQueueAt: string | null;
  /** Seconds since creation at `generatedAt`. */
  age: number;
  workerSid: string | null;
  workerName: string | null;
  attributes: Record<string, unknown>;
};

/**
 * One task channel's figures in a queue (voice, chat…): its live tasks as `realtime` counts them,
 * and over the window the tasks of that channel as `cumulative` counts them.
 */
export type QueueChannel = {
  /** TaskChannelUniqueName (else its sid). */
  channel: string;
  tasksByStatus: TasksByStatus;
  /** Waiting (pending or reserved) tasks by priority. */
  tasksByPriority: Record<string, number>;
  longestTaskWaitingAge: number;
  tasksCompleted: number;
  tasksAbandoned: number;
  serviceLevel: ServiceLevel;
};

export type QueueSnapshot = {
  sid: string;
  friendlyName: string;
  targetWorkers: string;
  slaSeconds: number;
  shortAbandonSeconds: number;
  realtime: QueueRealtime;
  cumulative: QueueCumulative;
  /** Present when the snapshot was asked for one queue's detail. */
  tasks?: QueueTask[];
  /** Per task channel, in the order the queue first saw them; absent until a task names its channel. */
  channels?: QueueChannel[];
};

export type WorkerTask = {
  taskSid: string;
  taskQueueSid: string | null;
  reservationSid: string | null;
  status: TaskAssignmentStatus;
  priority: number;
  /** When the worker accepted it, when it has. */
  acceptedAt: string | null;
};

export type WorkerChannel = {
  taskChannelSid: string | null;
  taskChannelUniqueName: string;
  /** Configured capacity, from the last channel event; null when no event has told it. */
  capacity: number | null;
  /** `WorkerChannelTaskCount` of the last channel event (as of that event). */
  consumed: number | null;
  available: boolean | null;
  /** Live: this worker's tasks on the channel that are assigned or wrapping (Twilio's `assigned_tasks`). */
  assignedTasks: number;
  /** Live: this worker's pending reservations on the channel. */
  reservedTasks: number;
  /**
   * New reservations TaskRouter could still create on the channel now: capacity − assigned − reserved
   * when the worker's activity is available and the channel is; otherwise (or capacity unknown) 0.
   */
  free: number;
};

export type WorkerCumulative = {
  reservationsCreated: number;
  reservationsAccepted: number;
  reservationsRejected: number;
  reservationsTimedOut: number;
  reservationsCanceled: number;
  reservationsRescinded: number;
  /** Tasks this worker completed (after a transfer: the one who finished it). */
  tasksCompleted: number;
  /** Each of this worker's accepted reservations that completed, from acceptance to completion (a transfer's initiator has one too). */
  handleTime: Duration;
  /** The same parts up to their wrap-up (the worker's reservation.wrapup, else the task's while held): time on the call. */
  talkTime: Duration;
  /** Transfers this worker started. */
  transfersInitiated: number;
  activityDurations: { sid: string; friendlyName: string; seconds: number }[];
  /** busy ÷ (available + busy) over the window; null when both are 0. */
  occupancy: number | null;
};

export type WorkerSnapshot = {
  sid: string;
  friendlyName: string;
  attributes: Record<string, unknown>;
  activitySid: string | null;
  activityName: string | null;
  available: boolean;
  activitySince: string | null;
  /** Queues whose targetWorkers match this worker. */
  queueSids: string[];
  tasks: WorkerTask[];
  channels: WorkerChannel[];
  cumulative: WorkerCumulative;
};

export type MetricsWindow = { kind: "today" } | { kind: "minutes"; minutes: number };

export type MetricsSnapshot = {
  generatedAt: string;
  timezone: string;
  window: { from: string; to: string };
  workspace: { sid: string; friendlyName: string; realtime: Realtime; cumulative: WorkspaceCumulative };
  queues: QueueSnapshot[];
  workers: WorkerSnapshot[];
  /** Twilio's workflow statistics, one entry per workflow. */
  workflows: WorkflowSnapshot[];
};

export type MetricsSettings = {
  /** IANA zone whose midnight starts "today". */
  timezone: string;
  slaSeconds: number;
  shortAbandonSeconds: number;
  /** Extra SplitByWaitTime thresholds (the queue's own T is always included). */
  splitSeconds: number[];
  /** Per-queue overrides of T and S. */
  queueOverrides?: Record<string, { slaSeconds?: number; shortAbandonSeconds?: number }>;
};

export type SnapshotOptions = {
  now: number;
  window: MetricsWindow;
  /** Restrict `queues` to one queue and include its `tasks`. */
  queueSid?: string;
};

/** Options of `buildSeries`: samples at fromMs, fromMs + stepMs, … and at toMs (epoch ms). */
export type SeriesOptions = {
  now: number;
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** Width of the arrivals/handled intervals, aligned on fromMs; default 15 minutes. */
  intervalMs?: number;
  /** One queue (its tasks, its eligible workers); the workspace when absent. */
  queueSid?: string;
};

/** Pending + reserved tasks in each queue at instant `t` (epoch ms). */
export type WaitingTasksPoint = { t: number; total: number; byQueue: Record<string, number> };

/** Service level cumulated from the series' `from` through `t` (the same rule as `serviceLevel`). */
export type ServiceLevelPoint = {
  t: number;
  percent: number | null;
  tasksAccepted: number;
  tasksAcceptedWithinThreshold: number;
  tasksAbandoned: number;
  tasksShortAbandoned: number;
};

/** Workers in each activity (by activity sid) at instant `t`. */
export type AgentsByActivityPoint = { t: number; byActivity: Record<string, number> };

/** Arrivals (queue: `task-queue.entered`, workspace: `task.created`) and `task.completed` in [from, to). */
export type ArrivalsHandledInterval = { from: number; to: number; arrivals: number; handled: number };

/** The four wallboard charts; every time is epoch ms, for the chart axes. */
export type MetricsSeries = {
  queueSid: string | null;
  from: number;
  to: number;
  stepMs: number;
  intervalMs: number;
  thresholdSeconds: number;
  shortAbandonSeconds: number;
  queues: { sid: string; friendlyName: string }[];
  activities: { sid: string; friendlyName: string; available: boolean }[];
  waitingTasks: WaitingTasksPoint[];
  serviceLevel: ServiceLevelPoint[];
  agentsByActivity: AgentsByActivityPoint[];
  arrivalsHandled: ArrivalsHandledInterval[];
};

/**
 * One task channel over a queue's eligible workers (docs/metrics.md): the sum of their configured
 * capacities and of their free capacities (`WorkerChannel.free`); `workers` have a known capacity.
 */
export type QueueChannelCapacity = {
  taskChannelSid: string | null;
  taskChannelUniqueName: string;
  workers: number;
  capacity: number;
  free: number;
};
