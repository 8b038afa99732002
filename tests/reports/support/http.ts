import type { MetricsSnapshot } from "@/lib/metrics/types";
import type { TestApp } from "@/tests/support/app";
import { API_AUTH } from "@/tests/support/http";
import type { ScenarioSids } from "./scenario";

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

export async function download(app: TestApp, path: string, headers: Readonly<Record<string, string>> = API_AUTH) {
  const response = await fetch(`${app.url}${path}`, { headers });
  const text = await response.text();
  return { response, text };
}
