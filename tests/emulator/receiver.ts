/** A local event-callback receiver: records every POST and checks it with twilio.validateRequest. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { AUTH_TOKEN } from "./helpers";

export type Received = { params: Record<string, string>; signature: string; valid: boolean };

export class Receiver {
  readonly received: Received[] = [];
  inFlight = 0;
  maxInFlight = 0;
  url = "";
  private server: Server;

  constructor(
    private readonly answer: (params: Record<string, string>, seen: number) => number = () => 204,
    private readonly delayMs = 0,
  ) {
    this.server = createServer((req, res) => {
      let body = "";
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const signature = String(req.headers["x-twilio-signature"] ?? "");
        this.received.push({ params, signature, valid: twilio.validateRequest(AUTH_TOKEN, signature, this.url, params) });
        const seen = this.received.filter((r) => r.params.Sid === params.Sid).length;
        setTimeout(() => {
          this.inFlight -= 1;
          res.writeHead(this.answer(params, seen));
          res.end();
        }, this.delayMs);
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/taskrouter/events?source=emulator`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  types(): Set<string> {
    return new Set(this.received.map((r) => r.params.EventType!));
  }
}
