/**
 * The ingest baseline: bare node:http + pg, the same signature check and the same group-committed
 * INSERT … unnest as the app's store, answering 204 only after the commit.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import twilio from "twilio";
import { BENCH_AUTH_TOKEN } from "./callbacks";
import { serveCommands } from "./child";

const pool = new pg.Pool({ connectionString: process.argv[2], max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS baseline_events (sid text PRIMARY KEY, event_type text, event_time_ms bigint, params jsonb)`);
let queue: { params: Record<string, string>; done: () => void; fail: () => void }[] = [];
let flushing = false;
const flush = async () => {
  flushing = true;
  while (queue.length) {
    const batch = queue;
    queue = [];
    try {
      await pool.query(
        `INSERT INTO baseline_events SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[]) ON CONFLICT (sid) DO NOTHING`,
        [
          batch.map((b) => b.params.Sid),
          batch.map((b) => b.params.EventType),
          batch.map((b) => b.params.TimestampMs),
          batch.map((b) => JSON.stringify(b.params)),
        ],
      );
      for (const b of batch) b.done();
    } catch {
      for (const b of batch) b.fail();
    }
  }
  flushing = false;
};
let signedBase = "";
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    if (!twilio.validateRequest(BENCH_AUTH_TOKEN, String(req.headers["x-twilio-signature"] ?? ""), `${signedBase}${req.url}`, params)) {
      res.writeHead(403).end();
      return;
    }
    queue.push({ params, done: () => res.writeHead(204).end(), fail: () => res.writeHead(503).end() });
    if (!flushing) void flush();
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
signedBase = `http://localhost:${(server.address() as AddressInfo).port}`;

serveCommands({ url: () => signedBase.replace("localhost", "127.0.0.1"), signedBase: () => signedBase }, async () => {
  await new Promise((resolve) => server.close(resolve));
  await pool.end();
});
