"use client";

import { type FormEvent, type ReactNode, useEffect, useRef } from "react";
import styles from "./admin.module.css";

type Props = {
  open: boolean;
  title: string;
  /** What will happen, said before it happens. */
  description?: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  error: string | null;
  onConfirm(): void;
  onClose(): void;
  testId?: string;
};

/** A modal confirm dialog (native <dialog>: focus trap, Esc, backdrop) around a small form. */
export function ActionDialog({ open, title, description, children, confirmLabel, danger, busy, error, onConfirm, onClose, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  // Mounted only while open (a table can have a hundred rows, each with its dialogs).
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onConfirm();
  };

  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form onSubmit={submit}>
        <div className={styles.dialogBody}>
          <h2 className={styles.dialogTitle} id={testId ? `${testId}-title` : undefined}>
            {title}
          </h2>
          {description ? <p className={styles.dialogText}>{description}</p> : null}
          {children}
          {error ? (
            <p className={styles.error} role="alert" data-testid="action-error">
              {error}
            </p>
          ) : null}
        </div>
        <div className={styles.dialogActions}>
          <button type="button" className={styles.secondary} onClick={onClose} disabled={busy}>
            Keep as is
          </button>
          <button type="submit" className={danger ? styles.danger : styles.primary} disabled={busy} data-testid="action-confirm">
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
