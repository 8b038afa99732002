import type { z } from "zod";
import type { Principal } from "@/lib/auth/authenticate";
import { authorizeRequest } from "@/lib/auth/guard";
import { type Capability, REQUIRED_ROLE } from "@/lib/auth/roles";
import { UserError } from "@/lib/auth/users";
import { errorResponse, json } from "@/lib/http/responses";
import { errorFields, logger } from "@/lib/log";
import type { AuditMessage } from "@/lib/realtime/protocol";
import { type Services, servicesFor } from "@/lib/services";
import { twilioErrorInfo } from "@/lib/twilio/client";
import { type AuditAction, type AuditRecord, recordAudit } from "./audit";
import { readJsonBody } from "./body";

/** Failed attempts are recorded too; this header names their audit entry. */
export const AUDIT_ID_HEADER = "x-audit-id";

/** A failure the action explains itself (409 for a finished task, 404 for an unknown sid in the body…). */
export class ActionError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: {
      code?: number | string | undefined;
      field?: string | undefined;
      moreInfo?: string | undefined;
      before?: unknown;
    } = {},
  ) {
    super(message);
    this.name = "ActionError";
  }
}

export type ActionContext = { services: Services; principal: Principal };

export type ActionOutcome = {
  before: unknown;
  after: unknown;
  status?: number;
  /** The target when the path could not name it (a user being created). */
  targetSid?: string;
  /** What the caller gets when it differs from `after` (a new token, shown once, never audited). */
  response?: unknown;
};

export type AdminAction<Body> = {
  action: AuditAction;
  capability: Capability;
  targetType: AuditRecord["targetType"];
  /** The sid shape in the path; anything else is 404 without asking TaskRouter. */
  targetPattern?: RegExp;
  body: z.ZodType<Body>;
  run(context: ActionContext, targetSid: string, body: Body): Promise<ActionOutcome>;
};

type Failure = {
  status: number;
  message: string;
  code?: number | string | undefined;
  field?: string | undefined;
  moreInfo?: string | undefined;
  before?: unknown;
};

/**
 * The whole life of an admin action: authenticate and authorise, validate the body, act, then
 * record the outcome (success or not, once the caller is known) and push it to every supervisor.
 * Unauthenticated and cross-site requests are not recorded: nobody known made them.
 */
export async function runAdminAction<Body>(request: Request, definition: AdminAction<Body>, targetSid: string): Promise<Response> {
  const authorization = await authorizeRequest(request, REQUIRED_ROLE[definition.capability]);
  if (!authorization.ok) {
    if (authorization.principal) {
      const message = (await authorization.response
        .clone()
        .json()
        .catch(() => null)) as { error?: { message?: string } } | null;
      const entry = await audit(
        request,
        definition,
        authorization.principal,
        targetSid,
        { status: 403, message: message?.error?.message ?? "Forbidden" },
        null,
      );
      if (entry) authorization.response.headers.set(AUDIT_ID_HEADER, entry.id);
    }
    return authorization.response;
  }
  const { principal } = authorization;
  const services = servicesFor(request);

  const parsed = await readJsonBody(request, definition.body);
  if (!parsed.ok) {
    const entry = await audit(request, definition, principal, targetSid, parsed, parsed.raw ?? null);
    return failureResponse(parsed, entry);
  }
  if (definition.targetPattern && !definition.targetPattern.test(targetSid)) {
    const failure = { status: 404, message: `No ${definition.targetType} ${targetSid}: not a ${definition.targetType} sid` };
    return failureResponse(failure, await audit(request, definition, principal, targetSid, failure, parsed.value));
  }

  try {
    const outcome = await definition.run({ services, principal }, targetSid, parsed.value);
    const entry = await safeRecord(services, {
      ...actorOf(principal),
      action: definition.action,
      targetType: definition.targetType,
      targetSid: outcome.targetSid ?? targetSid,
      before: outcome.before,
      after: outcome.after,
      result: "success",
      errorCode: null,
      errorMessage: null,
    });
    return json({ result: outcome.response ?? outcome.after, audit: entry }, { status: outcome.status ?? 200 });
  } catch (error) {
    const failure = failureOf(error);
    return failureResponse(failure, await audit(request, definition, principal, targetSid, failure, parsed.value));
  }
}

const actorOf = (principal: Principal) => ({ actor: principal.actor, actorRole: principal.role });

async function audit(
  request: Request,
  definition: Pick<AdminAction<unknown>, "action" | "targetType">,
  principal: Principal,
  targetSid: string,
  failure: Failure,
  requested: unknown,
): Promise<AuditMessage | null> {
  return safeRecord(servicesFor(request), {
    ...actorOf(principal),
    action: definition.action,
    targetType: definition.targetType,
    targetSid,
    before: failure.before ?? null,
    after: requested === null || requested === undefined ? null : { requested },
    result: "error",
    errorCode: typeof failure.code === "number" ? failure.code : null,
    errorMessage: `${failure.status}: ${failure.message}`,
  });
}

/** The action has happened (or not) whatever the audit store says: a failed write is logged, not answered. */
async function safeRecord(services: Services, record: AuditRecord): Promise<AuditMessage | null> {
  try {
    return await recordAudit(services.db.prisma, services.hub, record);
  } catch (error) {
    logger.error({ action: record.action, targetSid: record.targetSid, actor: record.actor, ...errorFields(error) }, "Audit write failed");
    return null;
  }
}

function failureResponse(failure: Failure, entry: AuditMessage | null): Response {
  const response = errorResponse(failure.status, failure.message, {
    ...(failure.field ? { field: failure.field } : {}),
    ...(failure.code !== undefined ? { code: failure.code } : {}),
    ...(failure.moreInfo ? { moreInfo: failure.moreInfo } : {}),
  });
  if (entry) response.headers.set(AUDIT_ID_HEADER, entry.id);
  return response;
}

/**
 * TaskRouter's answer, passed through: its code and message, 404 for an unknown sid (20404),
 * 409 for a conflict, its 4xx otherwise. 401/403 from TaskRouter mean the app's own Twilio
 * credentials are wrong, which is not the caller's fault: 502, as for no answer at all.
 */
export function failureOf(error: unknown): Failure {
  if (error instanceof ActionError) return { status: error.status, message: error.message, ...error.details };
  if (error instanceof UserError) return { status: error.status, message: error.message, field: error.field };
  const twilio = twilioErrorInfo(error);
  if (twilio) {
    const passthrough = { message: twilio.message, code: twilio.code ?? undefined, moreInfo: twilio.moreInfo ?? undefined };
    if (twilio.code === 20404 || twilio.status === 404) return { status: 404, ...passthrough };
    if (twilio.status === 401 || twilio.status === 403 || twilio.status >= 500) {
      return { status: 502, ...passthrough, message: `TaskRouter refused the request (${twilio.status}): ${twilio.message}` };
    }
    return { status: twilio.status >= 400 && twilio.status < 500 ? twilio.status : 502, ...passthrough };
  }
  const network = error as { isAxiosError?: unknown; code?: unknown; message?: unknown };
  if (network?.isAxiosError || (typeof network?.code === "string" && /^E[A-Z]+$/.test(network.code))) {
    return { status: 502, message: `TaskRouter did not answer: ${String(network.message ?? network.code)}` };
  }
  logger.error(errorFields(error), "Admin action failed unexpectedly");
  return { status: 500, message: "The action failed unexpectedly; see the server log" };
}
