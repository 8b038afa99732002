import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword, verifyPassword } from "./passwords";
import { randomSecret } from "./secrets";
import { createUser, normaliseUsername, UserError } from "./users";

export type AdminSeed = { mode: "embedded" | "twilio"; username: string | undefined; password: string | undefined };

export type BootstrapResult =
  | { kind: "from-env"; username: string; created: boolean }
  | { kind: "generated"; username: string; password: string }
  | { kind: "existing" }
  | { kind: "none" };

/**
 * Makes sure someone can sign in as admin.
 * - ADMIN_USERNAME + ADMIN_PASSWORD: that user exists, is an enabled admin and has that password at
 *   every start (the environment is the operator's way back in).
 * - Otherwise, when no enabled admin exists: embedded mode creates one with a generated password and
 *   prints it once; Twilio mode only warns (DASHBOARD_API_TOKEN can still create users).
 */
export async function bootstrapAdmin(prisma: PrismaClient, seed: AdminSeed, log: (line: string) => void): Promise<BootstrapResult> {
  const username = normaliseUsername(seed.username ?? "admin");
  if (seed.password) {
    const existing = await prisma.user.findUnique({ where: { username } });
    if (!existing) {
      const created = await createOrIgnoreRace(prisma, username, seed.password);
      log(`Admin user "${username}" ${created ? "created" : "present"} (ADMIN_USERNAME/ADMIN_PASSWORD)`);
      return { kind: "from-env", username, created };
    }
    const passwordMatches = await verifyPassword(existing.passwordHash, seed.password);
    if (!passwordMatches || existing.role !== "admin" || existing.disabledAt) {
      await prisma.user.update({
        where: { id: existing.id },
        data: { role: "admin", disabledAt: null, ...(passwordMatches ? {} : { passwordHash: await hashPassword(seed.password) }) },
      });
    }
    return { kind: "from-env", username, created: false };
  }

  if ((await prisma.user.count({ where: { role: "admin", disabledAt: null } })) > 0) return { kind: "existing" };
  if (seed.mode !== "embedded") {
    log("No admin user yet: set ADMIN_USERNAME and ADMIN_PASSWORD, or create users with DASHBOARD_API_TOKEN");
    return { kind: "none" };
  }
  const password = randomSecret(15);
  const existing = await prisma.user.findUnique({ where: { username } });
  if (existing) {
    await prisma.user.update({
      where: { id: existing.id },
      data: { role: "admin", disabledAt: null, passwordHash: await hashPassword(password) },
    });
  } else if (!(await createOrIgnoreRace(prisma, username, password))) {
    return { kind: "existing" };
  }
  log(
    [
      "",
      "  ┌─ First admin ────────────────────────────────────────────",
      `  │ username: ${username}`,
      `  │ password: ${password}`,
      "  │ Shown once. Set ADMIN_USERNAME/ADMIN_PASSWORD to choose your own.",
      "  └──────────────────────────────────────────────────────────",
      "",
    ].join("\n"),
  );
  return { kind: "generated", username, password };
}

/** Two instances starting together may both try: the loser finds the winner's row. */
async function createOrIgnoreRace(prisma: PrismaClient, username: string, password: string): Promise<boolean> {
  try {
    await createUser(prisma, { username, password, role: "admin" });
    return true;
  } catch (error) {
    if (error instanceof UserError && error.status === 409) return false;
    throw error;
  }
}
