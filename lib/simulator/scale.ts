/**
 * A bigger contact centre for load and size measurements: the default centre's agents repeated
 * (names numbered) up to `agents`, extra queues up to `queues`, and traffic scaled with the
 * agents so occupancy stays about the same. The extra queues match every agent of a team but
 * the workflow routes nothing to them: they are in every snapshot, idle.
 */
import { type ContactCentreDefinition, DEFAULT_CONTACT_CENTRE } from "@/lib/emulator";

export type CentreSize = { agents: number; queues: number };

export function scaledContactCentre({ agents, queues }: CentreSize): ContactCentreDefinition {
  const base = DEFAULT_CONTACT_CENTRE;
  const workers = Array.from({ length: agents }, (_, i) => {
    const model = base.workers[i % base.workers.length]!;
    const round = Math.floor(i / base.workers.length);
    return round === 0 ? model : { ...model, friendlyName: `${model.friendlyName} ${round + 1}` };
  });
  const extra = Array.from({ length: Math.max(0, queues - base.queues.length) }, (_, i) => ({
    key: `pod_${i + 1}`,
    friendlyName: `Pod ${i + 1}`,
    targetWorkers: `team == "${base.workers[i % base.workers.length]!.attributes.team as string}"`,
  }));
  return { ...base, queues: [...base.queues, ...extra], workers };
}

/** The arrival-rate multiplier that keeps the default centre's load per agent. */
export const trafficScaleFor = ({ agents }: CentreSize): number => agents / DEFAULT_CONTACT_CENTRE.workers.length;
