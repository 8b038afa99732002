import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_EMULATOR_AUTH_TOKEN, EMULATOR_TOKEN_FILE, loadEnv } from "@/lib/env";

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wallboard-defaults-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the default set-up trusts nobody", () => {
  it("generates a random emulator auth token per data directory, keeps it there (owner-only) and reuses it", () => {
    const [a, b] = [dataDir(), dataDir()];
    const first = loadEnv({ DATA_DIR: a });
    expect(first.twilio.authToken).not.toBe(DEFAULT_EMULATOR_AUTH_TOKEN);
    expect(first.twilio.authToken.length).toBeGreaterThanOrEqual(32);
    expect(first.emulator.tokenFile).toBe(path.join(a, EMULATOR_TOKEN_FILE));
    expect(readFileSync(path.join(a, EMULATOR_TOKEN_FILE), "utf8").trim()).toBe(first.twilio.authToken);
    expect(statSync(path.join(a, EMULATOR_TOKEN_FILE)).mode & 0o077).toBe(0);
    expect(loadEnv({ DATA_DIR: a }).twilio.authToken).toBe(first.twilio.authToken);
    expect(loadEnv({ DATA_DIR: b }).twilio.authToken).not.toBe(first.twilio.authToken);
  });

  it("uses EMULATOR_AUTH_TOKEN when it is set, and writes nothing", () => {
    const dir = dataDir();
    const env = loadEnv({ DATA_DIR: dir, EMULATOR_AUTH_TOKEN: "chosen-token-123" });
    expect(env.twilio.authToken).toBe("chosen-token-123");
    expect(env.emulator.tokenFile).toBeNull();
    expect(() => statSync(path.join(dir, EMULATOR_TOKEN_FILE))).toThrow();
  });

  it("listens on 127.0.0.1 in embedded mode unless HOST says otherwise; on every interface with Twilio", () => {
    expect(loadEnv({ DATA_DIR: dataDir() }).host).toBe("127.0.0.1");
    expect(loadEnv({ DATA_DIR: dataDir(), HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    const twilioMode = loadEnv({
      TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "secret",
      TWILIO_WORKSPACE_SID: `WS${"b".repeat(32)}`,
      PUBLIC_BASE_URL: "https://wallboard.example.com",
    });
    expect(twilioMode.host).toBe("0.0.0.0");
  });

  it("trusts X-Forwarded-* only when TRUST_PROXY is on", () => {
    expect(loadEnv({ DATA_DIR: dataDir() }).trustProxy).toBe(false);
    expect(loadEnv({ DATA_DIR: dataDir(), TRUST_PROXY: "on" }).trustProxy).toBe(true);
  });
});
