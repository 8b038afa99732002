import type { TwilioClient } from "@/lib/twilio/client";
import type { WorkspaceConfig } from "./types";

function parseAttributes(json: string | null | undefined, where: string): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    console.warn(`Ignoring attributes of ${where}: not JSON`);
    return {};
  }
}

/** Reads what the metrics need from TaskRouter's REST API (Twilio or the emulator). */
export async function loadWorkspaceConfig(client: TwilioClient, workspaceSid: string): Promise<WorkspaceConfig> {
  const ws = client.taskrouter.v1.workspaces(workspaceSid);
  const [workspace, activities, queues, workers, workflows] = await Promise.all([
    ws.fetch(),
    ws.activities.list({ pageSize: 1000 }),
    ws.taskQueues.list({ pageSize: 1000 }),
    ws.workers.list({ pageSize: 1000 }),
    ws.workflows.list({ pageSize: 1000 }),
  ]);
  return {
    workspace: { sid: workspace.sid, friendlyName: workspace.friendlyName },
    activities: activities.map((a) => ({ sid: a.sid, friendlyName: a.friendlyName, available: Boolean(a.available) })),
    queues: queues.map((q) => ({ sid: q.sid, friendlyName: q.friendlyName, targetWorkers: q.targetWorkers ?? "1==1" })),
    workers: workers.map((w) => ({
      sid: w.sid,
      friendlyName: w.friendlyName,
      attributes: parseAttributes(w.attributes, `worker ${w.sid}`),
      activitySid: w.activitySid ?? null,
    })),
    workflows: workflows.map((f) => ({ sid: f.sid, friendlyName: f.friendlyName, configuration: f.configuration ?? null })),
  };
}

/** The first workspace the credentials can see (the emulator has exactly one). */
export async function findWorkspaceSid(client: TwilioClient): Promise<string> {
  const [first] = await client.taskrouter.v1.workspaces.list({ limit: 1 });
  if (!first) throw new Error("TaskRouter lists no workspace for these credentials");
  return first.sid;
}
