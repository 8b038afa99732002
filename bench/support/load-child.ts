/**
 * The load generator (autocannon) in its own process, so it does not share a core's event loop
 * with the server it measures. Sends `amount` distinct signed callbacks, `connections` in flight,
 * no pipelining (as Twilio).
 */
import autocannon from "autocannon";
import { callbackParams, signedBody } from "./callbacks";
import { serveCommands } from "./child";

export type LoadArgs = {
  url: string;
  signedUrl: string;
  runId: string;
  amount: number;
  connections: number;
  /** Sign with another token: the server refuses every request (403) after checking it. */
  authToken?: string;
};
export type LoadResult = { perSecond: number; p50: number; p99: number; statuses: Record<string, number>; errors: number };

async function load(args: LoadArgs): Promise<LoadResult> {
  const bodies = Array.from({ length: args.amount }, (_, i) => signedBody(callbackParams(i, args.runId), args.signedUrl, args.authToken));
  let next = 0;
  // autocannon's own duration ends on a whole sampling second: too coarse for short runs.
  const started = performance.now();
  let lastAnswer = started;
  const result = await autocannon({
    url: args.url,
    connections: args.connections,
    pipelining: 1,
    amount: args.amount,
    timeout: 20,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const item = bodies[next++ % bodies.length]!;
          return {
            ...request,
            body: item.body,
            headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": item.signature },
          };
        },
        onResponse: () => {
          lastAnswer = performance.now();
        },
      },
    ],
  });
  const statuses: Record<string, number> = {
    "2xx": result["2xx"],
    "4xx": result["4xx"],
    "5xx": result["5xx"],
  };
  const seconds = (lastAnswer - started) / 1000;
  return {
    perSecond: (result["2xx"] + result["4xx"]) / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

serveCommands({ load: (args: LoadArgs) => load(args) });
