/**
 * Issue #2 part 5: every change to a contact appends exactly one audit row, in the same transaction
 * as the change (if the audit write fails, the change is rolled back; a rejected change writes
 * nothing), and the chain's sequence stays gap-free under concurrent writers.
 */
import { sql } from 'drizzle-orm';
import type { Actor, ContactView } from '@ningan/domain';
import { beforeAll, expect, it } from 'vitest';
import { contacts } from '../db/schema/index.ts';
import { verifyAudit } from '../repositories/audit.repository.ts';
import { getContactById } from '../repositories/contacts.repository.ts';
import { forEachDriver } from '../test/db.ts';
import { DONGCHENG, XINNING, ZAOSHENG, useTestContext } from '../test/context.ts';

forEachDriver('contact service', (driver) => {
  const ctx = useTestContext(driver);
  let duty: Actor;

  beforeAll(async () => {
    duty = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
  });

  const input = (over: Partial<Parameters<typeof ctx.services.contacts.createContact>[1]> = {}) => ({
    name: '李某',
    duty: 'village_secretary' as const,
    phone: '13912345678',
    regionCode: DONGCHENG,
    orgUnitId: null,
    bodyId: null,
    title: null,
    officePhone: null,
    note: null,
    ...over,
  });

  it('issue #2 part 5: create, update and delete each append exactly one audit row', async () => {
    let before = await ctx.auditCount();
    const created = await ctx.services.contacts.createContact(duty, input({ note: '村支书' }));
    let rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'contact.create',
      entityType: 'contact',
      entityId: created.id,
      regionCode: DONGCHENG,
      actorName: duty.username,
      details: { name: '李某', phone: '13912345678' },
    });

    before = await ctx.auditCount();
    await ctx.services.contacts.updateContact(duty, created.id, { phone: '13912345679' });
    rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'contact.update',
      entityId: created.id,
      details: { changes: { phone: ['13912345678', '13912345679'] } },
    });

    before = await ctx.auditCount();
    await ctx.services.contacts.deleteContact(duty, created.id);
    rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    // The deleted record is kept in the trail.
    expect(rows[0]).toMatchObject({
      action: 'contact.delete',
      entityId: created.id,
      details: { name: '李某', note: '村支书' },
    });
    expect(await getContactById(ctx.db, created.id)).toBeNull();
  });

  it('issue #2 part 5: a change that fails validation appends nothing and writes nothing', async () => {
    const existing = await ctx.newContact({ regionCode: XINNING, phone: '13911112222' });
    const audit = await ctx.auditCount();
    const count = await ctx.db.$count(contacts);
    await expect(
      ctx.services.contacts.createContact(duty, input({ regionCode: '621026100999' })),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'regionCode' })],
    });
    await expect(
      ctx.services.contacts.updateContact(duty, existing.id, {
        phone: '13900000000',
        regionCode: '621026199',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await ctx.auditCount()).toBe(audit);
    expect(await ctx.db.$count(contacts)).toBe(count);
    expect((await getContactById(ctx.db, existing.id))!.phone).toBe('13911112222');
  });

  it('issue #2 part 5: the audit row is written in the same transaction — if it cannot be written, the change is undone', async () => {
    const existing = await ctx.newContact({ regionCode: XINNING, name: '原名' });
    const count = await ctx.db.$count(contacts);
    const audit = await ctx.auditCount();
    // Make every audit insert fail, as a full disk or a broken trail would.
    await ctx.db.execute(sql`alter table audit_log add constraint test_refuse_audit check (false) not valid`);
    try {
      await expect(ctx.services.contacts.createContact(duty, input({ name: '不应留下' }))).rejects.toThrow();
      await expect(
        ctx.services.contacts.updateContact(duty, existing.id, { name: '不应改名' }),
      ).rejects.toThrow();
      await expect(ctx.services.contacts.deleteContact(duty, existing.id)).rejects.toThrow();
    } finally {
      await ctx.db.execute(sql`alter table audit_log drop constraint test_refuse_audit`);
    }
    expect(await ctx.db.$count(contacts)).toBe(count);
    expect((await getContactById(ctx.db, existing.id))!.name).toBe('原名');
    expect(await ctx.auditCount()).toBe(audit);
    expect((await verifyAudit(ctx.db)).ok).toBe(true);
  });

  it('issue #2 part 5: 20 concurrent creations keep the audit sequence gap-free and the chain intact', async () => {
    const before = await ctx.auditCount();
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.services.contacts.createContact(
          duty,
          input({ name: `并发${i}`, phone: `139000100${String(i).padStart(2, '0')}` }),
        ),
      ),
    );
    expect(new Set(created.map((c) => c.id)).size).toBe(20);
    const rows = await ctx.auditRows();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.length).toBe(before + 20);
    expect(
      rows
        .slice(before)
        .map((r) => r.entityId)
        .sort(),
    ).toEqual(created.map((c) => c.id).sort());
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, checked: rows.length });
  });

  it('a PATCH that names one field leaves the others (note, unit) as they were', async () => {
    const app = await ctx.app();
    const session = await ctx.loginAs({ roles: ['duty_officer'] });
    const unit = await ctx.newOrgUnit({ kind: 'enterprise', regionCode: DONGCHENG });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: session.web,
      payload: input({ orgUnitId: unit.id, note: '夜间值守' }),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<ContactView>().id;
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      headers: session.web,
      payload: { name: '李某某' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<ContactView>()).toMatchObject({
      name: '李某某',
      note: '夜间值守',
      orgUnitId: unit.id,
    });
    // Clearing stays possible, explicitly.
    const cleared = await app.inject({
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      headers: session.web,
      payload: { note: null },
    });
    expect(cleared.json<ContactView>()).toMatchObject({ note: null, orgUnitId: unit.id });
  });

  it('lists page, filter and sort within the caller’s scope', async () => {
    const officer = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: { level: 'township', regionCode: ZAOSHENG } }),
    );
    for (const name of ['丙', '甲', '乙'])
      await ctx.newContact({ regionCode: ZAOSHENG, name, duty: 'grid_officer' });
    const first = await ctx.services.contacts.listContacts(officer, {
      page: 1,
      pageSize: 2,
      sort: 'name',
      duty: 'grid_officer',
    });
    const second = await ctx.services.contacts.listContacts(officer, {
      page: 2,
      pageSize: 2,
      sort: 'name',
      duty: 'grid_officer',
    });
    expect(first.total).toBe(3);
    expect([...first.items, ...second.items].map((c) => c.name)).toEqual(['丙', '乙', '甲'].sort());
    const desc = await ctx.services.contacts.listContacts(officer, {
      page: 1,
      pageSize: 10,
      sort: '-name',
      duty: 'grid_officer',
    });
    expect(desc.items.map((c) => c.name)).toEqual(['丙', '乙', '甲'].sort().reverse());
    const search = await ctx.services.contacts.listContacts(officer, { page: 1, pageSize: 10, q: '乙' });
    expect(search.items.map((c) => c.name)).toEqual(['乙']);
  });
});
