/**
 * The TaskRouter emulator: a stateful TaskRouter that the unmodified `twilio` SDK drives once
 * `client.taskrouter.baseUrl = emulator.baseUrl`, with signed event callbacks and statistics computed
 * from its own state. See ./README.md.
 */
import type { AddressInfo } from "node:net";
import { VirtualClock, type Clock } from "./clock";
import { buildContactCentre, DEFAULT_CONTACT_CENTRE, type ContactCentre, type ContactCentreDefinition } from "./contact-centre";
import { CallbackDelivery, type DeliveryOptions, type DeliveryStats } from "./delivery";
import { Engine } from "./engine";
import { createRestServer } from "./http/server";

export { Engine } from "./engine";
export type { EventsQuery } from "./engine";
export { RealClock, VirtualClock, ManualClock, type Clock, type TimerHandle } from "./clock";
export { EmulatorError } from "./errors";
export { DEFAULT_CONTACT_CENTRE, buildContactCentre, workflowConfiguration } from "./contact-centre";
export type { ContactCentre, ContactCentreDefinition } from "./contact-centre";
export type { DeliveryStats } from "./delivery";
export type { EventRecord, Task, Worker, Reservation, TaskQueue, Workflow, Activity } from "./model";
export { TTL_REASON, WORKFLOW_TIMEOUT_REASON } from "./lifecycle";

export type EmulatorOptions = {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `AC` + 32 hex digits: the SDK refuses anything else. */
  accountSid: string;
  authToken: string;
  eventCallbackUrl?: string;
  /** Default: a VirtualClock at 1× from now (real time that can still be rewound for history replay). */
  clock?: Clock;
  /** Seeds the sids. Default 1. */
  seed?: number;
  /** The workspace to build; default the built-in contact centre; null for an empty workspace. */
  contactCentre?: ContactCentreDefinition | null;
  delivery?: Omit<DeliveryOptions, "authToken">;
  /** Events kept for the Events API and statistics (default 250,000). */
  maxEvents?: number;
  /** How long completed/canceled tasks stay fetchable (default 24 h of clock time); their events stay. */
  endedTaskRetentionMs?: number;
};

export type Emulator = {
  /** e.g. http://127.0.0.1:4010, to assign to `client.taskrouter.baseUrl`. */
  baseUrl: string;
  accountSid: string;
  workspaceSid: string;
  clock: Clock;
  /** In-process API (the simulator drives this directly). */
  engine: Engine;
  /** Sids of the built contact centre (null for an empty workspace). */
  contactCentre: ContactCentre | null;
  delivery: { readonly stats: DeliveryStats; whenIdle(): Promise<void> };
  setEventCallbackUrl(url: string | null): void;
  /**
   * History replay: moves a VirtualClock back to `startMs`, running at `speed`× until it catches up,
   * and re-dates the configuration made so far. Only before the first task.
   */
  replayFrom(startMs: number, speed: number): void;
  close(): Promise<void>;
};

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  if (!ACCOUNT_SID.test(options.accountSid)) throw new Error("accountSid must be AC followed by 32 hex digits");
  if (!options.authToken) throw new Error("authToken is required");
  const ownsClock = options.clock === undefined;
  const clock = options.clock ?? new VirtualClock();
  const engine = new Engine({
    clock,
    accountSid: options.accountSid,
    seed: options.seed ?? 1,
    ...(options.maxEvents ? { maxEvents: options.maxEvents } : {}),
    ...(options.endedTaskRetentionMs !== undefined ? { endedTaskRetentionMs: options.endedTaskRetentionMs } : {}),
  });
  const delivery = new CallbackDelivery({ ...options.delivery, authToken: options.authToken });
  engine.onEvent((event) => {
    const ws = engine.state.workspace;
    delivery.enqueue(event, ws.eventCallbackUrl, ws.eventsFilter);
  });

  const definition = options.contactCentre === undefined ? DEFAULT_CONTACT_CENTRE : options.contactCentre;
  const contactCentre = definition ? buildContactCentre(engine, definition) : null;
  if (options.eventCallbackUrl) engine.config.updateWorkspace({ eventCallbackUrl: options.eventCallbackUrl });

  const host = options.host ?? "127.0.0.1";
  let baseUrl = "";
  const server = createRestServer({ engine, accountSid: options.accountSid, authToken: options.authToken, baseUrl: () => baseUrl });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  return {
    baseUrl,
    accountSid: options.accountSid,
    workspaceSid: engine.workspaceSid,
    clock,
    engine,
    contactCentre,
    delivery: {
      get stats() {
        return delivery.stats;
      },
      whenIdle: () => delivery.whenIdle(),
    },
    setEventCallbackUrl(url) {
      engine.config.updateWorkspace({ eventCallbackUrl: url });
    },
    replayFrom(startMs, speed) {
      if (!(clock instanceof VirtualClock)) throw new Error("replayFrom needs the emulator to run on a VirtualClock");
      if (engine.state.tasks.size > 0) throw new Error("replayFrom: tasks already exist");
      clock.rewind(startMs, speed);
      engine.restampConfiguration();
    },
    async close() {
      delivery.close();
      if (ownsClock) clock.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
