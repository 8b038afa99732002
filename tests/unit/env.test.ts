import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { envProblems } from "@/tests/support/env";

describe("loadEnv", () => {
  it("defaults to embedded mode with the emulator's credentials", () => {
    const env = loadEnv({});
    expect(env.mode).toBe("embedded");
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBeUndefined();
    expect(env.twilio.accountSid).toBe(env.emulator.accountSid);
    expect(env.simulator.enabled).toBe(true);
    expect(env.metrics).toEqual({ timezone: "UTC", slaSeconds: 20, shortAbandonSeconds: 5, splitSeconds: [] });
    expect(env.publicBaseUrl).toBeNull();
    expect(env.eventRetentionDays).toBe(400);
  });

  it("bounds EVENT_RETENTION_DAYS", () => {
    expect(loadEnv({ EVENT_RETENTION_DAYS: "30" }).eventRetentionDays).toBe(30);
    expect(envProblems({ EVENT_RETENTION_DAYS: "0" }).join(" ")).toMatch(/EVENT_RETENTION_DAYS.*at least 1/);
    expect(envProblems({ EVENT_RETENTION_DAYS: "ten" }).join(" ")).toMatch(/EVENT_RETENTION_DAYS.*whole number/);
  });

  it("reads the simulator's TaskRouter features, off by default, and bounds them", () => {
    expect(loadEnv({}).simulator.features).toEqual({ maxReservedWorkers: 1, transferShare: 0, capacityChanges: false });
    const on = loadEnv({ SIMULATOR_MAX_RESERVED_WORKERS: "2", SIMULATOR_TRANSFER_SHARE: "0.2", SIMULATOR_CAPACITY_CHANGES: "on" }).simulator
      .features;
    expect(on).toEqual({ maxReservedWorkers: 2, transferShare: 0.2, capacityChanges: true });
    expect(envProblems({ SIMULATOR_TRANSFER_SHARE: "1.5" }).join(" ")).toMatch(/SIMULATOR_TRANSFER_SHARE.*at most 1/);
    expect(envProblems({ SIMULATOR_MAX_RESERVED_WORKERS: "0" }).join(" ")).toMatch(/SIMULATOR_MAX_RESERVED_WORKERS.*at least 1/);
  });

  it("treats empty values as unset", () => {
    expect(loadEnv({ DATABASE_URL: "", PORT: " ", DASHBOARD_TIMEZONE: "" }).databaseUrl).toBeUndefined();
  });

  it("reads Twilio mode and its settings", () => {
    const env = loadEnv({
      TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "secret",
      TWILIO_WORKSPACE_SID: `WS${"b".repeat(32)}`,
      PUBLIC_BASE_URL: "https://wallboard.example.com/",
      DASHBOARD_TIMEZONE: "Europe/London",
      DASHBOARD_SPLIT_SECONDS: "60, 20,20",
    });
    expect(env.mode).toBe("twilio");
    expect(env.simulator.enabled).toBe(false);
    expect(env.publicBaseUrl).toBe("https://wallboard.example.com");
    expect(env.metrics.splitSeconds).toEqual([20, 60]);
    expect(env.metrics.timezone).toBe("Europe/London");
  });

  it("names every bad variable with what was wrong and what it got", () => {
    const problems = envProblems({
      PORT: "eighty",
      DASHBOARD_TIMEZONE: "Mars/Olympus",
      DATABASE_URL: "mysql://x",
      DASHBOARD_SPLIT_SECONDS: "20;60",
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith("PORT"))).toMatch(/whole number.*"eighty"/);
    expect(problems.find((p) => p.startsWith("DASHBOARD_TIMEZONE"))).toMatch(/IANA/);
    expect(problems.find((p) => p.startsWith("DATABASE_URL"))).toMatch(/postgres/);
    expect(problems.find((p) => p.startsWith("DASHBOARD_SPLIT_SECONDS"))).toMatch(/comma-separated/);
  });

  it("asks for the missing half of Twilio credentials and for PUBLIC_BASE_URL", () => {
    expect(envProblems({ TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}` })).toEqual([
      "TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set",
      "TWILIO_WORKSPACE_SID is required when TWILIO_ACCOUNT_SID is set",
    ]);
    const noPublicUrl = envProblems({
      TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "t",
      TWILIO_WORKSPACE_SID: `WS${"b".repeat(32)}`,
    });
    expect(noPublicUrl[0]).toMatch(/^PUBLIC_BASE_URL is required/);
  });
});

describe("DASHBOARD_THRESHOLDS", () => {
  it("merges over the defaults", () => {
    const env = loadEnv({ DASHBOARD_THRESHOLDS: '{"serviceLevel":{"targetPercent":90,"criticalBelowPercent":75}}' });
    expect(env.thresholds.serviceLevel.targetPercent).toBe(90);
    expect(loadEnv({}).thresholds.serviceLevel.targetPercent).toBe(80);
  });

  it("stops the start with the path of the bad field", () => {
    expect(envProblems({ DASHBOARD_THRESHOLDS: '{"serviceLevel":{"targetPercent":150}}' })).toEqual([
      "DASHBOARD_THRESHOLDS.serviceLevel.targetPercent must be at most 100",
    ]);
    expect(envProblems({ DASHBOARD_THRESHOLDS: "{oops" })[0]).toMatch(/^DASHBOARD_THRESHOLDS is not valid JSON/);
  });
});
