"use client";

import { useNotificationChoice } from "./use-board-alerts";

// Words, not bell glyphs: kiosk and server fonts often lack the emoji.
const LABELS = {
  on: "Alerts on",
  off: "Alerts off",
  blocked: "Alerts blocked",
  unsupported: "",
} as const;

/** Desk mode: turn browser notifications for queues turning critical on or off. */
export function NotifyToggle() {
  const { state, toggle } = useNotificationChoice();
  if (state === "unsupported") return null;
  return (
    <button
      type="button"
      className="notify-toggle"
      aria-pressed={state === "on"}
      disabled={state === "blocked"}
      title={
        state === "blocked"
          ? "Notifications are blocked for this site in the browser's settings"
          : "A browser notification when a queue turns critical"
      }
      onClick={toggle}
      data-testid="notify-toggle"
      data-state={state}
    >
      {LABELS[state]}
    </button>
  );
}
