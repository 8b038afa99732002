"use client";

import { BOARD_WINDOWS, windowLabel } from "@/lib/ui/wallboard";

/**
 * Desk mode: today or a rolling window for service level and counts. The choice is the URL's
 * `window` (a board's link carries it); the page reloads so its first snapshot is of that window.
 */
export function WindowSelect({ minutes }: { minutes: number | null }) {
  return (
    <label className="window-select" title="Service level, handled and abandoned over">
      <select
        aria-label="Service level, handled and abandoned over"
        value={minutes ?? ""}
        data-testid="window-select"
        onChange={(event) => {
          const params = new URLSearchParams(window.location.search);
          if (event.target.value) params.set("window", event.target.value);
          else params.delete("window");
          const query = params.toString();
          window.location.assign(`${window.location.pathname}${query ? `?${query}` : ""}`);
        }}
      >
        <option value="">Today</option>
        {BOARD_WINDOWS.map((m) => (
          <option key={m} value={m}>
            {windowLabel(m).replace(/^last/, "Last")}
          </option>
        ))}
      </select>
    </label>
  );
}
