import { describe, expect, it } from "vitest";
import { decideFeedMessage } from "@/lib/ui/live-sequence";

const room = "workspace|today";

describe("decideFeedMessage", () => {
  it("takes a snapshot as the new baseline, whatever its number", () => {
    expect(decideFeedMessage({ room, seq: 9 }, { kind: "snapshot", room, seq: 3 })).toEqual({
      action: "apply",
      position: { room, seq: 3 },
    });
  });

  it("applies the next metrics push in order", () => {
    expect(decideFeedMessage({ room, seq: 3 }, { kind: "metrics", room, seq: 4 })).toEqual({ action: "apply", position: { room, seq: 4 } });
  });

  it("drops repeated or older pushes", () => {
    expect(decideFeedMessage({ room, seq: 4 }, { kind: "metrics", room, seq: 4 })).toEqual({ action: "ignore" });
    expect(decideFeedMessage({ room, seq: 4 }, { kind: "metrics", room, seq: 2 })).toEqual({ action: "ignore" });
  });

  it("asks for a fresh snapshot on a gap", () => {
    expect(decideFeedMessage({ room, seq: 4 }, { kind: "metrics", room, seq: 6 })).toEqual({ action: "resync" });
  });

  it("ignores messages for another room (the workspace snapshot sent on reconnect before a queue subscription lands)", () => {
    const queueRoom = "queue:WQ1|today";
    expect(decideFeedMessage({ room: queueRoom, seq: null }, { kind: "snapshot", room, seq: 0 })).toEqual({ action: "ignore" });
    expect(decideFeedMessage({ room: queueRoom, seq: 2 }, { kind: "metrics", room, seq: 3 })).toEqual({ action: "ignore" });
  });

  it("accepts a first metrics push as a baseline when no snapshot came yet", () => {
    expect(decideFeedMessage({ room, seq: null }, { kind: "metrics", room, seq: 12 })).toEqual({
      action: "apply",
      position: { room, seq: 12 },
    });
  });
});
