import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createUser, envToken, login } from "../auth/http";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await createUser(app, "chief", "admin");
  await createUser(app, "deputy", "admin");
});

afterAll(async () => {
  await app?.close();
});

describe("users API: an admin and their own account", () => {
  it("refuses to disable the caller's own account with 400 and says why; another admin may", async () => {
    const chief = await login(app, "chief");
    const { users } = (await (await call(app, envToken, "GET", "/api/admin/users")).json()) as {
      users: { id: string; username: string }[];
    };
    const own = users.find((user) => user.username === "chief");
    expect(own).toBeDefined();

    const refused = await call(app, chief, "PATCH", `/api/admin/users/${own?.id}`, { disabled: true });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/cannot disable your own account/);
    // Still signed in and enabled.
    expect((await call(app, chief, "GET", "/api/admin/users")).status).toBe(200);

    const deputy = await login(app, "deputy");
    expect((await call(app, deputy, "PATCH", `/api/admin/users/${own?.id}`, { disabled: true })).status).toBe(200);
  });
});
