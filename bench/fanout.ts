/**
 * P3 fan-out: N Socket.IO clients on one instance of the real app (token auth, the wallboard's
 * room and view) against a plain `ws` server sending a message of the same size to N clients,
 * in the same run. Servers and clients each run in their own process; delivery latency is from
 * the server's stamp on a push to its arrival at each client; RSS is the server process's own.
 */
import { BENCH_API_TOKEN, callbackParams, signedBody } from "./support/callbacks";
import type { AppInfo } from "./support/app-child";
import { type MemoryMb, startChild } from "./support/child";
import type { ConnectArgs } from "./support/clients-child";
import { ADMIN_DATABASE_URL, childModule, sleep } from "./support/paths";
import { createThrowawayDatabase } from "@/tests/support/app";
import { type BenchOptions, type BenchResult, benchRow, quantile } from "./types";

/** What of an RSS change is heap in use, and what is heap V8 holds beside it. */
const heapLine = (idle: MemoryMb, loaded: MemoryMb) =>
  `heap in use ${idle.heapUsed.toFixed(0)} → ${loaded.heapUsed.toFixed(0)} MB, held ${idle.heapTotal.toFixed(0)} → ${loaded.heapTotal.toFixed(0)} MB`;

type Taken = { latencies: number[]; meanBytes: number; connected: number };
const PUSH_SPACING_MS = 400;

export async function run({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const clientsCount = quick ? 500 : 4_000;
  const pushes = quick ? 15 : 40;

  // The real app on PostgreSQL (as a scaled-out instance runs: no in-process database), nothing
  // simulated: pushes come from our callbacks.
  const database = await createThrowawayDatabase(ADMIN_DATABASE_URL, "wallboard_bench");
  const app = await startChild(childModule("app-child"), [JSON.stringify({ DATABASE_URL: database.url })]);
  let appResult: { p50: number; p99: number; rssIdle: number; rssLoaded: number; bytes: number };
  try {
    const info = await app.call<AppInfo>("info");
    const url = info.url.replace("localhost", "127.0.0.1");
    const idle = await app.call<MemoryMb>("memory");
    const rssIdle = idle.rss;
    const clients = await startChild(childModule("clients-child"));
    try {
      const args: ConnectArgs = {
        kind: "socket.io",
        url,
        count: clientsCount,
        token: BENCH_API_TOKEN,
        subscription: { queueSid: null, minutes: null, view: "board" },
      };
      await clients.call("connect", args);
      await sleep(1000);
      await clients.call<Taken>("take");
      const signedUrl = `${info.publicBaseUrl}/api/taskrouter/events`;
      for (let i = 0; i < pushes; i += 1) {
        const { body, signature } = signedBody(callbackParams(i, "fan", info.queueSids[0]), signedUrl);
        const response = await fetch(`${url}/api/taskrouter/events`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
          body,
        });
        if (response.status !== 204) throw new Error(`callback answered ${response.status}`);
        await sleep(PUSH_SPACING_MS);
      }
      await sleep(1000);
      const taken = await clients.call<Taken>("take");
      const loaded = await app.call<MemoryMb>("memory");
      const rssLoaded = loaded.rss;
      appResult = { p50: quantile(taken.latencies, 0.5), p99: quantile(taken.latencies, 0.99), rssIdle, rssLoaded, bytes: taken.meanBytes };
      log(
        `Socket.IO app, ${taken.connected} clients: ${taken.latencies.length} deliveries, p50 ${appResult.p50} ms, p99 ${appResult.p99} ms, ` +
          `push ${taken.meanBytes.toFixed(0)} B, server RSS ${rssIdle.toFixed(0)} → ${rssLoaded.toFixed(0)} MB, ${heapLine(idle, loaded)}`,
      );
    } finally {
      await clients.stop();
    }
  } finally {
    await app.stop();
    await database.drop();
  }

  const server = await startChild(childModule("ws-child"));
  let wsResult: { p50: number; p99: number; rssIdle: number; rssLoaded: number };
  try {
    const idle = await server.call<MemoryMb>("memory");
    const rssIdle = idle.rss;
    const clients = await startChild(childModule("clients-child"));
    try {
      await clients.call("connect", { kind: "ws", url: await server.call<string>("url"), count: clientsCount } satisfies ConnectArgs);
      await sleep(1000);
      for (let i = 0; i < pushes; i += 1) {
        await server.call("broadcast", Math.round(appResult.bytes));
        await sleep(PUSH_SPACING_MS);
      }
      await sleep(1000);
      const taken = await clients.call<Taken>("take");
      const loaded = await server.call<MemoryMb>("memory");
      const rssLoaded = loaded.rss;
      wsResult = { p50: quantile(taken.latencies, 0.5), p99: quantile(taken.latencies, 0.99), rssIdle, rssLoaded };
      log(
        `plain ws, ${taken.connected} clients: ${taken.latencies.length} deliveries, p50 ${wsResult.p50} ms, p99 ${wsResult.p99} ms, ` +
          `server RSS ${rssIdle.toFixed(0)} → ${rssLoaded.toFixed(0)} MB, ${heapLine(idle, loaded)}`,
      );
    } finally {
      await clients.stop();
    }
  } finally {
    await server.stop();
  }

  return [
    benchRow({
      id: "P3",
      name: `fan-out delivery p99, ${clientsCount} clients`,
      value: appResult.p99,
      unit: "ms",
      baseline: "plain ws broadcast p99",
      baselineValue: wsResult.p99,
      goal: { on: "ratio", op: "≤", target: 1.5 },
    }),
    benchRow({
      id: "P3",
      name: `fan-out server RSS, ${clientsCount} clients`,
      value: appResult.rssLoaded,
      unit: "MB",
      baseline: "plain ws server RSS",
      baselineValue: wsResult.rssLoaded,
      goal: { on: "ratio", op: "≤", target: 2 },
    }),
    benchRow({
      id: "P3",
      name: `fan-out server RSS growth for ${clientsCount} clients`,
      value: appResult.rssLoaded - appResult.rssIdle,
      unit: "MB",
      baseline: "plain ws server RSS growth",
      baselineValue: wsResult.rssLoaded - wsResult.rssIdle,
      goal: { on: "ratio", op: "≤", target: 2 },
    }),
  ];
}
