/**
 * Issue #3 "Contacts": the 三委四部 应急通讯录 — each body's leadership and office, its member units with
 * role (牵头/成员), 责任清单 and 分管领导/联络员; duty editing validated as a whole, authorised by
 * jurisdiction and audited in the same transaction; the Excel export's content.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Actor, DirectoryBody, DirectoryView } from '@ningan/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts, orgUnitMembers } from '../db/schema/index.ts';
import { verifyAudit } from '../repositories/audit.repository.ts';
import { getMembership } from '../repositories/directory.repository.ts';
import { forEachDriver } from '../test/db.ts';
import { T0, XINNING, enterpriseScope, townshipScope, useTestContext } from '../test/context.ts';

forEachDriver('directory service', (driver) => {
  const ctx = useTestContext(driver);
  let admin: Actor;
  let duty: Actor;
  let bodies: DirectoryBody[];

  const body = (shortName: string) => bodies.find((b) => b.shortName === shortName)!;
  const unitOf = (b: DirectoryBody, name: string) => b.members.find((m) => m.unitName === name)!;
  const reload = async () => {
    bodies = (await ctx.services.directory.getDirectory(admin, {})).bodies;
  };

  beforeAll(async () => {
    admin = ctx.actor(await ctx.newUser({ roles: ['system_admin'] }));
    duty = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    expect(await ctx.services.bootstrap.seedDemoDirectory()).toBe(true);
    await reload();
  });

  describe('the directory query', () => {
    it('lists the seven bodies of the 三委四部 in the plan’s order, with leadership, office and members', async () => {
      expect(bodies.map((b) => b.shortName)).toEqual([
        '安委会',
        '减灾委',
        '消安委',
        '防汛抗旱',
        '森林防灭火',
        '抗震救灾',
        '地质灾害',
      ]);
      const flood = body('防汛抗旱');
      expect(flood.kind).toBe('headquarters');
      expect(flood.leadership.map((c) => c.duty)).toEqual([
        'body_director',
        'body_deputy',
        'body_deputy',
        'body_deputy',
        'office_director',
        'office_duty',
      ]);
      expect(flood.leadership[0]).toMatchObject({ title: '县人民政府县长', isDemo: true });
      // 牵头 first, then the members; every one of the template's 12 members is there.
      expect(flood.members).toHaveLength(12);
      expect(flood.members[0]).toMatchObject({ unitName: '宁县水务局', role: 'lead', isDemo: true });
      expect(flood.members[0]!.duties).toContain('负责水情旱情监测预报预警');
      expect(flood.members.slice(1).every((m) => m.role === 'member')).toBe(true);
      // The same person (县长) heads several bodies with one number.
      expect(body('安委会').leadership[0]!.phone).toBe(flood.leadership[0]!.phone);
      expect(await ctx.services.bootstrap.seedDemoDirectory()).toBe(false); // once
    });

    it('shows a member unit’s people for one body where it named them, else its unit-wide ones', () => {
      const inFlood = unitOf(body('防汛抗旱'), '宁县水务局').contacts;
      const inSafety = unitOf(body('安委会'), '宁县水务局').contacts;
      expect(inFlood.map((c) => c.duty)).toEqual(['unit_leader', 'liaison']);
      expect(inFlood[1]).toMatchObject({ title: '县水务局水旱灾害防御股股长', bodyId: body('防汛抗旱').id });
      expect(inSafety[1]).toMatchObject({ title: '县水务局办公室主任', bodyId: null });
      expect(inFlood[0]!.id).toBe(inSafety[0]!.id); // the 分管领导 is unit-wide
      expect(inFlood.every((c) => /^1\d{10}$/.test(c.phone) && c.officePhone?.startsWith('0934-'))).toBe(
        true,
      );
    });

    it('filters by body and by unit or person, on the server as on the screen', async () => {
      const flood = body('防汛抗旱');
      const one = await ctx.services.directory.getDirectory(duty, { bodyId: flood.id });
      expect(one.bodies.map((b) => b.id)).toEqual([flood.id]);
      const water = await ctx.services.directory.getDirectory(duty, { q: '水务局' });
      expect(water.bodies.length).toBeGreaterThan(3);
      expect(water.bodies.every((b) => b.members.every((m) => m.unitName === '宁县水务局'))).toBe(true);
      const liaison = await ctx.services.directory.getDirectory(duty, { q: '水旱灾害防御股' });
      expect(liaison.bodies.map((b) => b.shortName)).toEqual(['防汛抗旱']);
    });

    it('shows a township officer the whole county directory (they call the HQs), an enterprise user none', async () => {
      const officer = ctx.actor(
        await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }),
      );
      const seen = await ctx.services.directory.getDirectory(officer, {});
      expect(seen.bodies.map((b) => b.shortName)).toEqual(
        (await ctx.services.directory.getDirectory(duty, {})).bodies.map((b) => b.shortName),
      );
      expect(seen.bodies.length).toBe(7);
      const flood = await ctx.services.directory.getDirectory(officer, { bodyId: body('防汛抗旱').id });
      expect(flood.bodies[0]!.members.length).toBeGreaterThan(0);

      const unit = await ctx.newOrgUnit({ kind: 'enterprise', regionCode: XINNING });
      const firm = ctx.actor(
        await ctx.newUser({ roles: ['enterprise_manager'], scope: enterpriseScope(unit) }),
      );
      await expect(ctx.services.directory.getDirectory(firm, {})).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });

  describe('editing a member unit’s duties', () => {
    it('rejects a list with every problem named and writes nothing', async () => {
      const flood = body('防汛抗旱');
      const water = unitOf(flood, '宁县水务局');
      const audit = await ctx.auditCount();
      const error = await ctx.services.directory
        .updateMember(admin, flood.id, water.unitId, {
          duties: ['负责水情监测', '   ', '负责水情监测', '长'.repeat(201)],
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'validation_failed',
        details: [
          { path: 'duties.1', message: '第 2 条为空' },
          { path: 'duties.2', message: '第 3 条与第 1 条重复' },
          { path: 'duties.3', message: '第 4 条超过 200 字' },
        ],
      });
      expect(await ctx.auditCount()).toBe(audit);
      expect((await getMembership(ctx.db, flood.id, water.unitId))!.duties).toEqual(water.duties);
    });

    it('adding a member lists the unit’s problems together with the list’s', async () => {
      const flood = body('防汛抗旱');
      const error = await ctx.services.directory
        .addMember(admin, flood.id, {
          memberId: body('安委会').id, // a committee is no member unit
          role: 'member',
          duties: ['', '负责通信保障'],
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'validation_failed' });
      expect((error as { details: { path: string }[] }).details.map((d) => d.path)).toEqual([
        'memberId',
        'duties.0',
      ]);
      const again = await ctx.services.directory
        .addMember(admin, flood.id, {
          memberId: unitOf(flood, '宁县气象局').unitId,
          role: 'member',
          duties: [],
        })
        .catch((e: unknown) => e);
      expect(again).toMatchObject({
        code: 'validation_failed',
        details: [{ path: 'memberId', message: '宁县气象局已是宁县防汛抗旱指挥部的成员单位' }],
      });
    });

    it('a valid edit replaces the list, is the county’s own from then on, and appends one audit row', async () => {
      const flood = body('防汛抗旱');
      const weather = unitOf(flood, '宁县气象局');
      const before = await ctx.auditCount();
      ctx.clock.advanceMinutes(5);
      const duties = ['  负责暴雨预警信息发布  ', '每小时向指挥部报送雨情'];
      const updated = await ctx.services.directory.updateMember(admin, flood.id, weather.unitId, {
        role: 'lead',
        duties,
      });
      expect(updated).toMatchObject({
        unitName: '宁县气象局',
        role: 'lead',
        duties: ['负责暴雨预警信息发布', '每小时向指挥部报送雨情'],
        isDemo: false,
        updatedAt: new Date(T0.getTime() + 5 * 60_000).toISOString(),
      });
      const rows = (await ctx.auditRows()).slice(before);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'org_unit.update_member',
        entityType: 'org_unit',
        entityId: flood.id,
        actorName: admin.username,
        details: {
          memberId: weather.unitId,
          memberName: '宁县气象局',
          changes: { role: ['member', 'lead'], duties: [weather.duties, updated.duties] },
        },
      });
      // The same list again changes nothing and records nothing.
      await ctx.services.directory.updateMember(admin, flood.id, weather.unitId, { duties: updated.duties });
      expect(await ctx.auditCount()).toBe(before + 1);
      await reload();
      expect(
        body('防汛抗旱')
          .members.slice(0, 2)
          .map((m) => m.unitName),
      ).toEqual(['宁县气象局', '宁县水务局']);
    });

    it('refuses an actor without contact:write, and a township officer (reads the county’s bodies, cannot rewrite them)', async () => {
      const flood = body('防汛抗旱');
      const water = unitOf(flood, '宁县水务局');
      const commander = ctx.actor(await ctx.newUser({ roles: ['commander'] }));
      const officer = ctx.actor(
        await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }), // has contact:write
      );
      const audit = await ctx.auditCount();
      await expect(
        ctx.services.directory.updateMember(commander, flood.id, water.unitId, { duties: ['改'] }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        ctx.services.directory.updateMember(officer, flood.id, water.unitId, { duties: ['改'] }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        ctx.services.directory.removeMember(officer, flood.id, water.unitId),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect(await ctx.auditCount()).toBe(audit);
      expect((await getMembership(ctx.db, flood.id, water.unitId))!.duties).toEqual(water.duties);
    });

    it('writes the change and its audit row in one transaction: no audit row, no change', async () => {
      const flood = body('防汛抗旱');
      const water = unitOf(flood, '宁县水务局');
      const people = await ctx.db.$count(contacts);
      await ctx.db.execute(
        sql`alter table audit_log add constraint test_refuse_audit check (false) not valid`,
      );
      try {
        await expect(
          ctx.services.directory.updateMember(admin, flood.id, water.unitId, { duties: ['不应留下'] }),
        ).rejects.toThrow();
        await expect(ctx.services.directory.removeMember(admin, flood.id, water.unitId)).rejects.toThrow();
      } finally {
        await ctx.db.execute(sql`alter table audit_log drop constraint test_refuse_audit`);
      }
      expect((await getMembership(ctx.db, flood.id, water.unitId))!.duties).toEqual(water.duties);
      expect(await ctx.db.$count(contacts)).toBe(people);
      expect((await verifyAudit(ctx.db)).ok).toBe(true);
    });

    it('removing a member drops its people named for that body only, keeps its unit-wide ones, and records them', async () => {
      const flood = body('防汛抗旱');
      const water = unitOf(flood, '宁县水务局');
      const bodyOnly = water.contacts.filter((c) => c.bodyId === flood.id);
      expect(bodyOnly).toHaveLength(1);
      const people = await ctx.db.$count(contacts);
      const before = await ctx.auditCount();
      await ctx.services.directory.removeMember(admin, flood.id, water.unitId);
      expect(await getMembership(ctx.db, flood.id, water.unitId)).toBeNull();
      expect(await ctx.db.$count(contacts)).toBe(people - 1);
      const [row] = (await ctx.auditRows()).slice(before);
      expect(row).toMatchObject({
        action: 'org_unit.remove_member',
        details: { memberName: '宁县水务局', role: 'lead', removedContacts: [{ id: bodyOnly[0]!.id }] },
      });
      await reload();
      expect(unitOf(body('安委会'), '宁县水务局').contacts).toHaveLength(2);
      // Added back (as a 牵头 unit with a fresh list), audited once.
      const added = await ctx.services.directory.addMember(admin, flood.id, {
        memberId: water.unitId,
        role: 'lead',
        duties: ['负责水利工程调度'],
      });
      expect(added).toMatchObject({ role: 'lead', duties: ['负责水利工程调度'], isDemo: false });
      expect(added.contacts.map((c) => c.bodyId)).toEqual([null, null]);
      expect((await ctx.auditRows()).at(-1)).toMatchObject({
        action: 'org_unit.add_member',
        entityId: flood.id,
      });
    });

    it('changing a body’s members as an org unit keeps the role and duties of those that stay', async () => {
      await reload();
      const quake = body('抗震救灾');
      const keep = quake.members.slice(1).map((m) => m.unitId);
      await ctx.services.orgUnits.updateOrgUnit(admin, quake.id, { memberIds: keep });
      const kept = await getMembership(ctx.db, quake.id, quake.members[1]!.unitId);
      expect(kept!.duties).toEqual(quake.members[1]!.duties);
      expect(kept!.duties.length).toBeGreaterThan(0);
      expect(await ctx.db.$count(orgUnitMembers, sql`group_id = ${quake.id}`)).toBe(keep.length);
    });
  });

  describe('people of a body (contacts)', () => {
    it('ties positions to their unit, listing every problem', async () => {
      const flood = body('防汛抗旱');
      const water = unitOf(flood, '宁县水务局');
      const error = await ctx.services.contacts
        .createContact(admin, {
          name: '错位的人',
          duty: 'body_director', // a body's position on a member unit, with a body named
          phone: '13900019999',
          officePhone: null,
          title: null,
          regionCode: flood.regionCode,
          orgUnitId: water.unitId,
          bodyId: flood.id,
          note: null,
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'validation_failed' });
      expect((error as { details: { path: string }[] }).details.map((d) => d.path)).toEqual([
        'orgUnitId',
        'bodyId',
      ]);
      const forest = body('森林防灭火');
      const notMember = await ctx.services.contacts
        .createContact(admin, {
          name: '联络员',
          duty: 'liaison',
          phone: '13900019998',
          officePhone: '0934-0000999',
          title: null,
          regionCode: flood.regionCode,
          orgUnitId: water.unitId,
          bodyId: forest.id,
          note: null,
        })
        .catch((e: unknown) => e);
      expect(notMember).toMatchObject({
        code: 'validation_failed',
        details: [{ path: 'bodyId', message: '宁县水务局不是宁县森林草原防灭火指挥部的成员单位' }],
      });
    });
  });

  describe('Excel export', () => {
    const read = async (buffer: Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(buffer as unknown as ArrayBuffer);
      return book;
    };
    // Cell values of each row, columns A–I (ExcelJS leaves trailing empty cells out).
    const rowsOf = (sheet: ExcelJS.Worksheet) =>
      sheet
        .getSheetValues()
        .flatMap((r) => (Array.isArray(r) ? [Array.from({ length: 9 }, (_, i) => r[i + 1] ?? null)] : []));

    it('one body: its leadership, then each member unit with its people and numbered duties', async () => {
      await reload();
      const flood = body('防汛抗旱');
      const before = await ctx.auditCount();
      const { buffer } = await ctx.services.directory.exportDirectory(duty, { bodyId: flood.id });
      const book = await read(buffer);
      expect(book.worksheets.map((s) => s.name)).toEqual(['防汛抗旱']);
      const rows = rowsOf(book.worksheets[0]!);
      expect(rows[0]).toEqual([
        '序号',
        '单位',
        '角色',
        '职务类别',
        '姓名',
        '职务',
        '办公电话',
        '手机',
        '责任清单',
      ]);
      const director = flood.leadership[0]!;
      expect(rows[1]).toEqual([
        null,
        '宁县防汛抗旱指挥部',
        null,
        '总指挥',
        director.name,
        '县人民政府县长',
        director.officePhone,
        director.phone,
        null,
      ]);
      const first = flood.members[0]!;
      const firstRow = rows.find((r) => r[1] === first.unitName)!;
      expect(firstRow[0]).toBe(1);
      expect(firstRow[2]).toBe(first.role === 'lead' ? '牵头' : '成员');
      expect(firstRow[3]).toBe('分管领导');
      expect(firstRow[8]).toBe(first.duties.map((d, i) => `${i + 1}. ${d}`).join('\n'));
      // Every member unit once numbered; every person once; nothing else.
      expect(rows.filter((r) => typeof r[0] === 'number').map((r) => r[0])).toEqual(
        flood.members.map((_, i) => i + 1),
      );
      const people =
        flood.leadership.length + flood.members.reduce((n, m) => n + Math.max(1, m.contacts.length), 0);
      expect(rows).toHaveLength(1 + people);
      expect((await ctx.auditRows()).slice(before)).toMatchObject([
        { action: 'directory.export', entityId: flood.id, details: { bodies: [flood.name], rows: people } },
      ]);
    });

    it('all bodies: one sheet each, in the plan’s order; a search narrows every sheet', async () => {
      const all = await read((await ctx.services.directory.exportDirectory(duty, {})).buffer);
      expect(all.worksheets.map((s) => s.name)).toEqual(bodies.map((b) => b.shortName));
      const police = await read((await ctx.services.directory.exportDirectory(duty, { q: '公安局' })).buffer);
      expect(police.worksheets.length).toBeGreaterThan(3);
      // The unit's rows, and a leader whose position names it (消安委: 副县长、县公安局局长).
      for (const sheet of police.worksheets)
        for (const row of rowsOf(sheet).slice(1))
          expect(
            row[1] === '宁县公安局' || (typeof row[5] === 'string' && row[5].includes('公安局')),
            JSON.stringify(row),
          ).toBe(true);
      const leader = rowsOf(police.getWorksheet('消安委')!).find((r) => r[1] === '宁县消防安全委员会');
      expect(leader?.[5]).toBe('县人民政府副县长、县公安局局长');
    });
  });

  describe('over HTTP', () => {
    it('serves the directory and the .xlsx download, and answers a bad list with 400 and its details', async () => {
      const app = await ctx.app();
      const session = await ctx.loginAs({ roles: ['system_admin'] });
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/directory?q=气象局',
        headers: session.web,
      });
      expect(res.statusCode).toBe(200);
      const view = res.json<DirectoryView>();
      expect(view.bodies.length).toBeGreaterThan(0);
      const flood = view.bodies.find((b) => b.shortName === '防汛抗旱')!;

      const file = await app.inject({
        method: 'GET',
        url: `/api/v1/directory/export?bodyId=${flood.id}`,
        headers: session.web,
      });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(decodeURIComponent(String(file.headers['content-disposition']))).toMatch(
        /filename\*=UTF-8''防汛抗旱应急通讯录-\d{8}\.xlsx$/,
      );

      const bad = await app.inject({
        method: 'PATCH',
        url: `/api/v1/directory/bodies/${flood.id}/members/${flood.members[0]!.unitId}`,
        headers: session.web,
        payload: { duties: ['', ''] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'validation_failed', details: [{ path: 'duties.0' }, { path: 'duties.1' }] },
      });
    });
  });
});
