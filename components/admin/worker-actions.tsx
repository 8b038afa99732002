"use client";

import { useRef, useState } from "react";
import type { ActionOptions } from "@/lib/admin/options";
import { ActionDialog } from "./action-dialog";
import { ActionMenu } from "./action-menu";
import styles from "@/components/chrome/controls.module.css";
import { explainFailure, sendJson, useActionOptions, useSession } from "@/components/session/session-client";

export type ActivityOption = ActionOptions["activities"][number];

type Props = {
  workerSid: string;
  workerName: string;
  currentActivitySid: string | null;
  /** Offered in the dialog; loaded from /api/admin/options when not given. */
  activities?: ActivityOption[];
  onDone?(): void;
};

/** The action menu of an agent row: change the agent's activity, confirmed first. */
export function WorkerActions({ workerSid, workerName, currentActivitySid, activities: givenActivities, onDone }: Props) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const options = useActionOptions(open, { activities: givenActivities, queues: [], workers: [] });
  const activities = options?.activities ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [activitySid, setActivitySid] = useState("");

  if (!session?.can["worker.activity"]) return null;
  const choices = activities.filter((activity) => activity.sid !== currentActivitySid);
  const chosen = activities.find((activity) => activity.sid === (activitySid || choices[0]?.sid)) ?? null;
  const current = activities.find((activity) => activity.sid === currentActivitySid)?.friendlyName ?? "in their current activity";

  const confirm = async () => {
    if (!chosen) return setError("Choose an activity.");
    setBusy(true);
    setError(null);
    const result = await sendJson("POST", `/api/admin/workers/${encodeURIComponent(workerSid)}/activity`, { activitySid: chosen.sid });
    setBusy(false);
    if (!result.ok) return setError(explainFailure(result));
    setOpen(false);
    setNotice(`${workerName} is now ${chosen.friendlyName}.`);
    setTimeout(() => setNotice(null), 4_000);
    onDone?.();
  };

  return (
    <>
      <ActionMenu
        label={`Actions for ${workerName}`}
        items={[{ key: "activity", label: "Change activity…" }]}
        onSelect={() => {
          setError(null);
          setActivitySid("");
          setOpen(true);
        }}
        testId="worker-actions"
        triggerRef={triggerRef}
      />
      <ActionDialog
        open={open}
        returnFocusRef={triggerRef}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
        title={`Change ${workerName}'s activity`}
        description={`${workerName} is ${current}. The agent sees the change at once.`}
        confirmLabel="Change activity"
        testId="dialog-activity"
      >
        {!options ? (
          <p className={styles.dialogText}>Loading activities…</p>
        ) : (
          <label className={styles.field}>
            New activity
            <select
              className={styles.select}
              name="activitySid"
              value={chosen?.sid ?? ""}
              onChange={(event) => setActivitySid(event.target.value)}
              autoFocus
            >
              {choices.map((activity) => (
                <option key={activity.sid} value={activity.sid}>
                  {activity.friendlyName}
                  {activity.available ? " (takes tasks)" : ""}
                </option>
              ))}
            </select>
          </label>
        )}
        {chosen && !chosen.available ? (
          <p className={styles.dialogText}>Tasks ringing for {workerName} right now go back to the queue for other agents.</p>
        ) : null}
      </ActionDialog>
      {notice ? (
        <div className={styles.toast} role="status">
          <p className={styles.notice}>{notice}</p>
        </div>
      ) : null}
    </>
  );
}
