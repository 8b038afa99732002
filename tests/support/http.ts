import type { MetricsSnapshot } from "@/lib/metrics/types";
import { postSignedCallback, TEST_API_TOKEN, type TestApp } from "./app";

/** Headers of a script signed in with the instance's DASHBOARD_API_TOKEN (an admin). */
export const API_AUTH: Readonly<Record<string, string>> = { authorization: `Bearer ${TEST_API_TOKEN}` };

/** GET as the API token; throws with the answer when it is not 2xx. */
export async function getJson<T>(app: Pick<TestApp, "url">, path: string): Promise<T> {
  const response = await fetch(`${app.url}${path}`, { headers: API_AUTH });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export const getMetrics = (app: Pick<TestApp, "url">, query = ""): Promise<MetricsSnapshot> => getJson(app, `/api/metrics${query}`);

/** Posts events as signed callbacks of the instance's own workspace (others are not its numbers), `concurrency` at a time. */
export async function postEvents(
  app: TestApp,
  workspaceSid: string,
  events: readonly { eventType?: string; params: Readonly<Record<string, string>> }[],
  concurrency = 1,
): Promise<void> {
  for (let i = 0; i < events.length; i += concurrency) {
    await Promise.all(
      events.slice(i, i + concurrency).map(async (event) => {
        const response = await postSignedCallback(app, { ...event.params, WorkspaceSid: workspaceSid });
        if (response.status !== 204) {
          throw new Error(`callback ${event.params.EventType ?? ""} answered ${response.status}: ${await response.text()}`);
        }
      }),
    );
  }
}
