import { DateTime, IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
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
});

describe("formatInstant", () => {
  const zones = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "Asia/Kolkata",
  ];
  const luxon = (ms: number, zone: string) =>
    DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone })
      .toISO({ suppressMilliseconds: true })!
      .replace(/Z$/, "+00:00");

  it("writes what luxon writes: hourly through 2026, every minute around each DST change, random instants to 2200", () => {
    for (const zone of zones) {
      const transitions: number[] = [];
      let previous: number | null = null;
      for (let ms = Date.parse("2026-01-01T00:00:00Z"); ms < Date.parse("2027-01-01T00:00:00Z"); ms += 3_600_000) {
        expect(formatInstant(ms + 1_234, zone), zone).toBe(luxon(ms + 1_234, zone));
        const offset = IANAZone.create(zone).offset(ms);
        if (previous !== null && offset !== previous) transitions.push(ms);
        previous = offset;
      }
      if (zone !== "UTC" && zone !== "Asia/Kolkata" && zone !== "Asia/Kathmandu") expect(transitions.length, zone).toBe(2);
      for (const t of transitions) {
        for (let ms = t - 2 * 3_600_000; ms <= t + 3_600_000; ms += 59_000)
          expect(formatInstant(ms, zone), `${zone} ${ms}`).toBe(luxon(ms, zone));
      }
      let seed = 7;
      for (let i = 0; i < 300; i++) {
        seed = (seed * 48271) % 2147483647;
        const ms =
          Date.parse("2000-01-01T00:00:00Z") +
          (seed / 2147483647) * (Date.parse("2200-01-01T00:00:00Z") - Date.parse("2000-01-01T00:00:00Z"));
        expect(formatInstant(ms, zone), `${zone} ${ms}`).toBe(luxon(ms, zone));
      }
    }
  });
});
