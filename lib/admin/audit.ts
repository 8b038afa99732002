import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { hasControlCharacters } from "@/lib/http/control-characters";
import type { RealtimeHub } from "@/lib/realtime/hub";
import type { AuditMessage } from "@/lib/realtime/protocol";

export type AuditAction =
  | "task.priority"
  | "task.reassign"
  | "task.cancel"
  | "worker.activity"
  | "user.create"
  | "user.update"
  | "token.create"
  | "token.revoke"
  | "thresholds.update"
  | "alerts.update";

export type AuditRecord = {
  actor: string;
  actorRole: string;
  action: AuditAction;
  targetType: "task" | "worker" | "user" | "api-token" | "queue" | "settings";
  targetSid: string;
  before: unknown;
  after: unknown;
  result: "success" | "error";
  errorCode: number | null;
  errorMessage: string | null;
};

type AuditRow = Awaited<ReturnType<PrismaClient["auditEntry"]["findFirstOrThrow"]>>;

export function toAuditMessage(row: AuditRow): AuditMessage {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actor,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetSid: row.targetSid,
    before: row.before ?? null,
    after: row.after ?? null,
    result: row.result === "success" ? "success" : "error",
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
  };
}

/** What a secret's value reads as in the audit log. */
export const REDACTED = "[redacted]";

/**
 * Field names whose values are secrets, whatever the nesting or case: passwords, tokens,
 * keys, signatures, cookies. The same list is applied to stored rows by a migration
 * (prisma/migrations/0002_audit_redact_secrets), so keep the two in step (`webhookUrl` came later,
 * with the alert settings: no stored row ever held one unredacted).
 */
const SECRET_FIELD =
  /pass(word|wd|phrase)?$|^pass|pwd|secret|token|api_?key|private_?key|credential|authori[sz]ation|cookie|signature|webhook_?url/i;

/**
 * A copy with every secret-named field's value replaced by REDACTED. Booleans stay (a
 * `passwordChanged: true` says what happened without saying anything secret).
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SECRET_FIELD.test(key) && field !== null && typeof field !== "boolean" ? REDACTED : redactSecrets(field);
  }
  return copy;
}

/** Plain JSON (drops undefined, turns dates into strings), secrets redacted; null stays a database NULL. */
function jsonColumn(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return redactSecrets(JSON.parse(JSON.stringify(value))) as Prisma.InputJsonValue;
}

/**
 * Changes to TaskRouter are pushed live: every screen, the wallboard TVs included, shows them.
 * User and token changes are only written: they are nobody's business on a TV.
 */
const PUSHED_TARGETS: ReadonlySet<AuditRecord["targetType"]> = new Set(["task", "worker"]);

/** Writes the entry, then (for task and agent changes) pushes it to every browser on every instance. */
export async function recordAudit(prisma: PrismaClient, hub: Pick<RealtimeHub, "emitAudit">, record: AuditRecord): Promise<AuditMessage> {
  const before = jsonColumn(record.before);
  const after = jsonColumn(record.after);
  const row = await prisma.auditEntry.create({
    data: {
      actor: record.actor,
      actorRole: record.actorRole,
      action: record.action,
      targetType: record.targetType,
      targetSid: record.targetSid,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
      result: record.result,
      errorCode: record.errorCode,
      errorMessage: record.errorMessage?.slice(0, 2000) ?? null,
    },
  });
  const message = toAuditMessage(row);
  if (PUSHED_TARGETS.has(record.targetType)) hub.emitAudit(message);
  return message;
}

export type AuditQuery = {
  /** Entries older than this id (the previous page's `nextBefore`). */
  before?: bigint | undefined;
  limit: number;
  action?: string | undefined;
  targetSid?: string | undefined;
  actor?: string | undefined;
  result?: "success" | "error" | undefined;
};

export type AuditPage = { entries: AuditMessage[]; nextBefore: string | null };

/** Newest first, by keyset on the id, so pages stay stable while new entries arrive. */
export async function listAudit(prisma: PrismaClient, query: AuditQuery): Promise<AuditPage> {
  const rows = await prisma.auditEntry.findMany({
    where: {
      ...(query.before !== undefined ? { id: { lt: query.before } } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.targetSid ? { targetSid: query.targetSid } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.result ? { result: query.result } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { entries: page.map(toAuditMessage), nextBefore: rows.length > query.limit && last ? last.id.toString() : null };
}

const auditQuerySchema = {
  limit: (value: string | null) =>
    value === null ? 50 : /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 200 ? Number(value) : null,
  before: (value: string | null) => (value === null ? undefined : /^\d{1,19}$/.test(value) ? BigInt(value) : null),
};

/** `?before=<id>&limit=1..200&action=&targetSid=&actor=&result=success|error`; a bad one is named. */
export function parseAuditQuery(url: URL): { ok: true; query: AuditQuery } | { ok: false; field: string; message: string } {
  const params = url.searchParams;
  const limit = auditQuerySchema.limit(params.get("limit"));
  if (limit === null) return { ok: false, field: "limit", message: "limit must be a whole number from 1 to 200" };
  const before = auditQuerySchema.before(params.get("before"));
  if (before === null) return { ok: false, field: "before", message: "before must be an audit entry id (the previous page's nextBefore)" };
  for (const field of ["action", "targetSid", "actor"] as const) {
    const value = params.get(field);
    // PostgreSQL text cannot hold NUL; no filter value needs control characters or more than 200.
    if (value !== null && (value.length > 200 || hasControlCharacters(value)))
      return { ok: false, field, message: `${field} must be at most 200 characters without control characters` };
  }
  const result = params.get("result");
  if (result !== null && result !== "success" && result !== "error")
    return { ok: false, field: "result", message: "result must be success or error" };
  return {
    ok: true,
    query: {
      limit,
      before,
      action: params.get("action") || undefined,
      targetSid: params.get("targetSid") || undefined,
      actor: params.get("actor") || undefined,
      result: result ?? undefined,
    },
  };
}
