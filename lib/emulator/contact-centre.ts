/**
 * The built-in contact centre the emulator starts with: activities, task channels, queues with skills
 * and languages, one workflow, a few dozen agents. Everything is created through the engine (so it
 * emits the usual *.created events); sids follow from the seed.
 *
 * The workflow always begins with the filters admin reassignment relies on:
 * 1. "Known agent": task attribute `targetWorkerSid` set → only that worker, via the "Direct to agent"
 *    queue (TargetWorkers `1==1`) and the target expression `worker.sid == task.targetWorkerSid`.
 * 2. One filter per queue: `targetTaskQueueSid == "WQ…"` → that queue.
 * Then the business filters, then the default filter. See lib/emulator/README.md for the JSON a real
 * Twilio workspace needs.
 */
import type { Engine } from "./engine";

export type TargetDefinition = { queue: string; expression?: string; priority?: number; timeout?: number };
export type FilterDefinition = { name: string; expression: string; targets: TargetDefinition[] };

export type ContactCentreDefinition = {
  workspaceName: string;
  activities: { key: string; friendlyName: string; available: boolean }[];
  /** Activity keys. */
  defaultActivity: string;
  timeoutActivity: string | null;
  taskChannels: { uniqueName: string; friendlyName: string; capacity: number }[];
  queues: { key: string; friendlyName: string; targetWorkers: string }[];
  workflow: {
    friendlyName: string;
    taskReservationTimeout: number;
    /** Queue key of the known-agent filter (whose TargetWorkers must match every worker); null: none. */
    knownAgentQueue: string | null;
    /** Generate the `targetTaskQueueSid` filter for every queue. */
    queueReassignment: boolean;
    /** Targets name queues by key. */
    filters: FilterDefinition[];
    defaultQueue: string;
  };
  workers: { friendlyName: string; attributes: Record<string, unknown> }[];
};

export type ContactCentre = {
  workspaceSid: string;
  activities: Record<string, string>;
  queues: Record<string, string>;
  workflowSid: string;
  workers: string[];
};

/** The workflow Configuration JSON for given queue sids (what a real workspace needs, too). */
export function workflowConfiguration(def: ContactCentreDefinition, queueSids: Record<string, string>): string {
  const sidOf = (key: string): string => {
    const sid = queueSids[key];
    if (!sid) throw new Error(`Contact centre definition: unknown queue key ${key}`);
    return sid;
  };
  const filters: unknown[] = [];
  const { workflow } = def;
  if (workflow.knownAgentQueue) {
    filters.push({
      filter_friendly_name: "Known agent",
      expression: "targetWorkerSid != null",
      targets: [{ queue: sidOf(workflow.knownAgentQueue), expression: "worker.sid == task.targetWorkerSid" }],
    });
  }
  if (workflow.queueReassignment) {
    for (const queue of def.queues) {
      if (queue.key === workflow.knownAgentQueue) continue;
      filters.push({
        filter_friendly_name: `Reassigned to ${queue.friendlyName}`,
        expression: `targetTaskQueueSid == "${sidOf(queue.key)}"`,
        targets: [{ queue: sidOf(queue.key) }],
      });
    }
  }
  for (const filter of workflow.filters) {
    filters.push({
      filter_friendly_name: filter.name,
      expression: filter.expression,
      targets: filter.targets.map((target) => ({
        queue: sidOf(target.queue),
        ...(target.expression ? { expression: target.expression } : {}),
        ...(target.priority !== undefined ? { priority: target.priority } : {}),
        ...(target.timeout !== undefined ? { timeout: target.timeout } : {}),
      })),
    });
  }
  return JSON.stringify({ task_routing: { filters, default_filter: { queue: sidOf(workflow.defaultQueue) } } }, null, 2);
}

/** Creates the definition's resources in an empty engine. */
export function buildContactCentre(engine: Engine, def: ContactCentreDefinition): ContactCentre {
  const activities: Record<string, string> = {};
  for (const activity of def.activities) {
    activities[activity.key] = engine.config.createActivity({ friendlyName: activity.friendlyName, available: activity.available }).sid;
  }
  engine.config.updateWorkspace({
    friendlyName: def.workspaceName,
    defaultActivitySid: activities[def.defaultActivity]!,
    ...(def.timeoutActivity ? { timeoutActivitySid: activities[def.timeoutActivity]! } : {}),
  });
  for (const channel of def.taskChannels) {
    engine.config.createTaskChannel({
      friendlyName: channel.friendlyName,
      uniqueName: channel.uniqueName,
      defaultCapacity: channel.capacity,
    });
  }
  const queues: Record<string, string> = {};
  for (const queue of def.queues) {
    queues[queue.key] = engine.config.createTaskQueue({ friendlyName: queue.friendlyName, targetWorkers: queue.targetWorkers }).sid;
  }
  const workflowSid = engine.config.createWorkflow({
    friendlyName: def.workflow.friendlyName,
    configuration: workflowConfiguration(def, queues),
    taskReservationTimeout: def.workflow.taskReservationTimeout,
  }).sid;
  const workers = def.workers.map(
    (worker) => engine.workers.create({ friendlyName: worker.friendlyName, attributes: JSON.stringify(worker.attributes) }).sid,
  );
  return { workspaceSid: engine.workspaceSid, activities, queues, workflowSid, workers };
}

// --- the default definition ----------------------------------------------------------------------

const FIRST_NAMES = [
  "Alice",
  "Bruno",
  "Chloé",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Luca",
  "Maya",
  "Nikhil",
  "Olga",
  "Pablo",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
  "Umar",
  "Vera",
  "Wen",
  "Ximena",
  "Yusuf",
  "Zoe",
  "Amara",
  "Ben",
  "Carmen",
  "Diego",
  "Eva",
  "Felix",
  "Gabriela",
  "Hugo",
  "Ivy",
  "Javier",
  "Kai",
  "Lucía",
  "Marco",
  "Nora",
];
const LAST_NAMES = ["Rivera", "Okafor", "Schmidt", "Tanaka", "Novak", "Haddad", "Lindqvist", "Moreau", "Costa", "Walsh"];

type Profile = { team: string; skills: string[]; languages: string[]; count: number; level: [number, number] };

/** 40 agents: the mix of skills behind the queues below. */
const PROFILES: Profile[] = [
  { team: "Sales", skills: ["sales"], languages: ["en"], count: 6, level: [1, 4] },
  { team: "Sales", skills: ["sales"], languages: ["en", "es"], count: 2, level: [2, 4] },
  { team: "Support", skills: ["support"], languages: ["en"], count: 9, level: [1, 4] },
  { team: "Support", skills: ["support", "billing"], languages: ["en"], count: 3, level: [2, 4] },
  { team: "Support ES", skills: ["support"], languages: ["es", "en"], count: 5, level: [1, 4] },
  { team: "Billing", skills: ["billing"], languages: ["en"], count: 5, level: [1, 3] },
  { team: "VIP", skills: ["support", "vip", "billing"], languages: ["en"], count: 4, level: [4, 5] },
  { team: "Digital", skills: ["chat", "support"], languages: ["en"], count: 5, level: [1, 3] },
  { team: "Digital", skills: ["chat", "sales"], languages: ["en", "es"], count: 1, level: [2, 3] },
];

function defaultWorkers(): ContactCentreDefinition["workers"] {
  const workers: ContactCentreDefinition["workers"] = [];
  let index = 0;
  for (const profile of PROFILES) {
    for (let n = 0; n < profile.count; n++) {
      const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
      const last = LAST_NAMES[(index * 7) % LAST_NAMES.length]!;
      const [low, high] = profile.level;
      workers.push({
        friendlyName: `${first} ${last}`,
        attributes: {
          email: `${first
            .normalize("NFD")
            .replace(/[^A-Za-z]/g, "")
            .toLowerCase()}.${last.toLowerCase()}@example.com`,
          contact_uri: `client:agent${index + 1}`,
          team: profile.team,
          skills: profile.skills,
          languages: profile.languages,
          level: low + (n % (high - low + 1)),
          routing: {
            skills: profile.skills,
            levels: Object.fromEntries(profile.skills.map((skill) => [skill, low + (n % (high - low + 1))])),
          },
        },
      });
      index += 1;
    }
  }
  return workers;
}

export const DEFAULT_CONTACT_CENTRE: ContactCentreDefinition = {
  workspaceName: "Contact Centre (emulated)",
  activities: [
    { key: "offline", friendlyName: "Offline", available: false },
    { key: "available", friendlyName: "Available", available: true },
    { key: "break", friendlyName: "Break", available: false },
    { key: "lunch", friendlyName: "Lunch", available: false },
    { key: "acw", friendlyName: "After-call work", available: false },
    { key: "meeting", friendlyName: "Meeting", available: false },
  ],
  defaultActivity: "offline",
  timeoutActivity: "offline",
  taskChannels: [
    { uniqueName: "default", friendlyName: "Default", capacity: 1 },
    { uniqueName: "voice", friendlyName: "Voice", capacity: 1 },
    { uniqueName: "chat", friendlyName: "Chat", capacity: 3 },
  ],
  queues: [
    { key: "sales", friendlyName: "Sales", targetWorkers: 'skills HAS "sales"' },
    { key: "support_en", friendlyName: "Support EN", targetWorkers: 'skills HAS "support" AND languages HAS "en"' },
    { key: "support_es", friendlyName: "Support ES", targetWorkers: 'skills HAS "support" AND languages HAS "es"' },
    { key: "billing", friendlyName: "Billing", targetWorkers: 'skills HAS "billing"' },
    { key: "vip", friendlyName: "VIP", targetWorkers: 'skills HAS "vip" AND level >= 4' },
    { key: "chat", friendlyName: "Chat", targetWorkers: 'skills HAS "chat"' },
    { key: "direct", friendlyName: "Direct to agent", targetWorkers: "1==1" },
  ],
  workflow: {
    friendlyName: "Inbound routing",
    taskReservationTimeout: 20,
    knownAgentQueue: "direct",
    queueReassignment: true,
    filters: [
      // VIP callers wait for a VIP specialist for 30 s, then anyone in Support EN, at high priority.
      {
        name: "VIP",
        expression: "vip == true",
        targets: [
          { queue: "vip", priority: 10, timeout: 30 },
          { queue: "support_en", priority: 10 },
        ],
      },
      { name: "Chat", expression: 'type == "chat"', targets: [{ queue: "chat" }] },
      { name: "Sales", expression: 'type == "sales"', targets: [{ queue: "sales" }] },
      // Spanish support waits 2 minutes for a Spanish speaker, then goes to English support.
      {
        name: "Support ES",
        expression: 'type == "support" AND language == "es"',
        targets: [{ queue: "support_es", timeout: 120 }, { queue: "support_en" }],
      },
      { name: "Support EN", expression: 'type == "support"', targets: [{ queue: "support_en" }] },
      {
        name: "Billing",
        expression: 'type == "billing"',
        targets: [
          { queue: "billing", timeout: 180 },
          { queue: "support_en", expression: 'worker.skills HAS "billing"' },
        ],
      },
    ],
    defaultQueue: "support_en",
  },
  workers: defaultWorkers(),
};
