import type { Socket } from "socket.io";
import type { RealtimeHub, SocketAuthorizer } from "@/lib/realtime/hub";
import { type AuthContext, authenticate, type Credentials, type Principal } from "./authenticate";

type HubServer = RealtimeHub["io"];

/** Rooms that let logout and user changes end the matching live connections, on every instance. */
export const sessionRoom = (sessionId: string) => `auth:session:${sessionId}`;
export const userRoom = (userId: string) => `auth:user:${userId}`;

const MAX_TIMER_MS = 2 ** 31 - 1;

export type SocketAuth = {
  /** The hub's `authorize` option. */
  authorize: SocketAuthorizer;
  /** Call right after the hub is built: joins session/user rooms, ends expired sessions. */
  attach(io: HubServer): void;
};

/**
 * Socket.IO connections need the same credentials as pages: the session cookie (browsers send it
 * with the handshake) or a bearer token (`Authorization` header, or `auth: { token }` from scripts).
 */
export function createSocketAuth(context: () => AuthContext): SocketAuth {
  const principals = new WeakMap<Socket, Principal>();

  const authorize: SocketAuthorizer = async (socket) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const credentials: Credentials =
      typeof token === "string" && token
        ? { authorization: `Bearer ${token}` }
        : { cookie: socket.handshake.headers.cookie, authorization: socket.handshake.headers.authorization };
    const result = await authenticate(context(), credentials);
    if (!result.ok) return { ok: false, reason: `unauthorized: ${result.reason}` };
    principals.set(socket, result.principal);
    return { ok: true };
  };

  const attach = (io: HubServer) => {
    io.on("connection", (socket) => {
      const principal = principals.get(socket);
      if (!principal) return;
      if (principal.sessionId) void socket.join(sessionRoom(principal.sessionId));
      if (principal.userId) void socket.join(userRoom(principal.userId));
      if (principal.expiresAt) {
        const remaining = Math.max(0, principal.expiresAt.getTime() - Date.now());
        const timer = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, remaining));
        timer.unref();
        socket.once("disconnect", () => clearTimeout(timer));
      }
    });
  };

  return { authorize, attach };
}

/** Ends the live connections of one session (logout) or of one user (disabled, new password). */
export function disconnectSession(io: HubServer, sessionId: string): void {
  io.in(sessionRoom(sessionId)).disconnectSockets(true);
}

export function disconnectUser(io: HubServer, userId: string): void {
  io.in(userRoom(userId)).disconnectSockets(true);
}
