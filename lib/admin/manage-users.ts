import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/passwords";
import { ROLES } from "@/lib/auth/roles";
import { disconnectUser } from "@/lib/auth/socket";
import { createUser, normaliseUsername, UserError, updateUser } from "@/lib/auth/users";
import type { AdminAction } from "./action";

const password = z
  .string({ message: "is required" })
  .min(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters` });
const role = z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` });

export const createUserBody = z
  .object({
    username: z
      .string({ message: "is required" })
      .transform(normaliseUsername)
      .pipe(z.string().regex(/^[a-z0-9._@-]{2,64}$/, { message: "must be 2–64 letters, digits or . _ @ -" })),
    password,
    role,
  })
  .strict();

export const createUserAction: AdminAction<z.infer<typeof createUserBody>> = {
  action: "user.create",
  capability: "users.manage",
  targetType: "user",
  body: createUserBody,
  async run({ services }, _target, body) {
    const user = await createUser(services.db.prisma, body);
    return { before: null, after: user, status: 201, targetSid: user.username };
  },
};

export const updateUserBody = z
  .object({ role: role.optional(), password: password.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((body) => body.role !== undefined || body.password !== undefined || body.disabled !== undefined, {
    message: "give role, password or disabled",
    path: ["role"],
  });

/** A new password or disabling signs the user out everywhere (except the admin's own session). */
export const updateUserAction: AdminAction<z.infer<typeof updateUserBody>> = {
  action: "user.update",
  capability: "users.manage",
  targetType: "user",
  targetPattern: /^[0-9a-f-]{36}$/,
  body: updateUserBody,
  async run({ services, principal }, userId, changes) {
    const isSelf = principal.userId === userId;
    // Disabling oneself would lock the admin out mid-session; another admin must do it.
    if (isSelf && changes.disabled === true)
      throw new UserError("You cannot disable your own account: ask another admin to do it", 400, "disabled");
    const { before, after } = await updateUser(
      services.db.prisma,
      userId,
      changes,
      principal.sessionId ? { keepSession: principal.sessionId } : {},
    );
    if (changes.disabled || (changes.password && !isSelf)) disconnectUser(services.hub.io, userId);
    // A new password of one's own ends one's other sessions (updateUser) and their live connections.
    else if (changes.password && principal.sessionId) disconnectUser(services.hub.io, userId, { except: principal.sessionId });
    return { before, after: { ...after, ...(changes.password ? { passwordChanged: true } : {}) }, targetSid: after.username };
  },
};
