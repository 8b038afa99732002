/** Workspace configuration the metrics need, as read from TaskRouter's REST API. */
export type ActivityConfig = { sid: string; friendlyName: string; available: boolean };
export type QueueConfig = { sid: string; friendlyName: string; targetWorkers: string };
export type WorkerConfig = {
  sid: string;
  friendlyName: string;
  attributes: Record<string, unknown>;
  activitySid: string | null;
};
export type WorkflowConfig = { sid: string; friendlyName: string; configuration: string | null };

export type WorkspaceConfig = {
  workspace: { sid: string; friendlyName: string };
  activities: ActivityConfig[];
  queues: QueueConfig[];
  workers: WorkerConfig[];
  workflows: WorkflowConfig[];
};

export const emptyWorkspaceConfig = (sid = "", friendlyName = ""): WorkspaceConfig => ({
  workspace: { sid, friendlyName },
  activities: [],
  queues: [],
  workers: [],
  workflows: [],
});
