import { z } from "zod";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { ROLES } from "@/lib/auth/roles";
import { disconnectToken } from "@/lib/auth/socket";
import { ActionError, type AdminAction } from "./action";

export const createTokenBody = z
  .object({
    name: z.string({ message: "is required" }).trim().min(1, { message: "is required" }).max(64),
    role: z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` }),
  })
  .strict();

/** The token is in the answer once; the audit log and the database keep only its name and hash. */
export const createTokenAction: AdminAction<z.infer<typeof createTokenBody>> = {
  action: "token.create",
  capability: "tokens.manage",
  targetType: "api-token",
  body: createTokenBody,
  async run({ services, principal }, _target, body) {
    const { token, summary } = await createApiToken(services.db.prisma, { ...body, createdBy: principal.actor });
    return { before: null, after: summary, status: 201, targetSid: summary.id, response: { ...summary, token } };
  },
};

export const revokeTokenAction: AdminAction<Record<string, never>> = {
  action: "token.revoke",
  capability: "tokens.manage",
  targetType: "api-token",
  targetPattern: /^[0-9a-f-]{36}$/,
  body: z.object({}).strict(),
  async run({ services }, tokenId) {
    const before = await services.db.prisma.apiToken.findUnique({
      where: { id: tokenId },
      select: { name: true, role: true, revokedAt: true },
    });
    const after = await revokeApiToken(services.db.prisma, tokenId);
    if (!before || !after) throw new ActionError(404, `No API token ${tokenId}`);
    disconnectToken(services.hub.io, tokenId);
    return { before, after };
  },
};
