/** Audit trail storage: append inside the caller's transaction; read, verify, export. */
import {
  AUDIT_GENESIS_HASH,
  auditHashInput,
  createChainVerifier,
  type AuditContent,
  type AuditQuery,
  type AuditRow,
  type VerifyResult,
} from '@ningan/domain';
import { and, asc, count, desc, eq, gt, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditHead, auditLog } from '../db/schema/index.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { insertUnnest, type BulkColumn } from './bulk.ts';

export type AuditEntry = Omit<AuditContent, 'seq' | 'at'>;

function toRow(r: typeof auditLog.$inferSelect): AuditRow {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    regionCode: r.regionCode,
    outcome: r.outcome,
    ip: r.ip,
    details: r.details ?? null,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/** Appends one entry; must run inside the transaction that makes the change it records. */
export async function appendAudit(tx: DbOrTx, entry: AuditEntry, at: Date): Promise<AuditRow> {
  await tx.insert(auditHead).values({ id: 1, seq: 0, hash: AUDIT_GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('audit head missing');
  const content: AuditContent = {
    ...entry,
    // Hash what jsonb will give back: a JSON round-trip turns Dates into strings and drops undefined.
    details: entry.details === undefined ? null : (JSON.parse(JSON.stringify(entry.details)) as unknown),
    seq: head.seq + 1,
    at: at.toISOString(),
  };
  const hash = sha256Hex(auditHashInput(head.hash, content));
  await tx.insert(auditLog).values({
    seq: content.seq,
    at,
    actorId: content.actorId,
    actorName: content.actorName,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    regionCode: content.regionCode,
    outcome: content.outcome,
    ip: content.ip,
    details: content.details,
    prevHash: head.hash,
    hash,
  });
  await tx.update(auditHead).set({ seq: content.seq, hash }).where(eq(auditHead.id, 1));
  return { ...content, prevHash: head.hash, hash };
}

const AUDIT_BULK: BulkColumn<typeof auditLog.$inferInsert>[] = [
  { column: auditLog.seq, type: 'int8', value: (r) => r.seq },
  { column: auditLog.at, type: 'timestamptz', value: (r) => r.at.toISOString() },
  { column: auditLog.actorId, type: 'uuid', value: (r) => r.actorId ?? null },
  { column: auditLog.actorName, type: 'text', value: (r) => r.actorName },
  { column: auditLog.action, type: 'text', value: (r) => r.action },
  { column: auditLog.entityType, type: 'text', value: (r) => r.entityType },
  { column: auditLog.entityId, type: 'text', value: (r) => r.entityId ?? null },
  { column: auditLog.regionCode, type: 'text', value: (r) => r.regionCode ?? null },
  { column: auditLog.outcome, type: 'text', value: (r) => r.outcome },
  { column: auditLog.ip, type: 'text', value: (r) => r.ip ?? null },
  // As drizzle writes a jsonb value: JSON text, and SQL NULL for null.
  {
    column: auditLog.details,
    type: 'jsonb',
    value: (r) => (r.details === null || r.details === undefined ? null : JSON.stringify(r.details)),
  },
  { column: auditLog.prevHash, type: 'text', value: (r) => r.prevHash },
  { column: auditLog.hash, type: 'text', value: (r) => r.hash },
];

/**
 * Appends many entries in order, chaining their hashes in memory and writing them in multi-row
 * inserts (bulk loads such as the demo ledger, imports; bulk.ts); same result as calling `appendAudit`
 * for each.
 */
export async function appendAuditBatch(
  tx: DbOrTx,
  entries: AuditEntry[],
  at: Date,
  chunk = 500,
): Promise<void> {
  if (!entries.length) return;
  await tx.insert(auditHead).values({ id: 1, seq: 0, hash: AUDIT_GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('audit head missing');
  let { seq, hash } = head;
  const rows: (typeof auditLog.$inferInsert)[] = entries.map((entry) => {
    const content: AuditContent = {
      ...entry,
      details: entry.details === undefined ? null : (JSON.parse(JSON.stringify(entry.details)) as unknown),
      seq: seq + 1,
      at: at.toISOString(),
    };
    const prevHash = hash;
    hash = sha256Hex(auditHashInput(prevHash, content));
    seq = content.seq;
    return { ...content, at, prevHash, hash };
  });
  for (let i = 0; i < rows.length; i += chunk)
    await insertUnnest(tx, auditLog, AUDIT_BULK, rows.slice(i, i + chunk));
  await tx.update(auditHead).set({ seq, hash }).where(eq(auditHead.id, 1));
}

function filters(q: Omit<AuditQuery, 'page' | 'pageSize' | 'sort'>): SQL | undefined {
  const conds: SQL[] = [];
  if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
  if (q.actor) conds.push(ilike(auditLog.actorName, `%${q.actor}%`));
  if (q.action) conds.push(ilike(auditLog.action, `${q.action}%`));
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.outcome) conds.push(eq(auditLog.outcome, q.outcome));
  // Free text over the details (jsonb has no ILIKE of its own) and the entity id.
  if (q.q)
    conds.push(
      sql`(${auditLog.details}::text ilike ${`%${q.q}%`} or ${auditLog.entityId} ilike ${`%${q.q}%`})`,
    );
  return conds.length ? and(...conds) : undefined;
}

export async function findAudit(db: DbOrTx, q: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
  const where = filters(q);
  const [totalRow] = await db.select({ n: count() }).from(auditLog).where(where);
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(q.sort === 'seq' ? asc(auditLog.seq) : desc(auditLog.seq))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(toRow), total: totalRow?.n ?? 0 };
}

/** Iterates matching rows in seq order, in batches (exports of any size). */
export async function* streamAudit(
  db: DbOrTx,
  q: Omit<AuditQuery, 'page' | 'pageSize' | 'sort'>,
  batch = 1000,
): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const where = and(gt(auditLog.seq, after), filters(q));
    const rows = await db.select().from(auditLog).where(where).orderBy(asc(auditLog.seq)).limit(batch);
    for (const r of rows) yield toRow(r);
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Verifies the whole chain and that its last row is the recorded head (detects a truncated tail). */
export async function verifyAudit(db: DbOrTx): Promise<VerifyResult> {
  const verifier = createChainVerifier(sha256Hex);
  let last: AuditRow | null = null;
  for await (const row of streamAudit(db, {})) {
    if (verifier.push(row)) return verifier.result();
    last = row;
  }
  const result = verifier.result();
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const headSeq = head?.seq ?? 0;
  if ((last?.seq ?? 0) !== headSeq || (last && head && last.hash !== head.hash))
    return {
      ok: false,
      checked: result.checked,
      badSeq: (last?.seq ?? 0) + 1,
      reason: `链尾不符：记录的最新序号为 ${headSeq}，实际最后一条为 ${last?.seq ?? 0}（末尾记录被删除或篡改）`,
    };
  return result;
}

/** The trail of one record, newest first (a registry's 变更记录). */
export async function findAuditForEntity(
  db: DbOrTx,
  entityType: string,
  entityId: string,
  page: { page: number; pageSize: number },
): Promise<{ items: AuditRow[]; total: number }> {
  const where = and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId));
  const [totalRow] = await db.select({ n: count() }).from(auditLog).where(where);
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { items: rows.map(toRow), total: totalRow?.n ?? 0 };
}
