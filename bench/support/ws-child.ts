/** The fan-out baseline: a plain `ws` server that stamps a message and sends it to every client. */
import { WebSocketServer } from "ws";
import { memoryMb, serveCommands } from "./child";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
await new Promise<void>((resolve) => server.once("listening", () => resolve()));
const { port } = server.address() as { port: number };

serveCommands(
  {
    url: () => `ws://127.0.0.1:${port}`,
    memory: () => memoryMb(),
    /** One message of about `bytes` bytes, serialised once, to every client (as Socket.IO does per room). */
    broadcast: (bytes: number) => {
      const text = JSON.stringify({ generatedAt: new Date().toISOString(), pad: "x".repeat(Math.max(0, bytes - 60)) });
      for (const client of server.clients) client.send(text);
      return server.clients.size;
    },
  },
  async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  },
);
