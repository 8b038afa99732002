"use client";

import { useState } from "react";
import { ActionDialog } from "./action-dialog";
import { ActionMenu } from "./action-menu";
import styles from "./admin.module.css";
import { explainFailure, sendJson, useSession } from "./session-client";

export type ActivityOption = { sid: string; friendlyName: string; available: boolean };

type Props = {
  workerSid: string;
  workerName: string;
  currentActivitySid: string | null;
  activities: ActivityOption[];
  onDone?(): void;
};

/** The action menu of an agent row: change the agent's activity, confirmed first. */
export function WorkerActions({ workerSid, workerName, currentActivitySid, activities, onDone }: Props) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [activitySid, setActivitySid] = useState("");

  if (!session?.can["worker.activity"]) return null;
  const choices = activities.filter((activity) => activity.sid !== currentActivitySid);
  const chosen = activities.find((activity) => activity.sid === activitySid) ?? null;
  const current = activities.find((activity) => activity.sid === currentActivitySid)?.friendlyName ?? "unknown";

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
        items={[{ key: "activity", label: "Change activity…", disabledReason: choices.length === 0 ? "No other activity" : null }]}
        onSelect={() => {
          setError(null);
          setActivitySid(choices[0]?.sid ?? "");
          setOpen(true);
        }}
        testId="worker-actions"
      />
      <ActionDialog
        open={open}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
        title={`Change ${workerName}'s activity`}
        description={`${workerName} is ${current}. The agent sees the change at once.`}
        confirmLabel="Change activity"
        testId="dialog-activity"
      >
        <label className={styles.field}>
          New activity
          <select className={styles.select} name="activitySid" value={activitySid} onChange={(event) => setActivitySid(event.target.value)} autoFocus>
            {choices.map((activity) => (
              <option key={activity.sid} value={activity.sid}>
                {activity.friendlyName}
                {activity.available ? " (takes tasks)" : ""}
              </option>
            ))}
          </select>
        </label>
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
