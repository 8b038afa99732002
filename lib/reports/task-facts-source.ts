import { deriveTaskFactsFromRecords, type TaskFacts, toTaskRecord } from "@/lib/metrics";
import type { ReportContext } from "./context";
import { taskEventPages } from "./event-log";

/**
 * The facts of every task with an event in the requested range, a page at a time, derived by
 * the live fold's own `deriveTaskFactsFromRecords`, so a report counts what the wallboard counts.
 * `extraMs` widens the read past `to` (see the tasks export).
 */
export async function* taskFactPages(context: ReportContext, { extraMs = 0 }: { extraMs?: number } = {}): AsyncGenerator<TaskFacts[]> {
  const { run, params, directory } = context;
  for await (const page of taskEventPages(run, {
    fromMs: params.fromMs,
    toMs: params.toMs + extraMs,
    workspaceSid: context.workspaceSid,
  })) {
    const facts: TaskFacts[] = [];
    for (const events of page) {
      const taskSid = events[0]?.taskSid;
      if (!taskSid) continue;
      for (const event of events) directory.learn(event);
      facts.push(deriveTaskFactsFromRecords(taskSid, events.map(toTaskRecord)));
    }
    yield facts;
  }
}
