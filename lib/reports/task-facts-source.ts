import type { TypedEvent } from "@/lib/events/types";
import { deriveTaskFactsFromRecords, type TaskFacts, toTaskRecord } from "@/lib/metrics";
import type { ReportContext } from "./context";
import { taskEventPages } from "./event-log";

/** A task's facts plus what the tasks export prints about it besides: its channel and attributes. */
export type ReportTaskFacts = TaskFacts & {
  /** TaskChannelUniqueName (else sid) of its latest event that carries one. */
  channel: string | null;
  /** The attributes of its latest task.created / task.updated (the only events that change them). */
  attributes: Record<string, unknown> | null;
};

/**
 * The facts of every task with an event in the requested range, a page at a time, derived by
 * the live fold's own `deriveTaskFactsFromRecords`, so a report counts what the wallboard counts.
 * `extraMs` widens the read past `to` (see the tasks export).
 */
export async function* taskFactPages(
  context: ReportContext,
  { extraMs = 0 }: { extraMs?: number } = {},
): AsyncGenerator<ReportTaskFacts[]> {
  const { run, params, directory } = context;
  for await (const page of taskEventPages(run, {
    fromMs: params.fromMs,
    toMs: params.toMs + extraMs,
    workspaceSid: context.workspaceSid,
  })) {
    const facts: ReportTaskFacts[] = [];
    for (const events of page) {
      const taskSid = events[0]?.taskSid;
      if (!taskSid) continue;
      for (const event of events) directory.learn(event);
      facts.push({ ...deriveTaskFactsFromRecords(taskSid, events.map(toTaskRecord)), ...latestDetails(events) });
    }
    yield facts;
  }
}

/** Events arrive sorted by (time, Sid): the last value seen is the latest. */
function latestDetails(events: readonly TypedEvent[]): Pick<ReportTaskFacts, "channel" | "attributes"> {
  let channel: string | null = null;
  let attributes: Record<string, unknown> | null = null;
  for (const event of events) {
    channel = event.task.channel ?? channel;
    attributes = event.task.attributes?.value ?? attributes;
  }
  return { channel, attributes };
}
