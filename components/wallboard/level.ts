import type { ThresholdLevel } from "@/lib/ui/thresholds";

/** Class names for a value coloured by its threshold level (see globals.css `.lvl-*`). */
export function levelClass(level: ThresholdLevel): string {
  return `lvl lvl-${level}`;
}

export const LEVEL_WORDS: Record<ThresholdLevel, string> = {
  ok: "on target",
  warn: "below target",
  critical: "critical",
  none: "no data yet",
};
