/**
 * Issue #2 part 5: the audit administrator's view of the trail — search, verify (which notices a row
 * edited in the database), CSV export — and that no API edits or deletes the trail.
 */
import type { AuditView } from '@ningan/domain';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog } from '../db/schema/index.ts';
import { declaredRoutes } from '../http/policy.ts';
import { forEachDriver } from '../test/db.ts';
import { useTestContext, type Session } from '../test/context.ts';

forEachDriver('audit API', (driver) => {
  const ctx = useTestContext(driver);
  let auditor: Session;

  beforeAll(async () => {
    const app = await ctx.app();
    auditor = await ctx.loginAs({ roles: ['audit_admin'] });
    // Some history: a failed login (with a spreadsheet formula as its username) and a contact.
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '=HYPERLINK("x")', password: 'x' },
    });
    const duty = await ctx.loginAs({ roles: ['duty_officer'] });
    await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: duty.bearer,
      payload: { name: '审计测试', duty: 'grid_officer', phone: '13900002222', regionCode: '621026100' },
    });
  });

  const get = async (url: string) =>
    (await ctx.app()).inject({ method: 'GET', url, headers: auditor.bearer });

  it('issue #2 part 5: the audit administrator searches the trail, newest first, without the chain internals', async () => {
    const res = await get('/api/v1/audit?pageSize=100');
    expect(res.statusCode).toBe(200);
    const page = res.json<{ items: (AuditView & { prevHash?: string })[]; total: number }>();
    expect(page.total).toBe(await ctx.auditCount());
    expect(page.items[0]!.seq).toBe(page.total);
    expect(page.items[0]).not.toHaveProperty('prevHash');
    const failures = await get('/api/v1/audit?action=auth.login&outcome=failure');
    const items = failures.json<{ items: AuditView[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actorName: '=HYPERLINK("x")', outcome: 'failure' });
    expect((await get('/api/v1/audit?q=13900002222')).json<{ total: number }>().total).toBe(1);
    expect((await get('/api/v1/audit?from=not-a-date')).statusCode).toBe(400);
  });

  it('issue #2 part 10: verify reports ok on an untouched chain, and names a row edited in the database', async () => {
    const ok = await get('/api/v1/audit/verify');
    expect(ok.statusCode).toBe(200);
    const verified = ok.json<{ ok: boolean; checked: number }>();
    expect(verified.ok).toBe(true);
    expect(verified.checked).toBe((await ctx.auditCount()) - 1); // not yet counting this check's own row

    const [target] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'contact.create'));
    await ctx.db.execute(sql`update audit_log set actor_name = 'nobody' where seq = ${target!.seq}`);
    try {
      const bad = await get('/api/v1/audit/verify');
      expect(bad.statusCode).toBe(200);
      const report = bad.json<{ ok: boolean; badSeq: number; reason: string }>();
      expect(report).toMatchObject({ ok: false, badSeq: target!.seq });
      expect(report.reason).toContain('哈希');
      // The check itself is recorded, with its outcome.
      const [last] = (await ctx.auditRows()).slice(-1);
      expect(last).toMatchObject({
        action: 'audit.verify',
        outcome: 'failure',
        details: { badSeq: target!.seq },
      });
    } finally {
      await ctx.db
        .update(auditLog)
        .set({ actorName: target!.actorName })
        .where(eq(auditLog.seq, target!.seq));
    }
    expect((await get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('issue #2 part 5: export is CSV with a BOM and a header, formulas neutralised', async () => {
    const res = await get('/api/v1/audit/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{14}\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,actorName,action,entityType,entityId,regionCode,outcome,ip,details,hash');
    expect(lines.length - 1).toBe(await ctx.auditCount()); // the export itself is recorded first
    expect(lines.some((l) => l.includes('"\'=HYPERLINK(""x"")"'))).toBe(true);
    expect(lines.some((l) => l.includes('"=HYPERLINK'))).toBe(false);

    const filtered = await get('/api/v1/audit/export?action=contact.');
    const rows = filtered.rawPayload.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('"contact.create"');
  });

  it('issue #2 part 5: no API edits or deletes the trail', async () => {
    const app = await ctx.app();
    for (const method of ['PATCH', 'PUT', 'DELETE', 'POST'] as const)
      for (const url of ['/api/v1/audit', '/api/v1/audit/1']) {
        const res = await app.inject({ method, url, headers: auditor.web, payload: {} });
        expect({ method, url, status: res.statusCode }).toEqual({ method, url, status: 404 });
      }
    const auditRoutes = declaredRoutes.filter((r) => r.url.startsWith('/api/v1/audit'));
    expect(auditRoutes.length).toBeGreaterThan(0);
    expect(new Set(auditRoutes.map((r) => r.method))).toEqual(new Set(['GET', 'HEAD']));
  });
});
