/**
 * Callback delivery as Twilio does it: default connection settings (one retry, only after a connect
 * or read failure, within 15 s), the URL fragment overrides, and a callback lost past its budget.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import { connectionSettings } from "@/lib/emulator/delivery";
import { AUTH_TOKEN, startTestEmulator, type TestEmulator } from "../emulator/helpers";
import { lab, SMALL_CENTRE } from "../emulator/small-centre";

type Answer = (seen: number) => { status: number; delayMs?: number };

/** A receiver that counts attempts per event Sid and answers as told. */
async function receiver(answer: Answer) {
  const attempts = new Map<string, number>();
  let validSignatures = 0;
  let base = "";
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      if (twilio.validateRequest(AUTH_TOKEN, String(req.headers["x-twilio-signature"]), `${base}${req.url}`, params)) validSignatures += 1;
      const seen = (attempts.get(params.Sid!) ?? 0) + 1;
      attempts.set(params.Sid!, seen);
      const { status, delayMs = 0 } = answer(seen);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(status).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/api/taskrouter/events`,
    attempts,
    validSignatures: () => validSignatures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let t: TestEmulator | null = null;
let r: Awaited<ReturnType<typeof receiver>> | null = null;
afterEach(async () => {
  await t?.emulator.close();
  await r?.close();
  t = r = null;
});

async function deliverOneTask(url: string): Promise<TestEmulator> {
  t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
  t.emulator.setEventCallbackUrl(url);
  lab(t.emulator).createTask({ type: "sales" });
  await t.emulator.delivery.whenIdle();
  return t;
}

describe("connection settings", () => {
  it("uses Twilio's defaults", () => {
    const s = connectionSettings("https://example.com/api/taskrouter/events");
    expect(s).toMatchObject({ connectTimeoutMs: 5000, readTimeoutMs: 15_000, totalTimeoutMs: 15_000, retryCount: 1, edge: "ashburn" });
    expect([...s.retryOn].sort()).toEqual(["ct", "rt"]);
  });

  it("applies fragment overrides and keeps them within Twilio's bounds", () => {
    const s = connectionSettings("https://example.com/x#ct=2000&rt=99999&tt=50&rc=9&rp=5xx,4xx,bogus&e=dublin");
    expect(s).toMatchObject({ connectTimeoutMs: 2000, readTimeoutMs: 15_000, totalTimeoutMs: 100, retryCount: 5, edge: "dublin" });
    expect([...s.retryOn].sort()).toEqual(["4xx", "5xx"]);
    expect(connectionSettings("https://example.com/x#rc=abc&rp=&e=mars")).toMatchObject({ retryCount: 1, edge: "ashburn" });
  });
});

describe("delivery with Twilio's defaults", () => {
  it("does not retry a 5xx: the callback is lost", async () => {
    r = await receiver(() => ({ status: 503 }));
    const { emulator } = await deliverOneTask(r.url);
    expect(r.attempts.size).toBeGreaterThan(2);
    expect([...r.attempts.values()].every((n) => n === 1)).toBe(true);
    expect(emulator.delivery.stats).toMatchObject({ sent: 0, retried: 0, failed: r.attempts.size, pending: 0 });
  });

  it("retries a refused connection once, then gives up", async () => {
    r = await receiver(() => ({ status: 204 }));
    const dead = r.url;
    await r.close();
    r = null;
    t = await startTestEmulator({ contactCentre: SMALL_CENTRE });
    t.emulator.setEventCallbackUrl(dead);
    lab(t.emulator).createTask({ type: "sales" });
    await t.emulator.delivery.whenIdle();
    const { failed, retried, sent } = t.emulator.delivery.stats;
    expect(sent).toBe(0);
    expect(failed).toBeGreaterThan(0);
    expect(retried).toBe(failed);
    expect(t.emulator.delivery.stats.lastError).toMatch(/ECONNREFUSED/);
  });

  it("retries a read timeout once (#rt), then the callback is gone", async () => {
    r = await receiver(() => ({ status: 204, delayMs: 1500 }));
    const { emulator } = await deliverOneTask(`${r.url}#rt=150`);
    // Each event: the first attempt, one retry, then given up (a request aborted before its body
    // arrived may not reach the receiver, so attempts are counted on the sending side).
    const { sent, failed, retried } = emulator.delivery.stats;
    expect(failed).toBeGreaterThan(2);
    expect({ sent, retried }).toEqual({ sent: 0, retried: failed });
    expect([...r.attempts.values()].every((n) => n <= 2)).toBe(true);
  });
});

describe("fragment overrides", () => {
  it("#rc and #rp=5xx retry 5xx answers until taken; the fragment is neither sent nor signed", async () => {
    r = await receiver((seen) => ({ status: seen <= 3 ? 500 : 204 }));
    const { emulator } = await deliverOneTask(`${r.url}#rc=3&rp=5xx`);
    expect([...r.attempts.values()].every((n) => n === 4)).toBe(true);
    expect(emulator.delivery.stats).toMatchObject({ sent: r.attempts.size, retried: 3 * r.attempts.size, failed: 0 });
    expect(r.validSignatures()).toBe(4 * r.attempts.size);
  });

  it("#rc beyond the answers still stops: 4xx is retried only when #rp names it", async () => {
    r = await receiver(() => ({ status: 404 }));
    const { emulator } = await deliverOneTask(`${r.url}#rc=2&rp=4xx`);
    expect([...r.attempts.values()].every((n) => n === 3)).toBe(true);
    expect(emulator.delivery.stats).toMatchObject({ sent: 0, failed: r.attempts.size });
  });

  it("#tt bounds all attempts together", async () => {
    r = await receiver(() => ({ status: 204, delayMs: 2000 }));
    const { emulator } = await deliverOneTask(`${r.url}#rt=300&tt=400&rc=5`);
    // Attempt one times out at 300 ms, the retry has 100 ms left: at most two attempts, never six.
    expect([...r.attempts.values()].every((n) => n <= 2)).toBe(true);
    expect(emulator.delivery.stats).toMatchObject({ sent: 0, failed: r.attempts.size });
  });
});
