"use client";

import { useRef, useState } from "react";
import { MAX_PRIORITY } from "@/lib/admin/limits";
import type { ActionOptions } from "@/lib/admin/options";
import { shortSid } from "@/lib/admin/describe";
import { taskActionBlocks } from "@/lib/ui/tasks";
import { ActionDialog } from "./action-dialog";
import { ActionMenu, type MenuItem } from "./action-menu";
import styles from "@/components/chrome/controls.module.css";
import { type ApiResult, explainFailure, sendJson, useActionOptions, useSession } from "@/components/session/session-client";

export type QueueOption = ActionOptions["queues"][number];
export type WorkerOption = ActionOptions["workers"][number];

type Props = {
  taskSid: string;
  currentPriority: number;
  /** The task's assignment status: only pending or reserved tasks can be moved or canceled. */
  status: string;
  currentQueueSid?: string | null;
  /** Offered in the move dialogs; loaded from /api/admin/options when not given. */
  queues?: QueueOption[];
  workers?: WorkerOption[];
  /** How the dialogs name the task ("Billing call from +44…"); its short sid otherwise. */
  taskLabel?: string;
  /** After a successful change (the live feed shows its effect moments later). */
  onDone?(): void;
};

type Dialog = "priority" | "queue" | "agent" | "cancel";

/** The action menu of a task row: priority, move to a queue, send to an agent, cancel; each confirmed first. */
export function TaskActions({
  taskSid,
  currentPriority,
  status,
  currentQueueSid = null,
  queues: givenQueues,
  workers: givenWorkers,
  taskLabel,
  onDone,
}: Props) {
  const session = useSession();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const options = useActionOptions(dialog === "queue" || dialog === "agent", {
    queues: givenQueues,
    workers: givenWorkers,
    activities: [],
  });
  const queues = options?.queues ?? [];
  const workers = options?.workers ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [priority, setPriority] = useState(String(currentPriority));
  const [queueSid, setQueueSid] = useState("");
  const [workerSid, setWorkerSid] = useState("");
  const [reason, setReason] = useState("");

  if (!session) return null;
  const { can } = session;
  const blocked = taskActionBlocks(status, session.reassign);
  const items: MenuItem[] = [
    ...(can["task.priority"] ? [{ key: "priority", label: "Change priority…" }] : []),
    ...(can["task.reassign"]
      ? [
          // A workflow without a filter on the move's attribute would route the task back: say so and how to fix it.
          { key: "queue", label: "Move to another queue…", disabledReason: blocked.queue },
          { key: "agent", label: "Send to a specific agent…", disabledReason: blocked.agent },
        ]
      : []),
    ...(can["task.cancel"] ? [{ key: "cancel", label: "Cancel task…", danger: true, disabledReason: blocked.cancel }] : []),
  ];
  if (items.length === 0) return null;

  const name = taskLabel ? `${taskLabel} (${shortSid(taskSid)})` : `task ${shortSid(taskSid)}`;
  const otherQueues = queues.filter((queue) => queue.sid !== currentQueueSid);
  const sortedWorkers = [...workers].sort((a, b) => a.friendlyName.localeCompare(b.friendlyName));

  const open = (key: string) => {
    setError(null);
    setPriority(String(currentPriority));
    setQueueSid("");
    setWorkerSid("");
    setReason("");
    setDialog(key as Dialog);
  };
  // The first choice is preselected once the options are known.
  const chosenQueueSid = queueSid || otherQueues[0]?.sid || "";
  const chosenWorkerSid = workerSid || sortedWorkers[0]?.sid || "";

  const run = async (call: () => Promise<ApiResult<unknown>>, success: string) => {
    setBusy(true);
    setError(null);
    const result = await call();
    setBusy(false);
    if (!result.ok) return setError(explainFailure(result));
    setDialog(null);
    setNotice(success);
    setTimeout(() => setNotice(null), 4_000);
    onDone?.();
  };

  const base = `/api/admin/tasks/${encodeURIComponent(taskSid)}`;
  const confirm = () => {
    switch (dialog) {
      case "priority": {
        const value = Number(priority);
        if (!/^\d+$/.test(priority.trim()) || value > MAX_PRIORITY)
          return setError(`Priority must be a whole number from 0 to ${MAX_PRIORITY}.`);
        return void run(() => sendJson("POST", `${base}/priority`, { priority: value }), `Priority of ${name} set to ${value}.`);
      }
      case "queue": {
        const queue = queues.find((candidate) => candidate.sid === chosenQueueSid);
        if (!queue) return setError("Choose a queue.");
        return void run(() => sendJson("POST", `${base}/reassign`, { taskQueueSid: queue.sid }), `${name} moved to ${queue.friendlyName}.`);
      }
      case "agent": {
        const worker = workers.find((candidate) => candidate.sid === chosenWorkerSid);
        if (!worker) return setError("Choose an agent.");
        return void run(
          () => sendJson("POST", `${base}/reassign`, { workerSid: worker.sid }),
          `${name} is now reserved for ${worker.friendlyName}.`,
        );
      }
      case "cancel":
        if (!reason.trim()) return setError("Say why the task is canceled: the reason is kept with the task and in the audit log.");
        return void run(() => sendJson("POST", `${base}/cancel`, { reason: reason.trim() }), `${name} canceled.`);
      default:
        return undefined;
    }
  };

  const common = { busy, error, onConfirm: confirm, onClose: () => setDialog(null), returnFocusRef: triggerRef };
  return (
    <>
      <ActionMenu label={`Actions for ${name}`} items={items} onSelect={open} testId="task-actions" triggerRef={triggerRef} />
      <ActionDialog
        {...common}
        open={dialog === "priority"}
        title="Change priority"
        description={`Higher priority tasks are offered to agents first, ahead of older tasks. ${name} has priority ${currentPriority}.`}
        confirmLabel="Set priority"
        testId="dialog-priority"
      >
        <label className={styles.field}>
          New priority (0 – {MAX_PRIORITY})
          <input
            className={styles.input}
            name="priority"
            inputMode="numeric"
            autoFocus
            value={priority}
            onChange={(event) => setPriority(event.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
      </ActionDialog>
      <ActionDialog
        {...common}
        open={dialog === "queue"}
        title="Move to another queue"
        description={`${name} gets the task attribute targetTaskQueueSid; TaskRouter routes it through its workflow again, withdraws an open offer to an agent, and the workflow's filter on that attribute puts it in the queue you choose, where it waits.`}
        confirmLabel="Move task"
        testId="dialog-queue"
      >
        {!options ? (
          <p className={styles.dialogText}>Loading queues…</p>
        ) : otherQueues.length === 0 ? (
          <p className={styles.dialogText}>There is no other queue.</p>
        ) : (
          <label className={styles.field}>
            Queue
            <select
              className={styles.select}
              name="taskQueueSid"
              value={chosenQueueSid}
              onChange={(event) => setQueueSid(event.target.value)}
              autoFocus
            >
              {otherQueues.map((queue) => (
                <option key={queue.sid} value={queue.sid}>
                  {queue.friendlyName}
                </option>
              ))}
            </select>
          </label>
        )}
      </ActionDialog>
      <ActionDialog
        {...common}
        open={dialog === "agent"}
        title="Send to a specific agent"
        description={`${name} gets the task attribute targetWorkerSid; TaskRouter routes it through its workflow again, withdraws an open offer to another agent, and offers it only to the agent you choose, waiting until that agent is available (known-agent routing).`}
        confirmLabel="Send to agent"
        testId="dialog-agent"
      >
        {!options ? (
          <p className={styles.dialogText}>Loading agents…</p>
        ) : (
          <label className={styles.field}>
            Agent
            <select
              className={styles.select}
              name="workerSid"
              value={chosenWorkerSid}
              onChange={(event) => setWorkerSid(event.target.value)}
              autoFocus
            >
              {sortedWorkers.map((worker) => (
                <option key={worker.sid} value={worker.sid}>
                  {worker.friendlyName}
                  {worker.activityName ? ` — ${worker.activityName}` : ""}
                </option>
              ))}
            </select>
          </label>
        )}
      </ActionDialog>
      <ActionDialog
        {...common}
        open={dialog === "cancel"}
        danger
        title="Cancel task"
        description={`${name} is removed from its queue and nobody will handle it. This cannot be undone.`}
        confirmLabel="Cancel task"
        testId="dialog-cancel"
      >
        <label className={styles.field}>
          Reason (kept with the task)
          <input
            className={styles.input}
            name="reason"
            maxLength={255}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoFocus
          />
        </label>
      </ActionDialog>
      {notice ? (
        <div className={styles.toast} role="status">
          <p className={styles.notice}>{notice}</p>
        </div>
      ) : null}
    </>
  );
}
