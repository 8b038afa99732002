/** A real HTTP receiver for the alert webhook: records each POSTed JSON body and answers `status` ("ok", as Slack does). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export class WebhookReceiver {
  readonly bodies: Record<string, unknown>[] = [];
  status = 200;
  url = "";
  port = 0;
  private server: Server | null = null;

  /** Listens on 127.0.0.1; `url` is the receiver's address with `path`. */
  async start(path: string): Promise<this> {
    const server = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk) => {
        text += chunk;
      });
      req.on("end", () => {
        this.bodies.push(JSON.parse(text) as Record<string, unknown>);
        res.writeHead(this.status).end("ok");
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}${path}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
