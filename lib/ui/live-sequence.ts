/**
 * Ordering rules for the Socket.IO feed (lib/realtime/protocol.ts). Every message carries a
 * full snapshot, the room it belongs to and a room-local sequence number:
 * - `snapshot` (on connect, subscribe and resync) restarts the count at its `seq`;
 * - `metrics` must be exactly last + 1; an older or repeated one is dropped, a jump means
 *   pushes were lost, so the client asks for a fresh snapshot instead of trusting the jump;
 * - messages for another room (the workspace snapshot a reconnect sends before our queue
 *   subscription lands, or a room we just left) are ignored.
 */
export type FeedPosition = { room: string; seq: number | null };

export type FeedMessage = { kind: "snapshot" | "metrics"; room: string; seq: number };

export type FeedDecision = { action: "apply"; position: FeedPosition } | { action: "ignore" } | { action: "resync" };

export function decideFeedMessage(position: FeedPosition, message: FeedMessage): FeedDecision {
  if (message.room !== position.room) return { action: "ignore" };
  if (message.kind === "snapshot") return { action: "apply", position: { room: position.room, seq: message.seq } };
  if (position.seq === null) {
    // No baseline yet in this room: a full metrics snapshot is as good as one.
    return { action: "apply", position: { room: position.room, seq: message.seq } };
  }
  if (message.seq <= position.seq) return { action: "ignore" };
  if (message.seq === position.seq + 1) return { action: "apply", position: { room: position.room, seq: message.seq } };
  return { action: "resync" };
}
