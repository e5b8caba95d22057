/** What every service is built from: the database, the clock, configuration and a logger. */
import type { Actor, AuditAction, ErrorDetail, Permission } from '@ningan/domain';
import {
  AppError,
  canonicalJson,
  hasPermission,
  isInScope,
  notFound,
  type ScopedRecord,
} from '@ningan/domain';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { appendAudit, type AuditEntry } from '../repositories/audit.repository.ts';
import type { SessionCache } from './session-cache.ts';

export type Clock = () => Date;

/** Beijing (UTC+8) calendar date, YYYY-MM-DD: the day licences, inspections and stock expire on. */
export const beijingDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  sessions: SessionCache;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.roles, permission)) throw new AppError('forbidden', '没有执行此操作的权限');
}

/** Loads-then-checks: a record outside the actor's jurisdiction is "not found". */
export function ensureVisible<T extends ScopedRecord>(actor: Actor, record: T | null, what: string): T {
  if (!record || !isInScope(actor.scope, record)) throw notFound(what);
  return record;
}

/** A zod error as the API's problem list (`prefix` places it inside a larger input). */
export function zodProblems(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((i) => ({
    path: prefix + (i.path.map(String).join('.') || '(body)'),
    message: i.message,
  }));
}

/** `raw` parsed by `schema`, or validation_failed listing every problem. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
  return parsed.data as z.infer<S>;
}

export function rejectIfAny(problems: ErrorDetail[]): void {
  if (problems.length)
    throw new AppError('validation_failed', '输入有误，请修改后重试', { details: problems });
}

/** Records `entry` for `actor` in the audit trail, inside `tx`. */
export async function audit(
  tx: DbOrTx,
  actor: Pick<Actor, 'userId' | 'username' | 'ip' | 'via'> | null,
  entry: Omit<AuditEntry, 'actorId' | 'actorName' | 'ip' | 'outcome' | 'details' | 'action'> & {
    action: AuditAction;
    details?: unknown;
    outcome?: AuditEntry['outcome'];
    actorName?: string;
    ip?: string | null;
  },
  at: Date,
): Promise<void> {
  await appendAudit(
    tx,
    {
      actorId: actor && actor.via !== 'system' && actor.via !== 'cli' ? actor.userId : null,
      actorName: entry.actorName ?? actor?.username ?? 'system',
      ip: entry.ip ?? actor?.ip ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      regionCode: entry.regionCode,
      outcome: entry.outcome ?? 'success',
      details: entry.details ?? null,
    },
    at,
  );
}

/** The entry {@link audit} would append for this actor, for a batch (`appendAuditBatch`: imports). */
export function auditEntryOf(
  actor: Pick<Actor, 'userId' | 'username' | 'ip' | 'via'>,
  entry: Pick<AuditEntry, 'entityType' | 'entityId' | 'regionCode' | 'details'> & { action: AuditAction },
): AuditEntry {
  return {
    actorId: actor.via !== 'system' && actor.via !== 'cli' ? actor.userId : null,
    actorName: actor.username,
    ip: actor.ip ?? null,
    outcome: 'success',
    ...entry,
  };
}

/**
 * Only the fields whose values differ, as {field: [before, after]}, for audit details. Compared as
 * canonical JSON: jsonb gives objects back with their keys in its own order.
 */
export function diff<T extends object>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = (before as Record<string, unknown>)[key];
    if (canonicalJson(old ?? null) !== canonicalJson(value)) changes[key] = [old, value];
  }
  return changes;
}
