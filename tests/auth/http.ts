import type { Role } from "@/lib/auth/roles";
import { TEST_API_TOKEN, type TestApp } from "../support/app";

/** A signed-in browser, as far as HTTP is concerned: its cookie and its CSRF token. */
export type Caller = { name: string; headers: Record<string, string>; csrfToken: string | null };

export const anonymous: Caller = { name: "anonymous", headers: {}, csrfToken: null };
export const bearer = (token: string, name = "bearer"): Caller => ({
  name,
  headers: { authorization: `Bearer ${token}` },
  csrfToken: null,
});
export const envToken = bearer(TEST_API_TOKEN, "DASHBOARD_API_TOKEN");

export async function createUser(app: TestApp, username: string, role: Role, password = `${username}-password-123`): Promise<void> {
  const response = await fetch(`${app.url}/api/admin/users`, {
    method: "POST",
    headers: { ...envToken.headers, "content-type": "application/json" },
    body: JSON.stringify({ username, password, role }),
  });
  if (response.status !== 201) throw new Error(`creating ${username}: ${response.status} ${await response.text()}`);
}

export async function login(app: TestApp, username: string, password = `${username}-password-123`): Promise<Caller> {
  const response = await fetch(`${app.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  const body = (await response.json()) as { csrfToken: string };
  return { name: username, headers: { cookie }, csrfToken: body.csrfToken };
}

/** A request as that caller; writes carry its CSRF token unless `csrf: false`. */
export function call(
  app: TestApp,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  { csrf = true }: { csrf?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...caller.headers };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (csrf && caller.csrfToken && method !== "GET") headers["x-csrf-token"] = caller.csrfToken;
  return fetch(`${app.url}${path}`, { method, headers, redirect: "manual", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}
