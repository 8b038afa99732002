"use client";

import { type ReactNode, useLayoutEffect, useRef, useState } from "react";

type Props = {
  title: string;
  /** Small qualifier after the title: "last 60 min", "today". */
  span: string;
  /** The current value, large, at the right of the title. */
  value?: ReactNode;
  /** `optional` items are left out where space is short (TV mode). */
  legend?: { label: string; color: string; dashed?: boolean; optional?: boolean }[];
  /** Shown instead of the chart: loading, error or "nothing yet". */
  placeholder?: string | null;
  testId?: string;
  /** The chart, given the axis text size in px (CSS decides it per screen; axes are sized from it). */
  children: (axis: AxisSize) => ReactNode;
};

export type AxisSize = { fontPx: number; yWidth(longestLabel: string): number; xHeight: number };

const DEFAULT_FONT_PX = 12;

export function axisSize(fontPx: number): AxisSize {
  return {
    fontPx,
    // Digits and % are about 0.6 em wide in the UI fonts; a little room so nothing clips.
    yWidth: (longestLabel) => Math.ceil(fontPx * (0.7 * longestLabel.length + 1)),
    xHeight: Math.ceil(fontPx * 1.7),
  };
}

export function ChartPanel({ title, span, value, legend, placeholder, testId, children }: Props) {
  const body = useRef<HTMLDivElement>(null);
  const [fontPx, setFontPx] = useState(DEFAULT_FONT_PX);
  useLayoutEffect(() => {
    const element = body.current;
    if (!element) return;
    const measure = () => setFontPx(Number.parseFloat(getComputedStyle(element).fontSize) || DEFAULT_FONT_PX);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <section className="chart-panel" data-testid={testId}>
      <header className="chart-head">
        <h2>
          {title} <span className="chart-span">{span}</span>
        </h2>
        {legend && legend.length > 0 ? (
          <ul className="chart-legend">
            {legend.map((item) => (
              <li key={item.label} className={item.optional ? "legend-optional" : undefined}>
                <span className={`swatch ${item.dashed ? "swatch-dashed" : ""}`} style={{ ["--swatch" as string]: item.color }} />
                {item.label}
              </li>
            ))}
          </ul>
        ) : (
          <span className="chart-head-gap" />
        )}
        {value !== undefined ? <span className="chart-value">{value}</span> : null}
      </header>
      <div className="chart-body" ref={body}>
        {placeholder ? <p className="chart-placeholder">{placeholder}</p> : children(axisSize(fontPx))}
      </div>
    </section>
  );
}
