"use client";

import { useState } from "react";
import { ActionDialog } from "./action-dialog";

export type ConfirmRequest = {
  title: string;
  text: string;
  label: string;
  danger?: boolean;
  /** Does the change; resolves to a problem to show, or null when done. */
  run(): Promise<string | null>;
};

/** One confirm dialog for a panel's buttons: `ask` opens it, `dialog` is the element to render. */
export function useConfirm(testId: string) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (!request) return;
    setBusy(true);
    setError(null);
    const problem = await request.run();
    setBusy(false);
    if (problem) return setError(problem);
    setRequest(null);
  };

  const dialog = (
    <ActionDialog
      open={request !== null}
      title={request?.title ?? ""}
      description={request?.text}
      confirmLabel={request?.label ?? "Confirm"}
      danger={request?.danger}
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onClose={() => setRequest(null)}
      testId={testId}
    />
  );
  return {
    ask(next: ConfirmRequest) {
      setError(null);
      setRequest(next);
    },
    dialog,
  };
}

/** A panel's last outcome, above its form. */
export type PanelMessage = { kind: "error" | "notice"; text: string } | null;
