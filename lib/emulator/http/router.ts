/** A small method + path router: `/v1/Workspaces/:ws/Tasks/:sid` style patterns, first match wins. */
import type { Engine } from "../engine";
import { notFound } from "../errors";
import type { EngineState } from "../state";
import type { Urls } from "./serialize";
import type { Params } from "./wire";

export type RouteContext = {
  engine: Engine;
  s: EngineState;
  urls: Urls;
  /** The request path, for list `meta` URLs. */
  path: string;
  params: Record<string, string>;
  query: Params;
  body: Params;
  rawBody: string;
  /** The request's `If-Match` header, if any. */
  ifMatch: string | undefined;
};

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
export type Method = "GET" | "POST" | "DELETE";
export type Route = { method: Method; pattern: string; handler: (ctx: RouteContext) => Reply };

type CompiledRoute = Route & { regex: RegExp; keys: string[] };

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(routes: Route[]): this {
    for (const route of routes) {
      const keys: string[] = [];
      const source = route.pattern.replace(/:(\w+)/g, (_, key: string) => {
        keys.push(key);
        return "([^/]+)";
      });
      this.routes.push({ ...route, regex: new RegExp(`^${source}/?$`), keys });
    }
    return this;
  }

  /** The handler and path parameters for a request; 20404 when nothing matches. */
  match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      for (const [index, key] of route.keys.entries()) params[key] = decodeURIComponent(found[index + 1]!);
      return { route, params };
    }
    throw pathMatched ? notFound(`${method} ${path}`) : notFound(path);
  }
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });
export const noContent = (): Reply => ({ status: 204 });
