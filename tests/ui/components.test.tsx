import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConnectionIndicator } from "@/components/live/connection-indicator";
import { QueueTable } from "@/components/wallboard/queue-table";
import { TotalsStrip } from "@/components/wallboard/totals-strip";
import { DEFAULT_THRESHOLDS } from "@/lib/ui/thresholds";
import { queueRowModel, totalsModel } from "@/lib/ui/wallboard";
import { cumulative, queue, realtime, snapshot, worker } from "./fixtures";

/** The opening tag of the element with this test id (no DOM library is installed; markup is enough). */
const cell = (html: string, testId: string) => {
  const match = new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(html);
  return match?.[0] ?? "";
};

describe("QueueTable", () => {
  const rows = [
    queueRowModel(
      queue({
        sid: "WQbilling",
        friendlyName: "Billing",
        realtime: realtime({
          tasksByStatus: { pending: 6, reserved: 1, assigned: 3, wrapping: 1 },
          longestTaskWaitingAge: 75,
          longestTaskWaitingSid: "WTold",
          totalAvailableWorkers: 0,
          totalEligibleWorkers: 4,
        }),
        cumulative: cumulative({
          tasksCompleted: 18,
          tasksAbandoned: 4,
          serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 64.3 },
        }),
      }),
      DEFAULT_THRESHOLDS,
    ),
    queueRowModel(queue({ sid: "WQquiet", friendlyName: "Quiet" }), DEFAULT_THRESHOLDS),
  ];
  const html = renderToStaticMarkup(<QueueTable rows={rows} linkQueues={false} />);

  it("shows one row per queue with its figures", () => {
    expect(html.match(/data-testid="queue-row"/g)).toHaveLength(2);
    expect(html).toContain("Billing");
    expect(cell(html, "queue-waiting")).toContain('data-value="7"');
    expect(html).toContain("6 pending · 1 ringing");
    expect(html).toContain("1:15");
    expect(html).toContain("64%");
  });

  it("colours a critical longest wait and service level, and marks the row", () => {
    expect(cell(html, "queue-longest-wait")).toContain('data-level="critical"');
    expect(cell(html, "queue-service-level")).toContain('data-level="critical"');
    expect(html).toContain("queue-row edge-critical");
    expect(html).toContain("big pill lvl lvl-critical");
  });

  it("shows a quiet queue without colour and with dashes", () => {
    const quiet = html.slice(html.indexOf('data-queue-sid="WQquiet"'));
    expect(quiet).toContain('data-level="none"');
    expect(quiet).toContain("—");
  });

  it("links queues to their detail page on the desk, not on the TV", () => {
    expect(html).not.toContain('href="/queues/WQbilling"');
    expect(renderToStaticMarkup(<QueueTable rows={rows} linkQueues />)).toContain('href="/queues/WQbilling"');
  });

  it("says what to expect when the workspace has no queues", () => {
    expect(renderToStaticMarkup(<QueueTable rows={[]} linkQueues={false} />)).toContain("No TaskQueues in this workspace yet");
  });
});

describe("TotalsStrip", () => {
  it("shows the contact-centre figures and agents by state", () => {
    const board = snapshot({
      workspace: {
        ...snapshot().workspace,
        realtime: realtime({
          tasksByStatus: { pending: 2, reserved: 1, assigned: 4, wrapping: 0 },
          longestTaskWaitingAge: 25,
          longestTaskWaitingSid: "WT1",
        }),
      },
      workers: [
        worker({ sid: "WK1", friendlyName: "a" }),
        worker({ sid: "WK2", friendlyName: "b", available: false, activityName: "Break" }),
      ],
    });
    const html = renderToStaticMarkup(<TotalsStrip totals={totalsModel(board, DEFAULT_THRESHOLDS)} />);
    expect(cell(html, "total-waiting")).toContain('data-value="3"');
    expect(cell(html, "total-longest-wait")).toContain('data-level="warn"');
    expect(html).toContain("0:25");
    expect(cell(html, "agents-ready")).toContain('data-value="1"');
    expect(cell(html, "agents-away")).toContain('data-value="1"');
  });
});

describe("ConnectionIndicator", () => {
  it("says live and how fresh the data is", () => {
    const html = renderToStaticMarkup(<ConnectionIndicator status="live" lastUpdateAt={1_000} now={4_500} timezone="UTC" />);
    expect(html).toContain("Live");
    expect(html).toContain("updated 3 s ago");
    expect(html).toContain("conn-ok");
  });

  it("turns stale when pushes stop arriving on a live connection", () => {
    expect(renderToStaticMarkup(<ConnectionIndicator status="live" lastUpdateAt={0} now={20_000} timezone="UTC" />)).toContain("Stale");
  });

  it("shows when the last data came while offline", () => {
    const html = renderToStaticMarkup(
      <ConnectionIndicator status="offline" lastUpdateAt={Date.UTC(2026, 0, 1, 9, 5, 7)} now={Date.UTC(2026, 0, 1, 9, 9)} timezone="UTC" />,
    );
    expect(html).toContain("Offline");
    expect(html).toContain("last data 09:05:07");
    expect(html).toContain("conn-critical");
  });
});
