/**
 * Twilio's REST wire format: form-encoded PascalCase parameters in (query or body), snake_case JSON
 * out, `{code, message, more_info, status}` errors, and list pages whose `meta` URLs point back at
 * this server (the SDK follows `meta.next_page_url` verbatim).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { invalidParameter } from "../errors";

const MAX_BODY_BYTES = 1024 * 1024;

export class Params {
  constructor(private readonly search: URLSearchParams) {}

  static parse(text: string): Params {
    return new Params(new URLSearchParams(text));
  }

  has(name: string): boolean {
    return this.search.has(name);
  }

  string(name: string): string | undefined {
    return this.search.get(name) ?? undefined;
  }

  /** Repeated parameters and comma-separated values alike. */
  list(name: string): string[] | undefined {
    const values = this.search.getAll(name);
    if (values.length === 0) return undefined;
    return values
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter(Boolean);
  }

  int(name: string): number | undefined {
    const raw = this.search.get(name);
    if (raw === null) return undefined;
    if (!/^-?\d+$/.test(raw.trim())) throw invalidParameter(`${name} must be an integer, got ${JSON.stringify(raw)}`);
    return Number(raw);
  }

  /** Twilio accepts true/1/yes; anything else is false. */
  bool(name: string): boolean | undefined {
    const raw = this.search.get(name);
    if (raw === null) return undefined;
    return ["true", "1", "yes"].includes(raw.trim().toLowerCase());
  }

  /** ISO-8601 date-time (or date) to epoch ms. */
  date(name: string): number | undefined {
    const raw = this.search.get(name);
    if (raw === null) return undefined;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) throw invalidParameter(`${name} must be an ISO-8601 date-time, got ${JSON.stringify(raw)}`);
    return ms;
  }

  /** Comma-separated whole seconds, e.g. SplitByWaitTime=20,60. */
  seconds(name: string): number[] | undefined {
    const values = this.list(name);
    if (!values) return undefined;
    const numbers = values.map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n < 0))
      throw invalidParameter(`${name} must be a comma-separated list of whole seconds`);
    return [...new Set(numbers)].sort((a, b) => a - b);
  }

  entries(): [string, string][] {
    return [...this.search.entries()];
  }
}

/** Drops undefined values: optional parameters that were not sent stay out of engine inputs. */
export const defined = <T extends Record<string, unknown>>(input: T): { [K in keyof T]: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as never;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(invalidParameter("Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const PAGING = new Set(["PageSize", "Page", "PageToken"]);
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** One page of `items` under `key`, with Twilio's `meta`. */
export function listPage<T>(
  baseUrl: string,
  path: string,
  query: Params,
  key: string,
  items: readonly T[],
  serialize: (item: T) => unknown,
) {
  const pageSize = query.int("PageSize") ?? DEFAULT_PAGE_SIZE;
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw invalidParameter(`PageSize must be from 1 to ${MAX_PAGE_SIZE}`);
  const page = query.int("Page") ?? 0;
  if (page < 0) throw invalidParameter("Page must be 0 or more");
  const token = query.string("PageToken");
  let offset = page * pageSize;
  if (token !== undefined) {
    const match = /^PT(\d+)$/.exec(token);
    if (!match) throw invalidParameter(`PageToken ${JSON.stringify(token)} is not valid`);
    offset = Number(match[1]);
  }
  const filters = query.entries().filter(([name]) => !PAGING.has(name));
  const pageUrl = (pageIndex: number, pageOffset: number | null) => {
    const search = new URLSearchParams(filters);
    search.set("PageSize", String(pageSize));
    search.set("Page", String(pageIndex));
    if (pageOffset !== null) search.set("PageToken", `PT${pageOffset}`);
    return `${baseUrl}${path}?${search.toString()}`;
  };
  const slice = items.slice(offset, offset + pageSize);
  const hasNext = offset + pageSize < items.length;
  return {
    [key]: slice.map(serialize),
    meta: {
      first_page_url: pageUrl(0, null),
      key,
      next_page_url: hasNext ? pageUrl(page + 1, offset + pageSize) : null,
      page,
      page_size: pageSize,
      previous_page_url: page > 0 ? pageUrl(page - 1, Math.max(0, offset - pageSize)) : null,
      url: pageUrl(page, token !== undefined ? offset : null),
    },
  };
}
