/** The alert webhook: what is critical, when a message goes out, and that the URL is never logged. */
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertWebhook, type CriticalQueue, criticalQueues } from "@/lib/alerts";
import { loadEnv } from "@/lib/env";
import { DEFAULT_THRESHOLDS } from "@/lib/ui/thresholds";
import { envProblems } from "@/tests/support/env";
import { WebhookReceiver } from "@/tests/support/webhook-receiver";
import { cumulative, queue, realtime, snapshot } from "../ui/fixtures";

const SECRET = "T0SECRET/B0SECRET/xoxb-do-not-log";

const HOOK_PATH = `/services/${SECRET}`;

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

const q = (queueSid: string, name: string): CriticalQueue => ({ queueSid, name, reasons: ["longest wait 1:30 (critical at 60 s)"] });

describe("criticalQueues", () => {
  it("names the queues the board shows critical, and why", () => {
    const board = snapshot({
      queues: [
        queue({
          sid: "WQsales",
          friendlyName: "Sales",
          realtime: realtime({
            tasksByStatus: { pending: 2, reserved: 0, assigned: 0, wrapping: 0 },
            longestTaskWaitingAge: 90,
            longestTaskWaitingSid: "WT1",
          }),
        }),
        queue({
          sid: "WQsupport",
          friendlyName: "Support",
          cumulative: cumulative({ serviceLevel: { thresholdSeconds: 20, shortAbandonSeconds: 5, percent: 50 } }),
        }),
        queue({ sid: "WQquiet", friendlyName: "Quiet" }),
      ],
    });
    expect(criticalQueues(board, DEFAULT_THRESHOLDS)).toEqual([
      { queueSid: "WQsales", name: "Sales", reasons: ["longest wait 1:30 (critical at 60 s)"] },
      { queueSid: "WQsupport", name: "Support", reasons: ["service level 50% (target 80%)"] },
    ]);
  });
});

describe("AlertWebhook", () => {
  const receiver = new WebhookReceiver();
  beforeAll(() => receiver.start(HOOK_PATH));
  afterAll(() => receiver.stop());

  it("sends once when queues turn critical, together, and not again within the cool-down", async () => {
    receiver.bodies.length = 0;
    const { log, lines } = capturedLogger();
    const webhook = new AlertWebhook({ url: receiver.url, cooldownMs: 60_000 }, log, { dashboardUrl: "https://board.example/" });
    const t0 = Date.parse("2026-12-01T10:00:00Z");
    expect(await webhook.observe([q("WQ1", "Sales"), q("WQ2", "Billing")], t0)).toHaveLength(2);
    expect(receiver.bodies).toHaveLength(1);
    expect(receiver.bodies[0]).toMatchObject({
      text: expect.stringContaining("2 queues are critical"),
      queues: [
        { queueSid: "WQ1", name: "Sales" },
        { queueSid: "WQ2", name: "Billing" },
      ],
      at: "2026-12-01T10:00:00.000Z",
    });
    expect(String(receiver.bodies[0]?.text)).toContain("• Sales: longest wait 1:30");
    // Still critical: nothing new. Clears and turns critical again within the cool-down: still nothing.
    expect(await webhook.observe([q("WQ1", "Sales"), q("WQ2", "Billing")], t0 + 5_000)).toEqual([]);
    expect(await webhook.observe([], t0 + 10_000)).toEqual([]);
    expect(await webhook.observe([q("WQ1", "Sales")], t0 + 15_000)).toEqual([]);
    expect(receiver.bodies).toHaveLength(1);
    // Past the cool-down, a queue that turns critical again is announced.
    expect(await webhook.observe([], t0 + 61_000)).toEqual([]);
    expect((await webhook.observe([q("WQ1", "Sales")], t0 + 62_000)).map((c) => c.queueSid)).toEqual(["WQ1"]);
    expect(receiver.bodies).toHaveLength(2);
    expect(receiver.bodies[1]?.text).toMatch(/^:rotating_light: Queue Sales is critical/);
    expect(lines.join("")).not.toContain(SECRET);
    expect(lines.join("")).toContain("Alert webhook sent");
  });

  it("logs a refusal or an unreachable receiver without the URL", async () => {
    const { log, lines } = capturedLogger();
    receiver.status = 500;
    await new AlertWebhook({ url: receiver.url, cooldownMs: 60_000 }, log).observe([q("WQ1", "Sales")]);
    receiver.status = 200;
    const closed = new WebhookReceiver();
    await closed.start(HOOK_PATH);
    const deadUrl = closed.url;
    await closed.stop();
    await new AlertWebhook({ url: deadUrl, cooldownMs: 60_000 }, log).observe([q("WQ1", "Sales")]);
    const text = lines.join("");
    expect(text).toContain("Alert webhook refused");
    expect(text).toContain('"status":500');
    expect(text).toContain("Alert webhook failed");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("/services/");
  });
});

describe("ALERT_WEBHOOK_URL", () => {
  it("takes an https URL and a cool-down, off by default", () => {
    expect(loadEnv({}).alertWebhook).toBeNull();
    expect(
      loadEnv({ ALERT_WEBHOOK_URL: `https://hooks.example.com/services/${SECRET}`, ALERT_WEBHOOK_COOLDOWN_SECONDS: "60" }).alertWebhook,
    ).toEqual({
      url: `https://hooks.example.com/services/${SECRET}`,
      cooldownMs: 60_000,
    });
    expect(loadEnv({ ALERT_WEBHOOK_URL: "http://localhost:9000/hook" }).alertWebhook?.cooldownMs).toBe(300_000);
  });

  it("refuses plain http elsewhere and a tiny cool-down, without echoing the URL", () => {
    const problems = envProblems({ ALERT_WEBHOOK_URL: `http://hooks.example.com/${SECRET}`, ALERT_WEBHOOK_COOLDOWN_SECONDS: "1" });
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith("ALERT_WEBHOOK_URL"))).toMatch(/https/);
    expect(problems.join("\n")).not.toContain(SECRET);
    expect(problems.find((p) => p.startsWith("ALERT_WEBHOOK_COOLDOWN_SECONDS"))).toMatch(/at least 10/);
  });
});
