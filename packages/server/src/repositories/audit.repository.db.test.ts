/**
 * Issue #2 part 5 and 10: the audit trail is hash-chained, so editing any row, removing a row from the
 * middle, or removing the last row is detected and the first bad row named. Each test restores what
 * it tampered with, so the chain is intact again for the next one.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/client.ts';
import { auditHead, auditLog } from '../db/schema/index.ts';
import { forEachDriver } from '../test/db.ts';
import { T0, useTestContext } from '../test/context.ts';
import { appendAudit, findAudit, streamAudit, verifyAudit, type AuditEntry } from './audit.repository.ts';

const entry = (i: number): AuditEntry => ({
  actorId: null,
  actorName: `officer${i}`,
  action: 'contact.update',
  entityType: 'contact',
  entityId: `c-${i}`,
  regionCode: '621026100',
  outcome: 'success',
  ip: '10.0.0.1',
  details: { changes: { phone: ['13900000000', `1390000${String(i).padStart(4, '0')}`] }, 备注: '测试' },
});

async function append(db: Db, i: number): Promise<void> {
  await db.transaction(async (tx) => {
    await appendAudit(tx, entry(i), new Date(T0.getTime() + i * 1000));
  });
}

async function row(db: Db, seq: number) {
  const [r] = await db.select().from(auditLog).where(eq(auditLog.seq, seq));
  return r!;
}

forEachDriver('audit trail', (driver) => {
  const ctx = useTestContext(driver, { regionPack: false });
  const N = 8;

  beforeAll(async () => {
    for (let i = 1; i <= N; i += 1) await append(ctx.db, i);
  });

  it('an empty trail verifies', async () => {
    const empty = await driver.open();
    try {
      expect(await verifyAudit(empty.db)).toEqual({ ok: true, checked: 0 });
    } finally {
      await empty.close();
    }
  });

  it('issue #2 part 5: an untouched chain verifies; rows link to their predecessor from the genesis hash', async () => {
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, checked: N });
    const rows = await ctx.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const [head] = await ctx.db.select().from(auditHead);
    expect(head).toMatchObject({ seq: N, hash: rows[N - 1]!.hash });
  });

  it('issue #2 part 10: editing one row’s details directly in SQL is detected at that row', async () => {
    const original = await row(ctx.db, 3);
    await ctx.db.execute(
      sql`update audit_log set details = jsonb_set(details, '{changes,phone,1}', '"13999999999"') where seq = 3`,
    );
    try {
      const result = await verifyAudit(ctx.db);
      expect(result).toMatchObject({ ok: false, badSeq: 3, checked: 2 });
    } finally {
      await ctx.db.update(auditLog).set({ details: original.details }).where(eq(auditLog.seq, 3));
    }
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, checked: N });
  });

  it('issue #2 part 10: editing one row’s actor_name (or outcome, or time) is detected at that row', async () => {
    const original = await row(ctx.db, 5);
    for (const tamper of [
      sql`update audit_log set actor_name = 'someone_else' where seq = 5`,
      sql`update audit_log set outcome = 'failure' where seq = 5`,
      sql`update audit_log set at = at + interval '1 hour' where seq = 5`,
      sql`update audit_log set region_code = '621026102' where seq = 5`,
    ]) {
      await ctx.db.execute(tamper);
      try {
        expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, badSeq: 5 });
      } finally {
        await ctx.db
          .update(auditLog)
          .set({
            actorName: original.actorName,
            outcome: original.outcome,
            at: original.at,
            regionCode: original.regionCode,
          })
          .where(eq(auditLog.seq, 5));
      }
    }
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, checked: N });
  });

  it('rewriting a row together with its own hash is still detected (at the next row)', async () => {
    const original = await row(ctx.db, 4);
    await ctx.db.execute(sql`update audit_log set hash = repeat('a', 64), actor_name = 'x' where seq = 4`);
    try {
      expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, badSeq: 4 });
    } finally {
      await ctx.db
        .update(auditLog)
        .set({ hash: original.hash, actorName: original.actorName })
        .where(eq(auditLog.seq, 4));
    }
    expect((await verifyAudit(ctx.db)).ok).toBe(true);
  });

  it('issue #2 part 5: deleting a middle row is detected; the row after the gap is reported', async () => {
    const original = await row(ctx.db, 4);
    await ctx.db.execute(sql`delete from audit_log where seq = 4`);
    try {
      expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, badSeq: 5, checked: 3 });
    } finally {
      await ctx.db.insert(auditLog).values(original);
    }
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, checked: N });
  });

  it('issue #2 part 5: deleting the last row is detected (the chain head no longer matches)', async () => {
    const original = await row(ctx.db, N);
    await ctx.db.execute(sql`delete from audit_log where seq = ${N}`);
    try {
      const result = await verifyAudit(ctx.db);
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ badSeq: N });
    } finally {
      await ctx.db.insert(auditLog).values(original);
    }
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, checked: N });
  });

  it('appending a forged row after the head is detected', async () => {
    const last = await row(ctx.db, N);
    await ctx.db.insert(auditLog).values({ ...last, seq: N + 1, prevHash: last.hash, hash: 'f'.repeat(64) });
    try {
      expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, badSeq: N + 1 });
    } finally {
      await ctx.db.delete(auditLog).where(eq(auditLog.seq, N + 1));
    }
    expect((await verifyAudit(ctx.db)).ok).toBe(true);
  });

  it('issue #2 part 5: concurrent appends get consecutive sequence numbers and keep the chain intact', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(ctx.db, 100 + i)));
    const seqs: number[] = [];
    for await (const r of streamAudit(ctx.db, {}, 7)) seqs.push(r.seq); // small batches: crosses pages
    expect(seqs).toEqual(Array.from({ length: N + 20 }, (_, i) => i + 1));
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, checked: N + 20 });
  });

  it('search filters by actor, action prefix, outcome and time, newest first', async () => {
    const page = await findAudit(ctx.db, { page: 1, pageSize: 5, actor: 'officer10' });
    expect(page.total).toBe(10); // officer100…officer109
    expect(page.items).toHaveLength(5);
    expect(page.items.every((r) => r.actorName.startsWith('officer10'))).toBe(true);
    expect(page.items[0]!.seq).toBeGreaterThan(page.items[1]!.seq);
    const byTime = await findAudit(ctx.db, {
      page: 1,
      pageSize: 50,
      sort: 'seq',
      from: new Date(T0.getTime() + 2000).toISOString(),
      to: new Date(T0.getTime() + 4000).toISOString(),
    });
    expect(byTime.items.map((r) => r.actorName)).toEqual(['officer2', 'officer3', 'officer4']);
    expect((await findAudit(ctx.db, { page: 1, pageSize: 5, outcome: 'failure' })).total).toBe(0);
    expect((await findAudit(ctx.db, { page: 1, pageSize: 5, action: 'contact.' })).total).toBe(N + 20);
  });

  it('free text (q) searches the details and the entity id', async () => {
    const phone = await findAudit(ctx.db, { page: 1, pageSize: 50, q: '13900000003' });
    expect(phone.items.map((r) => r.entityId)).toEqual(['c-3']);
    expect((await findAudit(ctx.db, { page: 1, pageSize: 50, q: '测试' })).total).toBe(N + 20);
    expect((await findAudit(ctx.db, { page: 1, pageSize: 50, q: '没有这个' })).total).toBe(0);
    expect(
      (await findAudit(ctx.db, { page: 1, pageSize: 50, q: 'c-105' })).items.map((r) => r.entityId),
    ).toEqual(['c-105']);
    const exported: number[] = [];
    for await (const r of streamAudit(ctx.db, { q: '13900000003' })) exported.push(r.seq);
    expect(exported).toEqual([3]);
  });
});
