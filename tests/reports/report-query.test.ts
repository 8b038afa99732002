import { describe, expect, it } from "vitest";
import {
  daysBetween,
  downloadUrl,
  formProblem,
  intervalLabel,
  rangeLabel,
  type ReportForm,
  reportQuery,
} from "@/components/reports/report-query";

const form: ReportForm = {
  kind: "queue-intervals",
  fromDate: "2026-03-08",
  throughDate: "2026-03-08",
  timezone: "America/New_York",
  queueSids: [],
  intervalMinutes: 15,
};

describe("/reports form", () => {
  it("sends the last day as a date-only to, which includes it", () => {
    expect(reportQuery(form)).toBe("from=2026-03-08&to=2026-03-08&tz=America%2FNew_York&interval=15");
    expect(reportQuery({ ...form, throughDate: "2026-03-10" })).toBe("from=2026-03-08&to=2026-03-10&tz=America%2FNew_York&interval=15");
  });

  it("asks for empty=skip on queue intervals only", () => {
    expect(downloadUrl({ ...form, skipEmpty: true })).toMatch(/&empty=skip$/);
    expect(downloadUrl({ ...form, skipEmpty: false })).not.toContain("empty=");
    expect(downloadUrl({ ...form, kind: "tasks", skipEmpty: true })).not.toContain("empty=");
  });

  it("repeats queue for several queues and builds the download URL", () => {
    const url = downloadUrl({ ...form, kind: "tasks", queueSids: ["WQ1", "WQ2"] });
    expect(url).toBe("/api/reports/tasks.csv?from=2026-03-08&to=2026-03-08&tz=America%2FNew_York&interval=15&queue=WQ1&queue=WQ2");
  });

  it("explains a bad range before asking the server", () => {
    expect(formProblem(form, 31)).toBeNull();
    expect(formProblem({ ...form, throughDate: "2026-03-07" }, 31)).toMatch(/before the first day/);
    expect(formProblem({ ...form, throughDate: "2026-04-08" }, 31)).toMatch(/At most 31 days.*32/);
    expect(formProblem({ ...form, fromDate: "" }, 31)).toMatch(/first day/);
    expect(formProblem({ ...form, timezone: " " }, 31)).toMatch(/time zone/);
    expect(daysBetween("2026-03-01", "2026-03-31")).toBe(31);
  });

  it("labels intervals by local time, with the day over several days", () => {
    expect(intervalLabel("2026-03-08T03:15:00-04:00", false)).toBe("03:15");
    expect(intervalLabel("2026-03-08T03:15:00-04:00", true)).toBe("08 Mar 03:15");
  });
});

describe("rangeLabel", () => {
  it("reads the wall time as written", () => {
    expect(rangeLabel("2026-03-08T00:00:00-05:00", "2026-03-09T00:00:00-04:00")).toBe("8 Mar 2026 00:00 – 9 Mar 2026 00:00");
  });
});
