import type { MetricsSnapshot } from "@/lib/metrics/types";
import { postSignedCallback, TEST_API_TOKEN, type TestApp } from "@/tests/support/app";
import type { ScenarioSids } from "./scenario";

export const AUTH = { authorization: `Bearer ${TEST_API_TOKEN}` };

/** The scenario on the emulator's own queues and activities, so the live state knows their names. */
export function sidsFromSnapshot(snapshot: MetricsSnapshot): ScenarioSids {
  const [sales, support] = snapshot.queues;
  const activities = snapshot.workspace.realtime.activityStatistics;
  const available = activities.find((a) => a.available);
  const unavailable = activities.filter((a) => !a.available);
  const offline = unavailable.find((a) => /offline/i.test(a.friendlyName)) ?? unavailable[0];
  const rest = unavailable.find((a) => a !== offline);
  if (!sales || !support || !available || !offline || !rest)
    throw new Error("the emulator's workspace needs two queues, an available and two unavailable activities");
  const pick = (a: { sid: string; friendlyName: string }) => ({ sid: a.sid, name: a.friendlyName });
  return { sales: sales.sid, support: support.sid, available: pick(available), break: pick(rest), offline: pick(offline) };
}

export async function download(app: TestApp, path: string, headers: Record<string, string> = AUTH) {
  const response = await fetch(`${app.url}${path}`, { headers });
  const text = await response.text();
  return { response, text };
}

/** Posts events as signed callbacks of the instance's own workspace (others are not its numbers). */
export async function postEvents(
  app: TestApp,
  workspaceSid: string,
  events: { params: Readonly<Record<string, string>> }[],
  concurrency = 1,
) {
  for (let i = 0; i < events.length; i += concurrency) {
    const statuses = await Promise.all(
      events
        .slice(i, i + concurrency)
        .map(async (event) => (await postSignedCallback(app, { ...event.params, WorkspaceSid: workspaceSid })).status),
    );
    const refused = statuses.find((status) => status !== 204);
    if (refused !== undefined) throw new Error(`a callback was answered ${refused}`);
  }
}
