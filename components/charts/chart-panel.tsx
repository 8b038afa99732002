import type { ReactNode } from "react";

type Props = {
  title: string;
  /** Small qualifier after the title: "last 60 min", "today". */
  span: string;
  /** The current value, large, at the right of the title. */
  value?: ReactNode;
  legend?: { label: string; color: string; dashed?: boolean }[];
  /** Shown instead of the chart: loading, error or "nothing yet". */
  placeholder?: string | null;
  testId?: string;
  children: ReactNode;
};

export function ChartPanel({ title, span, value, legend, placeholder, testId, children }: Props) {
  return (
    <section className="chart-panel" data-testid={testId}>
      <header className="chart-head">
        <h2>
          {title} <span className="chart-span">{span}</span>
        </h2>
        {legend && legend.length > 0 ? (
          <ul className="chart-legend">
            {legend.map((item) => (
              <li key={item.label}>
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
      <div className="chart-body">{placeholder ? <p className="chart-placeholder">{placeholder}</p> : children}</div>
    </section>
  );
}
