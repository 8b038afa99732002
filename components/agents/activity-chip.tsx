import { agentState } from "@/lib/ui/agents";
import type { WorkerSnapshot } from "@/lib/metrics/types";

/** The agent's TaskRouter activity, coloured by what it means (available, busy, away, offline). */
export function ActivityChip({ worker }: { worker: Pick<WorkerSnapshot, "activitySid" | "activityName" | "available" | "tasks"> }) {
  const state = agentState(worker);
  const name = worker.activityName ?? "Unknown";
  return (
    <span className={`activity-chip activity-${state}`} data-state={state}>
      {state === "busy" ? `${name} · on task` : name}
    </span>
  );
}
