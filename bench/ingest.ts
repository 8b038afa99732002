/**
 * P1 ingest: signed callbacks through the real server and route, durable before 204, driven by
 * autocannon in its own process, against two baselines in the same run:
 * - a no-op Next route on the same server: the same POSTs to /api/health, which Next routes and
 *   answers 405 (it has only GET) without running any handler (no benchmark-only route ships);
 * - bare node:http + pg with the same signature check and the same group-committed INSERT.
 * For context, the callback route refusing the signature: everything but the durable append.
 */
import { createThrowawayDatabase } from "@/tests/support/app";
import type { AppInfo } from "./support/app-child";
import { startChild } from "./support/child";
import type { LoadArgs, LoadResult } from "./support/load-child";
import { ADMIN_DATABASE_URL, childModule } from "./support/paths";
import { type BenchOptions, type BenchResult, benchRow } from "./types";

const CONNECTIONS = 16;
const ROUTE = "/api/taskrouter/events";
const NO_OP_NEXT_ROUTE = "/api/health";

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
    const base = info.url.replace("localhost", "127.0.0.1");
    const noOp = { url: `${base}${NO_OP_NEXT_ROUTE}`, signedUrl: `${info.publicBaseUrl}${NO_OP_NEXT_ROUTE}` };
    const warmUp = Math.min(amount, 500);
    await load("bare warm-up", { url: bareUrl, signedUrl: bareSigned, runId: "bw" }, warmUp);
    await load("app warm-up", { url, signedUrl, runId: "aw" }, warmUp);
    await load("no-op Next route warm-up", { ...noOp, runId: "nw" }, warmUp);
    await load("refused signature warm-up", { url, signedUrl, runId: "fw", authToken: "not-the-token" }, warmUp);
    const bareRuns: LoadResult[] = [];
    const nextRuns: LoadResult[] = [];
    const refusedRuns: LoadResult[] = [];
    const appRuns: LoadResult[] = [];
    for (let r = 0; r < rounds; r += 1) {
      bareRuns.push(await load("bare node:http + pg", { url: bareUrl, signedUrl: bareSigned, runId: `b${r}` }));
      nextRuns.push(await load("no-op Next route (405)", { ...noOp, runId: `n${r}` }));
      refusedRuns.push(await load("callback route, refused signature", { url, signedUrl, runId: `f${r}`, authToken: "not-the-token" }));
      appRuns.push(await load("app ingest", { url, signedUrl, runId: `a${r}` }));
    }
    const [ours, nextFloor, refused, bareBest] = [best(appRuns), best(nextRuns), best(refusedRuns), best(bareRuns)];
    if (ours.statuses["2xx"] === 0) throw new Error("no callback was acknowledged with 204");
    return [
      benchRow({
        id: "P1",
        name: `ingest vs a no-op Next route (${amount} signed callbacks, ${CONNECTIONS} in flight)`,
        value: ours.perSecond,
        unit: "events/s",
        baseline: "no-op Next route on the same server (405)",
        baselineValue: nextFloor.perSecond,
        goal: { on: "ratio", op: "≥", target: 0.8 },
      }),
      benchRow({
        id: "P1",
        name: "ingest vs the callback route refusing the signature",
        value: ours.perSecond,
        unit: "events/s",
        baseline: "same route, refused signature (no store)",
        baselineValue: refused.perSecond,
        goal: null,
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
