import { describe, expect, it } from "vitest";
import { describeChange, shortSid, targetLabel } from "@/lib/admin/describe";

const ok = { result: "success" as const, errorMessage: null };

describe("audit wording", () => {
  it("says what changed in one line", () => {
    expect(describeChange({ ...ok, action: "task.priority", before: { priority: 0 }, after: { priority: 10 } })).toBe("Priority 0 → 10");
    expect(
      describeChange({ ...ok, action: "task.reassign", before: { taskQueueName: "Sales" }, after: { targetTaskQueueName: "Billing" } }),
    ).toBe("Moved from Sales to Billing");
    expect(describeChange({ ...ok, action: "task.reassign", before: {}, after: { targetWorkerSid: "WK1", targetWorkerName: "Ana" } })).toBe(
      "Sent to agent Ana",
    );
    expect(describeChange({ ...ok, action: "task.cancel", before: {}, after: { reason: "duplicate" } })).toBe("Canceled: duplicate");
    expect(
      describeChange({ ...ok, action: "worker.activity", before: { activityName: "Available" }, after: { activityName: "Break" } }),
    ).toBe("Available → Break");
    expect(
      describeChange({
        ...ok,
        action: "user.update",
        before: { role: "viewer", disabledAt: null },
        after: { username: "sam", role: "admin", disabledAt: null, passwordChanged: true },
      }),
    ).toBe("User sam: role viewer → admin, new password");
    expect(
      describeChange({ result: "error", errorMessage: "409: Task WT1 is canceled", action: "task.priority", before: null, after: null }),
    ).toBe("Failed to change a task's priority: 409: Task WT1 is canceled");
  });

  it("names the target: the agent's name, or a short task sid", () => {
    expect(targetLabel({ targetType: "worker", targetSid: "WK123", before: { workerName: "Ana Souza" } })).toBe("Ana Souza");
    expect(targetLabel({ targetType: "task", targetSid: `WT${"ab".repeat(16)}`, before: null })).toBe("task WT…abab");
    expect(shortSid("WT12")).toBe("WT12");
  });
});
