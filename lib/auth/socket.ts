import type { Socket } from "socket.io";
import { AUDIT_ROOM, type RealtimeHub, type SocketAuthorizer } from "@/lib/realtime/hub";
import { type AuthContext, authenticate, type Credentials, type Principal } from "./authenticate";
import { allowedOriginsOf, checkOrigin, type OriginSettings } from "./csrf";
import { hasRole, REQUIRED_ROLE } from "./roles";
import { limitSocketFloods } from "./socket-limits";

type HubServer = RealtimeHub["io"];

/** Rooms that let logout, user and token changes end the matching live connections, on every instance. */
export const sessionRoom = (sessionId: string) => `auth:session:${sessionId}`;
export const userRoom = (userId: string) => `auth:user:${userId}`;
export const tokenRoom = (tokenId: string) => `auth:token:${tokenId}`;

const MAX_TIMER_MS = 2 ** 31 - 1;

export type SocketAuth = {
  /** The hub's `authorize` option. */
  authorize: SocketAuthorizer;
  /** Call right after the hub is built: joins session/user/token rooms, ends expired sessions, limits floods. */
  attach(io: HubServer): void;
};

/**
 * Socket.IO connections need the same credentials as pages: the session cookie (browsers send it
 * with the handshake) or a bearer token (`Authorization` header, or `auth: { token }` from scripts).
 * A browser's handshake must come from one of our origins, as a cookie write must (a page on
 * another site could otherwise open a socket with the user's cookie and read the board).
 */
export function createSocketAuth(context: () => AuthContext, origins: () => OriginSettings): SocketAuth {
  const principals = new WeakMap<Socket, Principal>();

  const authorize: SocketAuthorizer = async (socket) => {
    const headers = socket.handshake.headers;
    const single = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const originProblem = checkOrigin(single("origin") ?? null, allowedOriginsOf(single, origins()));
    if (originProblem) return { ok: false, reason: `forbidden: ${originProblem}` };
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const credentials: Credentials =
      typeof token === "string" && token
        ? { authorization: `Bearer ${token}` }
        : { cookie: headers.cookie, authorization: headers.authorization };
    const result = await authenticate(context(), credentials);
    if (!result.ok) return { ok: false, reason: `unauthorized: ${result.reason}` };
    principals.set(socket, result.principal);
    return { ok: true };
  };

  const attach = (io: HubServer) => {
    limitSocketFloods(io);
    io.on("connection", (socket) => {
      const principal = principals.get(socket);
      if (!principal) return;
      if (principal.sessionId) void socket.join(sessionRoom(principal.sessionId));
      if (principal.userId) void socket.join(userRoom(principal.userId));
      if (principal.tokenId) void socket.join(tokenRoom(principal.tokenId));
      // Audit entries are for the roles that may read the audit log over HTTP.
      if (hasRole(principal.role, REQUIRED_ROLE["audit.read"])) void socket.join(AUDIT_ROOM);
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

/** Ends the live connections of one session (logout). */
export function disconnectSession(io: HubServer, sessionId: string): void {
  io.in(sessionRoom(sessionId)).disconnectSockets(true);
}

/** Ends a user's live connections (disabled, new password), but for the session that made the change. */
export function disconnectUser(io: HubServer, userId: string, { except }: { except?: string } = {}): void {
  const sockets = io.in(userRoom(userId));
  (except ? sockets.except(sessionRoom(except)) : sockets).disconnectSockets(true);
}

/** Ends the live connections opened with an API token (revoked). */
export function disconnectToken(io: HubServer, tokenId: string): void {
  io.in(tokenRoom(tokenId)).disconnectSockets(true);
}
