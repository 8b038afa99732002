"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { AuditMessage, ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/protocol";

type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** Any socket that delivers `audit` events (a page's own live socket can be passed in). */
export type AuditSource = Pick<FeedSocket, "on" | "off" | "connected">;

// One connection per page for every audit listener that is not handed a socket.
let shared: { socket: FeedSocket; users: number } | null = null;

function acquire(): FeedSocket {
  shared ??= { socket: io({ path: "/socket.io", withCredentials: true, reconnectionDelayMax: 5_000 }), users: 0 };
  shared.users += 1;
  return shared.socket;
}

function release(): void {
  if (!shared) return;
  shared.users -= 1;
  if (shared.users <= 0) {
    shared.socket.disconnect();
    shared = null;
  }
}

export type FeedStatus = "connecting" | "live" | "reconnecting" | "refused";

/** Calls `onEntry` for each audit entry pushed by the server, as it happens. */
export function useAuditFeed(onEntry: (entry: AuditMessage) => void, source?: AuditSource): FeedStatus {
  const [status, setStatus] = useState<FeedStatus>("connecting");
  const handler = useRef(onEntry);
  handler.current = onEntry;

  useEffect(() => {
    const socket: AuditSource = source ?? acquire();
    const onAudit = (entry: AuditMessage) => handler.current(entry);
    const onConnect = () => setStatus("live");
    const onDisconnect = () => setStatus("reconnecting");
    const onError = (error: Error) => setStatus(/unauthori[sz]ed/i.test(error.message) ? "refused" : "reconnecting");
    socket.on("audit", onAudit);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onError);
    if (socket.connected) setStatus("live");
    return () => {
      socket.off("audit", onAudit);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onError);
      if (!source) release();
    };
  }, [source]);

  return status;
}
