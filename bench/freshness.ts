/**
 * P2 freshness: Socket.IO clients signed in (API token) and subscribed to the wallboard's view
 * while signed callbacks arrive at 10× the peak event rate of a 500-agent centre; the time from
 * sending a callback to the first push that shows it, at every client (coalescing included).
 *
 * Peak rate model: 500 agents × one task per agent per 3 minutes ≈ 2.8 tasks/s × ~10 events per
 * task ≈ 28 events/s; ten times that is 280 events/s.
 */
import { BENCH_API_TOKEN, callbackParams, signedBody } from "./support/callbacks";
import type { AppInfo } from "./support/app-child";
import { startChild } from "./support/child";
import type { ConnectArgs } from "./support/clients-child";
import { ADMIN_DATABASE_URL, childModule, sleep } from "./support/paths";
import { createThrowawayDatabase } from "@/tests/support/app";
import { type BenchOptions, type BenchResult, benchRow, quantile } from "./types";

const EVENTS_PER_SECOND = 280;
const IN_FLIGHT = 32;

export async function run({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const clientsCount = quick ? 300 : 1_000;
  const seconds = quick ? 10 : 30;
  const database = await createThrowawayDatabase(ADMIN_DATABASE_URL, "wallboard_bench");
  const app = await startChild(childModule("app-child"), [JSON.stringify({ DATABASE_URL: database.url })]);
  try {
    const info = await app.call<AppInfo>("info");
    const url = info.url.replace("localhost", "127.0.0.1");
    const clients = await startChild(childModule("clients-child"));
    try {
      await clients.call("connect", {
        kind: "socket.io",
        url,
        count: clientsCount,
        token: BENCH_API_TOKEN,
        subscription: { queueSid: null, minutes: null, view: "board" },
        track: true,
      } satisfies ConnectArgs);
      await sleep(1000);
      const signedUrl = `${info.publicBaseUrl}/api/taskrouter/events`;
      const total = EVENTS_PER_SECOND * seconds;
      const bodies = Array.from({ length: total }, (_, i) =>
        signedBody(callbackParams(i, "fresh", info.queueSids[i % info.queueSids.length]), signedUrl),
      );
      // Each callback is due at its slot of the schedule (its "sent" time, as TaskRouter would send
      // it); at most IN_FLIGHT are open at once, so a server that falls behind shows as latency.
      const sentAt: number[] = [];
      const statuses = new Map<string, number>();
      const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
      let next = 0;
      const started = Date.now();
      const sender = async () => {
        while (next < total) {
          const i = next++;
          const due = started + (i * 1000) / EVENTS_PER_SECOND;
          if (due > Date.now()) await sleep(due - Date.now());
          sentAt[i] = due;
          const item = bodies[i]!;
          await fetch(`${url}/api/taskrouter/events`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": item.signature },
            body: item.body,
          }).then(
            (response) => count(String(response.status)),
            () => count("failed"),
          );
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
      const sendSeconds = (Date.now() - started) / 1000;
      await sleep(1500);
      const latencies = await clients.call<number[]>("freshness", sentAt);
      const p50 = quantile(latencies, 0.5);
      const p99 = quantile(latencies, 0.99);
      log(
        `${total} callbacks in ${sendSeconds.toFixed(1)} s (${(total / sendSeconds).toFixed(0)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
          `${clientsCount} clients, ${latencies.length} observations: p50 ${p50} ms, p99 ${p99} ms`,
      );
      if (latencies.length < total * clientsCount * 0.9)
        log(`only ${latencies.length} of ${total * clientsCount} events were seen by clients`);
      return [
        benchRow({
          id: "P2",
          name: `freshness p99, ${clientsCount} board clients, ${EVENTS_PER_SECOND} events/s`,
          value: p99,
          unit: "ms",
          baseline: "goal",
          baselineValue: 300,
          goal: { on: "value", op: "≤", target: 300, unit: "ms" },
        }),
        benchRow({
          id: "P2",
          name: "freshness p50 (callback sent → client received)",
          value: p50,
          unit: "ms",
          baseline: "one push interval (250 ms)",
          baselineValue: 250,
          goal: null,
        }),
      ];
    } finally {
      await clients.stop();
    }
  } finally {
    await app.stop();
    await database.drop();
  }
}
