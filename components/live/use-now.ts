"use client";

import { useEffect, useState } from "react";

/**
 * The browser's clock, re-rendering every `intervalMs`. Null on the server and during
 * hydration, so server-rendered markup (ages at the snapshot's time) matches the first
 * client render; ticking starts right after.
 */
export function useNow(intervalMs = 1_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    // Align ticks on whole seconds so every ticking age on the page changes together.
    let interval: ReturnType<typeof setInterval> | null = null;
    const align = setTimeout(
      () => {
        setNow(Date.now());
        interval = setInterval(() => setNow(Date.now()), intervalMs);
      },
      intervalMs - (Date.now() % intervalMs),
    );
    return () => {
      clearTimeout(align);
      if (interval) clearInterval(interval);
    };
  }, [intervalMs]);
  return now;
}
