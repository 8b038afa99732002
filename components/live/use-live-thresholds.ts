"use client";

import { useEffect, useState } from "react";
import type { Thresholds } from "@/lib/ui/thresholds";
import type { LiveSocket } from "./live-client";

/** The page's thresholds, replaced whenever an admin changes them (a `thresholds` push on the page's socket). */
export function useLiveThresholds(initial: Thresholds, socket: LiveSocket | null): Thresholds {
  const [thresholds, setThresholds] = useState(initial);
  useEffect(() => {
    if (!socket) return;
    const apply = ({ thresholds: next }: { thresholds: Thresholds }) => setThresholds(next);
    socket.on("thresholds", apply);
    return () => {
      socket.off("thresholds", apply);
    };
  }, [socket]);
  return thresholds;
}
