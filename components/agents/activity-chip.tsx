import type { WorkerSnapshot } from "@/lib/metrics/types";
import { AGENT_STATE_LABELS, AGENT_STATE_MEANINGS, agentState } from "@/lib/ui/agents";

/** The agent's state in the board's words, then TaskRouter's activity name when it says more. */
export function ActivityChip({
  worker,
}: {
  worker: Pick<WorkerSnapshot, "activitySid" | "activityName" | "available" | "tasks" | "channels">;
}) {
  const state = agentState(worker);
  const label = AGENT_STATE_LABELS[state];
  const name = worker.activityName ?? "no activity";
  return (
    <span className={`activity-chip activity-${state}`} data-state={state} title={AGENT_STATE_MEANINGS[state]}>
      {name.toLocaleLowerCase() === label.toLocaleLowerCase() ? label : `${label} · ${name}`}
    </span>
  );
}
