import type { MetricsSnapshot, QueueCumulative, QueueRealtime, QueueSnapshot, WorkerSnapshot } from "@/lib/metrics/types";

const duration = { avg: 0, min: 0, max: 0, total: 0 };

export function realtime(overrides: Partial<QueueRealtime> = {}): QueueRealtime {
  const tasksByStatus = overrides.tasksByStatus ?? { pending: 0, reserved: 0, assigned: 0, wrapping: 0 };
  return {
    tasksByStatus,
    tasksByPriority: {},
    totalTasks: tasksByStatus.pending + tasksByStatus.reserved + tasksByStatus.assigned + tasksByStatus.wrapping,
    longestTaskWaitingAge: 0,
    longestTaskWaitingSid: null,
    totalEligibleWorkers: 0,
    totalAvailableWorkers: 0,
    activityStatistics: [],
    longestRelativeTaskAgeInQueue: 0,
    longestRelativeTaskSidInQueue: null,
    channelCapacity: [],
    ...overrides,
  };
}

export function cumulative(overrides: Partial<QueueCumulative> = {}): QueueCumulative {
  return {
    tasksEntered: 0,
    tasksMoved: 0,
    tasksCompleted: 0,
    tasksCanceled: 0,
    tasksDeleted: 0,
    tasksAbandoned: 0,
    tasksShortAbandoned: 0,
    tasksCanceledBySupervisor: 0,
    tasksAccepted: 0,
    reservationsCreated: 0,
    reservationsAccepted: 0,
    reservationsRejected: 0,
    reservationsTimedOut: 0,
    reservationsCanceled: 0,
    reservationsRescinded: 0,
    transfersInitiated: 0,
    transfersCompleted: 0,
    transfersFailed: 0,
    transfersCanceled: 0,
    transferAttemptsFailed: 0,
    waitDurationUntilAccepted: duration,
    waitDurationUntilFirstAccepted: duration,
    waitDurationInQueueUntilAccepted: duration,
    waitDurationUntilCanceled: duration,
    avgTaskAcceptanceTime: 0,
    splitByWaitTime: {},
    serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: null },
    handleTime: duration,
    wrapUpTime: duration,
    ...overrides,
  };
}

export function queue(overrides: Partial<QueueSnapshot> & { sid: string; friendlyName: string }): QueueSnapshot {
  return {
    targetWorkers: "1==1",
    slaSeconds: 20,
    shortAbandonSeconds: 5,
    realtime: realtime(),
    cumulative: cumulative(),
    ...overrides,
  };
}

export function worker(overrides: Partial<WorkerSnapshot> & { sid: string; friendlyName: string }): WorkerSnapshot {
  return {
    attributes: {},
    activitySid: "WAavailable",
    activityName: "Available",
    available: true,
    activitySince: "2026-11-23T10:00:00.000Z",
    queueSids: [],
    tasks: [],
    channels: [],
    cumulative: {
      reservationsCreated: 0,
      reservationsAccepted: 0,
      reservationsRejected: 0,
      reservationsTimedOut: 0,
      reservationsCanceled: 0,
      reservationsRescinded: 0,
      tasksCompleted: 0,
      handleTime: duration,
      talkTime: duration,
      transfersInitiated: 0,
      activityDurations: [],
      occupancy: null,
    },
    ...overrides,
  };
}

export function snapshot(overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  const { tasksEntered: _entered, ...rest } = cumulative();
  return {
    generatedAt: "2026-11-23T12:00:00.000Z",
    timezone: "UTC",
    window: { from: "2026-11-23T00:00:00.000Z", to: "2026-11-23T12:00:00.000Z" },
    workspace: {
      sid: "WSxx",
      friendlyName: "Acme",
      realtime: realtime(),
      cumulative: { ...rest, tasksCreated: 0, tasksTimedOutInWorkflow: 0 },
    },
    queues: [],
    workers: [],
    workflows: [],
    ...overrides,
  };
}
