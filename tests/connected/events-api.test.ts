/**
 * The Events API as the callback path sees it: every Event resource the emulator lists converts to
 * exactly the parameters its callback carried (same Sid), paging follows next_page_url, and the
 * reconciler stores each missing event once, whether a source names it by the same Sid or not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "@/lib/db/client";
import { parseCallback } from "@/lib/events/parse";
import { EventStore } from "@/lib/events/store";
import type { TaskRouterEvent } from "@/lib/events/types";
import { callbackName, callbackParams, type EventsApiEntry, readEvents } from "@/lib/sync/events-api";
import { Reconciler } from "@/lib/sync/reconciler";
import { startTestEmulator, type TestEmulator } from "../emulator/helpers";
import { lab, SMALL_CENTRE } from "../emulator/small-centre";

let t: TestEmulator;
let server: Server;
const delivered = new Map<string, Record<string, string>>();
let startMs: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      delivered.set(params.Sid!, params);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
  startMs = t.clock.now();
  t.emulator.setEventCallbackUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/taskrouter/events`);
  const l = lab(t.emulator);
  l.setActivity("Alice", "available");
  l.setActivity("Carol", "available");
  for (let i = 0; i < 6; i++) {
    t.clock.advance(1500);
    l.createTask({ type: i % 2 ? "sales" : "support" });
  }
  t.clock.advance(1000);
  const task = l.createTask({ type: "sales" });
  l.engine.tasks.update(task.sid, { assignmentStatus: "canceled" });
  t.clock.advance(1000);
  await t.emulator.delivery.whenIdle();
});

afterAll(async () => {
  await t.emulator.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function listAll(pageSize: number): Promise<{ entries: EventsApiEntry[]; pages: number }> {
  const entries: EventsApiEntry[] = [];
  let pages = 0;
  await readEvents(
    t.client,
    t.emulator.workspaceSid,
    { startMs: startMs - 60_000, endMs: t.clock.now() },
    async (page) => {
      pages += 1;
      entries.push(...page);
    },
    pageSize,
  );
  return { entries, pages };
}

describe("Events API entries", () => {
  it("name callback parameters in snake_case in event_data", async () => {
    const url = `${t.emulator.baseUrl}/v1/Workspaces/${t.emulator.workspaceSid}/Events?EventType=task.created&Minutes=60`;
    const auth = Buffer.from(`${t.emulator.accountSid}:${"emulator-test-token"}`).toString("base64");
    const body = (await (await fetch(url, { headers: { authorization: `Basic ${auth}` } })).json()) as {
      events: { sid: string; event_data: Record<string, string>; event_date: string; event_date_ms: number }[];
    };
    const first = body.events[0]!;
    expect(first.event_data.task_sid).toMatch(/^WT/);
    expect(first.event_data.workflow_sid).toMatch(/^WW/);
    expect(first.event_data).not.toHaveProperty("TaskSid");
    expect(first.event_date).toBe(new Date(Math.floor(first.event_date_ms / 1000) * 1000).toISOString().replace(".000Z", "Z"));
    expect(callbackName("worker_time_in_previous_activity_ms")).toBe("WorkerTimeInPreviousActivityMs");
  });

  it("convert to exactly the parameters their callback carried, under the same Sid", async () => {
    const { entries } = await listAll(1000);
    const ours = entries.filter((e) => delivered.has(e.sid));
    expect(ours.length).toBe(delivered.size);
    expect(delivered.size).toBeGreaterThan(30);
    for (const entry of ours) expect(callbackParams(entry)).toEqual(delivered.get(entry.sid));
  });

  it("are read page by page through next_page_url", async () => {
    const all = await listAll(1000);
    const paged = await listAll(7);
    expect(paged.pages).toBe(Math.ceil(all.entries.length / 7));
    expect(paged.entries.map((e) => e.sid).sort()).toEqual(all.entries.map((e) => e.sid).sort());
  });

  it("without a sid, type or time are not events", () => {
    const entry: EventsApiEntry = {
      sid: "EV0",
      eventType: "task.created",
      eventDateMs: 1,
      accountSid: null,
      workspaceSid: null,
      resourceType: null,
      resourceSid: null,
      description: null,
      eventData: {},
    };
    expect(callbackParams(entry)).toBeNull();
  });
});

describe("reconciler dedup", () => {
  let db: Database;
  let dataDir: string;
  let folded: TaskRouterEvent[];
  let reconciler: Reconciler;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-sync-"));
    db = await openDatabase({ dataDir });
    folded = [];
    reconciler = new Reconciler({
      client: t.client,
      workspaceSid: t.emulator.workspaceSid,
      prisma: db.prisma,
      dbKind: db.kind,
      store: new EventStore(db.prisma),
      timezone: "UTC",
      overlapMs: 120_000,
      ingest: (event) => folded.push(event),
      now: () => t.clock.now(),
    });
  });
  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stores what the log lacks once: same Sid, or the same event under another Sid", async () => {
    const store = new EventStore(db.prisma);
    const [first, second, ...rest] = [...delivered.values()].sort((a, b) => Number(a.TimestampMs) - Number(b.TimestampMs));
    // One event arrived by callback already; another arrived under a different Sid (same content).
    const viaCallback = parseCallback(first!);
    const renamed = parseCallback({ ...second!, Sid: `EV${"f".repeat(32)}` });
    if (!viaCallback.ok || !renamed.ok) throw new Error("fixture events must parse");
    expect(await store.append(viaCallback.event)).toBe("stored");
    expect(await store.append(renamed.event)).toBe("stored");

    const report = await reconciler.run("start");
    expect(report).not.toBeNull();
    const listed = (await listAll(1000)).entries.length;
    expect(report!.read).toBe(listed);
    expect(report!.recovered).toBe(listed - 2);
    expect(folded.map((e) => e.sid)).not.toContain(first!.Sid);
    expect(folded.map((e) => e.sid)).not.toContain(second!.Sid);
    expect(folded.map((e) => e.sid)).toEqual(expect.arrayContaining(rest.map((p) => p.Sid)));
    expect(await store.count()).toBe(listed);

    const again = await reconciler.run("manual");
    expect(again!.recovered).toBe(0);
    expect(await store.count()).toBe(listed);
    expect(reconciler.backfill).toMatchObject({ state: "done", recovered: listed - 2 });
  });
});
