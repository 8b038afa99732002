import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { localDays } from "@/lib/reports/context";
import { formatInstant, intervalStart, intervalStarts } from "@/lib/reports/time";

const labels = (fromIso: string, toIso: string, zone: string, minutes: number) =>
  [...intervalStarts(Date.parse(fromIso), Date.parse(toIso), IANAZone.create(zone), minutes)].map((ms) => formatInstant(ms, zone));

describe("report intervals", () => {
  it("skips the missing hour on a spring-forward day (New York, 2026-03-08)", () => {
    expect(labels("2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z", "America/New_York", 15)).toEqual([
      "2026-03-08T01:30:00-05:00",
      "2026-03-08T01:45:00-05:00",
      "2026-03-08T03:00:00-04:00",
      "2026-03-08T03:15:00-04:00",
    ]);
    expect(labels("2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", "America/New_York", 15)).toHaveLength(92);
  });

  it("repeats the doubled hour with its other offset on a fall-back day (London, 2026-10-25)", () => {
    expect(labels("2026-10-24T23:00:00Z", "2026-10-25T02:00:00Z", "Europe/London", 30)).toEqual([
      "2026-10-25T00:00:00+01:00",
      "2026-10-25T00:30:00+01:00",
      "2026-10-25T01:00:00+01:00",
      "2026-10-25T01:30:00+01:00",
      "2026-10-25T01:00:00+00:00",
      "2026-10-25T01:30:00+00:00",
    ]);
    expect(labels("2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z", "Europe/London", 60)).toHaveLength(25);
  });

  it("aligns on the local clock in zones whose offset is not whole hours", () => {
    const zone = IANAZone.create("Asia/Kolkata");
    const start = intervalStart(Date.parse("2026-03-08T04:10:00Z"), zone, 60); // 09:40 local
    expect(formatInstant(start, "Asia/Kolkata")).toBe("2026-03-08T09:00:00+05:30");
  });

  it("cuts a range into local days, 23 and 25 hours long on DST days", () => {
    const days = [...localDays(Date.parse("2026-10-24T23:00:00Z"), Date.parse("2026-10-26T12:00:00Z"), IANAZone.create("Europe/London"))];
    expect(days.map((d) => (d.toMs - d.fromMs) / 3_600_000)).toEqual([25, 12]);
  });
});
