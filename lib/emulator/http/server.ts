/**
 * The emulator's REST server: plain node:http, HTTP Basic auth with the account sid and auth token
 * (20003 otherwise), routes under /v1, and every failure answered in Twilio's error JSON.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { Engine } from "../engine";
import { authenticationFailed, EmulatorError, notFound } from "../errors";
import { Router } from "./router";
import { configRoutes } from "./routes-config";
import { statisticsRoutes } from "./routes-statistics";
import { workRoutes } from "./routes-work";
import { urlsFor } from "./serialize";
import { Params, readBody, sendJson } from "./wire";

export type RestServerOptions = { engine: Engine; accountSid: string; authToken: string; baseUrl: () => string };

// Statistics first: `/TaskQueues/Statistics` must not be read as the queue named "Statistics".
const router = new Router().add(statisticsRoutes).add(configRoutes).add(workRoutes);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorized(req: IncomingMessage, accountSid: string, authToken: string): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  return sameSecret(decoded.slice(0, colon), accountSid) && sameSecret(decoded.slice(colon + 1), authToken);
}

/**
 * Idle keep-alive sockets stay open longer than clients keep them (Node's agent drops them after 5 s),
 * so a client never reuses a socket the server is closing at that moment (ECONNRESET under load).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function createRestServer(options: RestServerOptions): Server {
  const { engine } = options;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => answerError(res, error));
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorized(req, options.accountSid, options.authToken)) {
      res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
      throw authenticationFailed();
    }
    const url = new URL(req.url ?? "/", "http://emulator");
    const rawBody = req.method === "POST" ? await readBody(req) : "";
    const { route, params } = router.match(req.method ?? "GET", url.pathname);
    if (params.ws !== undefined && params.ws !== engine.workspaceSid) throw notFound(`Workspace ${params.ws}`);
    // Answer with the host the client used, so paging URLs work through port mappings too.
    const base = req.headers.host ? `http://${req.headers.host}` : options.baseUrl();
    const isForm = !(req.headers["content-type"] ?? "").includes("application/json");
    const reply = route.handler({
      engine,
      s: engine.state,
      urls: urlsFor(base, engine.state),
      path: url.pathname,
      params,
      query: new Params(url.searchParams),
      body: Params.parse(isForm ? rawBody : ""),
      rawBody,
      ifMatch: typeof req.headers["if-match"] === "string" ? req.headers["if-match"] : undefined,
    });
    sendJson(res, reply.status, reply.body, reply.headers);
  }
}

function answerError(res: ServerResponse, error: unknown): void {
  const known = error instanceof EmulatorError ? error : null;
  if (!known) console.error("[emulator] request failed:", error);
  const answer = known ?? new EmulatorError(500, 20500, "Internal Server Error");
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, answer.status, answer.toJSON());
}
