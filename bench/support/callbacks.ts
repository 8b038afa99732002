import twilio from "twilio";

export const BENCH_AUTH_TOKEN = "bench-auth-token";
export const BENCH_API_TOKEN = "bench-api-token-0123456789";

/** A realistic 1–2 KB `task-queue.entered` callback: each one adds a waiting task to `queueSid`. */
export function callbackParams(i: number, runId: string, queueSid = "WQ00000000000000000000000000000001"): Record<string, string> {
  const now = Date.now();
  return {
    Sid: `EV${runId}${String(i).padStart(20, "0")}`,
    EventType: "task-queue.entered",
    AccountSid: "AC00000000000000000000000000000000",
    WorkspaceName: "Bench",
    ResourceType: "task",
    ResourceSid: `WT${runId}${String(i).padStart(24, "0")}`,
    TaskSid: `WT${runId}${String(i).padStart(24, "0")}`,
    TaskQueueSid: queueSid,
    TaskQueueName: "Support",
    WorkflowSid: "WW00000000000000000000000000000001",
    TaskAssignmentStatus: "pending",
    TaskPriority: "1",
    TaskAge: "3",
    TaskAttributes: JSON.stringify({
      type: "support",
      language: "en",
      customer: { name: "Customer", tier: "gold", notes: "n".repeat(600) },
    }),
    TaskDateCreated: String(Math.floor(now / 1000)),
    EventDescription: "Task entered a queue",
    Timestamp: String(Math.floor(now / 1000)),
    TimestampMs: String(now),
  };
}

/** A form body with the signature Twilio would send for it to `signedUrl`. */
export function signedBody(params: Record<string, string>, signedUrl: string, authToken = BENCH_AUTH_TOKEN) {
  return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(authToken, signedUrl, params) };
}
