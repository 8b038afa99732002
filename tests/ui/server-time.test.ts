import { describe, expect, it } from "vitest";
import { serverTime } from "@/components/live/server-time";

const generatedAtMs = Date.parse("2026-11-23T12:00:00.000Z");
const clock = { generatedAtMs, receivedAtMs: 1_000_000 };

describe("serverTime", () => {
  it("ticks the clock and the ages together while live", () => {
    expect(serverTime({ clock, status: "live", disconnectedAt: null }, 1_004_000)).toEqual({
      clockMs: generatedAtMs + 4_000,
      dataMs: generatedAtMs + 4_000,
      elapsedSeconds: 4,
    });
  });

  it("keeps the clock running but freezes ages when the connection dropped", () => {
    const state = { clock, status: "offline" as const, disconnectedAt: 1_002_500 };
    expect(serverTime(state, 1_030_000)).toEqual({ clockMs: generatedAtMs + 30_000, dataMs: generatedAtMs + 2_500, elapsedSeconds: 2.5 });
  });

  it("shows the snapshot's own time before hydration and nothing before a snapshot", () => {
    expect(serverTime({ clock, status: "connecting", disconnectedAt: null }, null).clockMs).toBe(generatedAtMs);
    expect(serverTime({ clock: null, status: "connecting", disconnectedAt: null }, 5)).toEqual({
      clockMs: null,
      dataMs: null,
      elapsedSeconds: 0,
    });
  });
});
