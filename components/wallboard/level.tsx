import type { ThresholdLevel } from "@/lib/ui/thresholds";

/** Class names for a value coloured by its threshold level (see globals.css `.lvl-*`). */
export function levelClass(level: ThresholdLevel): string {
  return `lvl lvl-${level}`;
}

export const LEVEL_WORDS: Record<ThresholdLevel, string> = {
  ok: "on target",
  warn: "warning",
  critical: "critical",
  none: "no data yet",
};

const LEVEL_ICONS: Partial<Record<ThresholdLevel, string>> = { warn: "▲", critical: "■" };

/** A shape beside a warning or critical value, so the level never rests on colour alone. */
export function LevelMark({ level }: { level: ThresholdLevel }) {
  const icon = LEVEL_ICONS[level];
  if (!icon) return null;
  return (
    <span className={`lvl-mark lvl-mark-${level}`} role="img" aria-label={LEVEL_WORDS[level]} title={LEVEL_WORDS[level]}>
      {icon}
    </span>
  );
}
