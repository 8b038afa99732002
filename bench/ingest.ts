/**
 * P1 ingest: signed callbacks through the real server and route, durable before 204, driven by
 * autocannon in its own process, against two baselines in the same run:
 * - the framework floor: the same route on the same server with a wrong signature, answered 403
 *   after routing, reading and parsing the body and checking the HMAC, i.e. everything but the
 *   durable append (no no-op route ships in the app, and none is added for the benchmark);
 * - bare node:http + pg with the same signature check and the same group-committed INSERT.
 */
import { createThrowawayDatabase } from "@/tests/support/app";
import type { AppInfo } from "./support/app-child";
import { startChild } from "./support/child";
import type { LoadArgs, LoadResult } from "./support/load-child";
import { ADMIN_DATABASE_URL, childModule } from "./support/paths";
import { type BenchOptions, type BenchResult, benchRow } from "./types";

const CONNECTIONS = 16;
const ROUTE = "/api/taskrouter/events";

export async function run({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const amount = quick ? 1_500 : 10_000;
  const rounds = quick ? 1 : 2;
  const baselineDb = await createThrowawayDatabase(ADMIN_DATABASE_URL, "wallboard_bench");
  const appDb = await createThrowawayDatabase(ADMIN_DATABASE_URL, "wallboard_bench");
  const loader = await startChild(childModule("load-child"));
  const load = async (label: string, args: Omit<LoadArgs, "amount" | "connections">, n = amount) => {
    const result = await loader.call<LoadResult>("load", { ...args, amount: n, connections: CONNECTIONS });
    log(
      `${label}: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${JSON.stringify(result.statuses)}, errors ${result.errors}`,
    );
    return result;
  };
  const best = (results: LoadResult[]) => results.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  // Both servers up at once, measured in alternating rounds, so a busy machine weighs on both alike.
  const bare = await startChild(childModule("bare-ingest-child"), [baselineDb.url]);
  const app = await startChild(childModule("app-child"), [JSON.stringify({ DATABASE_URL: appDb.url })]);
  try {
    const bareUrl = `${await bare.call<string>("url")}${ROUTE}`;
    const bareSigned = `${await bare.call<string>("signedBase")}${ROUTE}`;
    const info = await app.call<AppInfo>("info");
    const url = `${info.url.replace("localhost", "127.0.0.1")}${ROUTE}`;
    const signedUrl = `${info.publicBaseUrl}${ROUTE}`;
    const warmUp = Math.min(amount, 500);
    await load("bare warm-up", { url: bareUrl, signedUrl: bareSigned, runId: "bw" }, warmUp);
    await load("app warm-up", { url, signedUrl, runId: "aw" }, warmUp);
    await load("framework floor warm-up", { url, signedUrl, runId: "fw", authToken: "not-the-token" }, warmUp);
    const bareRuns: LoadResult[] = [];
    const floorRuns: LoadResult[] = [];
    const appRuns: LoadResult[] = [];
    for (let r = 0; r < rounds; r += 1) {
      bareRuns.push(await load("bare node:http + pg", { url: bareUrl, signedUrl: bareSigned, runId: `b${r}` }));
      floorRuns.push(
        await load("framework floor (same route, refused signature)", { url, signedUrl, runId: `f${r}`, authToken: "not-the-token" }),
      );
      appRuns.push(await load("app ingest", { url, signedUrl, runId: `a${r}` }));
    }
    const [ours, floor, bareBest] = [best(appRuns), best(floorRuns), best(bareRuns)];
    if (ours.statuses["2xx"] === 0) throw new Error("no callback was acknowledged with 204");
    return [
      benchRow({
        id: "P1",
        name: `ingest vs framework floor (${amount} signed callbacks, ${CONNECTIONS} in flight)`,
        value: ours.perSecond,
        unit: "events/s",
        baseline: "same route, refused signature (no store)",
        baselineValue: floor.perSecond,
        goal: { on: "ratio", op: "≥", target: 0.8 },
      }),
      benchRow({
        id: "P1",
        name: "ingest vs bare node:http + pg",
        value: ours.perSecond,
        unit: "events/s",
        baseline: "bare node:http + pg group commit",
        baselineValue: bareBest.perSecond,
        goal: { on: "ratio", op: "≥", target: 0.4 },
      }),
      benchRow({
        id: "P1",
        name: "ingest ack latency p99",
        value: ours.p99,
        unit: "ms",
        baseline: "bare node:http + pg p99",
        baselineValue: bareBest.p99,
        goal: { on: "value", op: "≤", target: 150, unit: "ms (1% of Twilio's 15 s)" },
      }),
    ];
  } finally {
    await Promise.all([loader.stop(), bare.stop(), app.stop()]);
    await Promise.all([baselineDb.drop(), appDb.drop()]);
  }
}
