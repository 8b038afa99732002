/** Whether a workspace's workflows route on the attributes the reassign action sets (checked at start). */
import { describe, expect, it } from "vitest";
import { reassignRouting } from "@/lib/admin/reassign-routing";
import { DEFAULT_CONTACT_CENTRE, workflowConfiguration } from "@/lib/emulator/contact-centre";

const workflow = (configuration: unknown, friendlyName = "Inbound") => ({
  sid: "WW00000000000000000000000000000001",
  friendlyName,
  configuration: typeof configuration === "string" ? configuration : JSON.stringify(configuration),
});

const BUSINESS_ONLY = {
  task_routing: {
    filters: [{ filter_friendly_name: "Sales", expression: 'type == "sales"', targets: [{ queue: "WQ1" }] }],
    default_filter: { queue: "WQ1" },
  },
};

describe("reassignRouting", () => {
  it("offers both moves on the workflow the emulator builds (the one docs/connected.md describes)", () => {
    const queueSids = Object.fromEntries(DEFAULT_CONTACT_CENTRE.queues.map((q, i) => [q.key, `WQ${String(i).padStart(32, "0")}`]));
    expect(reassignRouting([workflow(workflowConfiguration(DEFAULT_CONTACT_CENTRE, queueSids))])).toEqual({ queue: null, worker: null });
  });

  it("says why and how to fix it when a workflow has no filter on the attributes", () => {
    const routing = reassignRouting([workflow(BUSINESS_ONLY, "Inbound calls")]);
    expect(routing.queue).toMatch(/“Inbound calls” has no filter on the task attribute targetTaskQueueSid/);
    expect(routing.queue).toMatch(/docs\/connected\.md/);
    expect(routing.worker).toMatch(/targetWorkerSid/);
  });

  it("a known-agent target counts for the agent move; one workflow missing the filter makes the move unavailable", () => {
    const knownAgent = {
      task_routing: {
        filters: [
          { expression: "targetTaskQueueSid == 'WQ1'", targets: [{ queue: "WQ1" }] },
          { expression: "1==1", targets: [{ queue: "WQ2", known_worker_sid: "task.targetWorkerSid" }] },
        ],
      },
    };
    expect(reassignRouting([workflow(knownAgent)])).toEqual({ queue: null, worker: null });
    const both = reassignRouting([workflow(knownAgent), workflow(BUSINESS_ONLY, "Outbound")]);
    expect(both.queue).toMatch(/“Outbound”/);
    expect(both.queue).not.toMatch(/Inbound/);
  });

  it("a similar attribute name, an unreadable configuration or no workflow at all is not routing", () => {
    const lookalike = { task_routing: { filters: [{ expression: "targetTaskQueueSidOld == 'x'", targets: [{ queue: "WQ1" }] }] } };
    expect(reassignRouting([workflow(lookalike)]).queue).not.toBeNull();
    expect(reassignRouting([workflow("{not json")]).queue).not.toBeNull();
    expect(reassignRouting([]).worker).toMatch(/no workflow/);
  });
});
