"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { FormEvent, ReactNode, RefObject } from "react";
import styles from "@/components/chrome/controls.module.css";

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
  /**
   * Where the focus goes when the dialog closes: the ⋯ button it was opened from. (Opened from a
   * menu item, the dialog would otherwise return it to that item, gone by then: to the page.)
   */
  returnFocusRef?: RefObject<HTMLElement | null>;
};

/** A modal confirm dialog around a small form (Radix: focus trapped and restored, Esc and outside click close). */
export function ActionDialog({
  open,
  title,
  description,
  children,
  confirmLabel,
  danger,
  busy,
  error,
  onConfirm,
  onClose,
  testId,
  returnFocusRef,
}: Props) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onConfirm();
  };
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next && !busy) onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className={styles.overlay} />
        <Dialog.Content
          className={styles.dialog}
          data-testid={testId}
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            const target = returnFocusRef?.current;
            if (target?.isConnected) {
              event.preventDefault();
              target.focus();
            }
          }}
        >
          <form onSubmit={submit}>
            <div className={styles.dialogBody}>
              <Dialog.Title className={styles.dialogTitle}>{title}</Dialog.Title>
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
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
