/**
 * Many live clients in one process (Socket.IO, as the pages connect, or plain `ws`), apart from
 * the server they load. Each records when every push arrived, against the `generatedAt` the
 * server stamped on it; with `track`, Socket.IO clients also note the sequence number of each push,
 * and the first client keeps the snapshot (applying deltas) and notes the workspace's count of
 * tasks that entered a queue at each sequence number. Every socket of a room gets the same
 * sequence, so one client's count stands for all: applying 1,000 deltas per push in this one
 * process would delay the arrival of the last clients' pushes by the first ones' work.
 */
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import type { MetricsSnapshot } from "@/lib/metrics/types";
import { applyPatch, type Json } from "@/lib/realtime/patch";
import {
  type ClientToServerEvents,
  type MetricsMessage,
  roomName,
  type ServerToClientEvents,
  type SnapshotMessage,
  type Subscription,
} from "@/lib/realtime/protocol";
import { serveCommands } from "./child";

export type ConnectArgs = {
  kind: "socket.io" | "ws";
  url: string;
  count: number;
  token?: string;
  subscription?: Subscription;
  /** Keep the snapshot and record tasks entered at each push (P2). */
  track?: boolean;
};

type Client = {
  close(): void;
  /** ms from the server's stamp to arrival, per push. */
  latencies: number[];
  /** [arrival ms, sequence number] per push, when tracking. */
  arrivals: [number, number][];
  bytes: number[];
  ready: boolean;
};

const clients: Client[] = [];
/** Tasks entered so far in the snapshot of each sequence number, as the tracking client applied them. */
const enteredBySeq = new Map<number, number>();
let tracker: Client | null = null;
const enteredOf = (snapshot: MetricsSnapshot) => snapshot.queues.reduce((sum, queue) => sum + queue.cumulative.tasksEntered, 0);

function socketIoClient(args: ConnectArgs, onReady: () => void, onFail: (error: Error) => void): Client {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(args.url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: args.token ? { token: args.token } : {},
  });
  const client: Client = { close: () => socket.disconnect(), latencies: [], arrivals: [], bytes: [], ready: false };
  const room = roomName(args.subscription ?? { queueSid: null, minutes: null });
  // The first client also measures the size of what it receives, and tracks the snapshot.
  const measures = clients.length === 0;
  if (args.track && tracker === null) tracker = client;
  const tracks = tracker === client;
  let snapshot: MetricsSnapshot | null = null;
  let seq = -1;
  socket.on("connect_error", (error) => onFail(error));
  socket.on("connect", () => {
    if (args.subscription)
      socket.emit("subscribe", args.subscription, (result) => {
        if (!result.ok) onFail(new Error(result.error ?? "subscribe refused"));
      });
  });
  socket.on("snapshot", (message: SnapshotMessage) => {
    if (message.room !== room) return;
    snapshot = message.snapshot;
    seq = message.seq;
    if (tracks) enteredBySeq.set(seq, enteredOf(snapshot));
    if (!client.ready) {
      client.ready = true;
      if (args.track) client.arrivals.push([Date.now(), seq]);
      onReady();
    }
  });
  socket.on("metrics", (message: MetricsMessage) => {
    const at = Date.now();
    if (message.room !== room) return;
    const stamp = (message.patch as { generatedAt?: string }).generatedAt;
    if (stamp) client.latencies.push(at - Date.parse(stamp));
    if (measures) client.bytes.push(Buffer.byteLength(JSON.stringify(message)));
    if (!args.track || !snapshot) return;
    if (message.seq !== seq + 1) {
      socket.emit("resync");
      return;
    }
    seq = message.seq;
    client.arrivals.push([at, seq]);
    if (tracks) {
      snapshot = applyPatch(snapshot as unknown as Json, message.patch) as unknown as MetricsSnapshot;
      enteredBySeq.set(seq, enteredOf(snapshot));
    }
  });
  return client;
}

function wsClient(args: ConnectArgs, onReady: () => void, onFail: (error: Error) => void): Client {
  const socket = new WebSocket(args.url);
  const client: Client = { close: () => socket.close(), latencies: [], arrivals: [], bytes: [], ready: false };
  socket.on("open", () => {
    client.ready = true;
    onReady();
  });
  socket.on("error", (error) => onFail(error));
  socket.on("message", (data: Buffer) => {
    const at = Date.now();
    const message = JSON.parse(data.toString()) as { generatedAt: string };
    client.latencies.push(at - Date.parse(message.generatedAt));
  });
  return client;
}

/** Opens clients a batch at a time (a burst of thousands of handshakes is its own benchmark). */
async function connect(args: ConnectArgs): Promise<number> {
  const batch = 100;
  for (let start = 0; start < args.count; start += batch) {
    const size = Math.min(batch, args.count - start);
    await new Promise<void>((resolve, reject) => {
      let ready = 0;
      const timer = setTimeout(() => reject(new Error(`clients ${start}…${start + size} not ready within 30 s`)), 30_000);
      const onReady = () => {
        ready += 1;
        if (ready === size) {
          clearTimeout(timer);
          resolve();
        }
      };
      const onFail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      for (let i = 0; i < size; i += 1) clients.push((args.kind === "ws" ? wsClient : socketIoClient)(args, onReady, onFail));
    });
  }
  return clients.length;
}

/** Latencies of every push to every client since the last call, then forgets them. */
function take() {
  const latencies: number[] = [];
  for (const client of clients) latencies.push(...client.latencies.splice(0));
  const sizes = clients[0]?.bytes.splice(0) ?? [];
  const meanBytes = sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
  return { latencies, meanBytes, connected: clients.filter((client) => client.ready).length };
}

/**
 * Per event k (0-based, sent at sentAt[k]): for every client, the first push whose count of
 * entered tasks reached its first count + k + 1, minus sentAt[k].
 */
function freshness(sentAt: number[]): number[] {
  const latencies: number[] = [];
  for (const client of clients) {
    const entered = client.arrivals.flatMap(([at, seq]) => {
      const count = enteredBySeq.get(seq);
      return count === undefined ? [] : [[at, count] as const];
    });
    const base = entered[0]?.[1];
    if (base === undefined) continue;
    let i = 0;
    for (const [k, sent] of sentAt.entries()) {
      while (i < entered.length && (entered[i]?.[1] ?? 0) < base + k + 1) i += 1;
      const arrival = entered[i];
      if (!arrival) break;
      latencies.push(arrival[0] - sent);
    }
  }
  return latencies;
}

serveCommands(
  {
    connect: (args: ConnectArgs) => connect(args),
    take: () => take(),
    freshness: (sentAt: number[]) => freshness(sentAt),
    close: () => {
      for (const client of clients.splice(0)) client.close();
      tracker = null;
      enteredBySeq.clear();
      return true;
    },
  },
  async () => {
    for (const client of clients.splice(0)) client.close();
  },
);
