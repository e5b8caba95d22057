/**
 * Issue #2 part 4: organisation units — the county template (bureau, 三委四部 with member
 * departments, one emergency office per township), changes audited once each, whole-input
 * validation, and a PATCH that touches only what it names.
 */
import type { Actor, OrgUnitView } from '@ningan/domain';
import { beforeAll, expect, it } from 'vitest';
import { orgUnits } from '../db/schema/index.ts';
import { getOrgUnitById } from '../repositories/org-units.repository.ts';
import { forEachDriver } from '../test/db.ts';
import { COUNTY, DONGCHENG, XINNING, townshipScope, useTestContext } from '../test/context.ts';

forEachDriver('org unit service', (driver) => {
  const ctx = useTestContext(driver);
  let admin: Actor;

  beforeAll(async () => {
    admin = ctx.actor(await ctx.newUser({ roles: ['system_admin'] }));
  });

  const all = async () => (await ctx.services.orgUnits.listOrgUnits(admin, { page: 1, pageSize: 200 })).items;

  it('issue #2 part 4: the template has the bureau, 三委四部 with member departments, and 18 township offices', async () => {
    const units = await all();
    const byName = new Map(units.map((u) => [u.name, u]));
    expect(byName.get('宁县应急管理局')?.kind).toBe('bureau');
    for (const name of ['宁县安全生产委员会', '宁县减灾委员会', '宁县消防安全委员会'])
      expect(byName.get(name)?.kind).toBe('committee');
    for (const name of [
      '宁县防汛抗旱指挥部',
      '宁县森林草原防灭火指挥部',
      '宁县抗震救灾指挥部',
      '宁县地质灾害应急指挥部',
    ])
      expect(byName.get(name)?.kind).toBe('headquarters');
    const flood = byName.get('宁县防汛抗旱指挥部')!;
    const members = flood.memberIds.map((id) => units.find((u) => u.id === id)!.name);
    expect(members).toEqual(expect.arrayContaining(['宁县水务局', '宁县气象局', '宁县自然资源局']));
    const offices = units.filter((u) => u.kind === 'township_office');
    expect(offices).toHaveLength(18);
    expect(offices.every((o) => /^621026\d{3}$/.test(o.regionCode))).toBe(true);
    expect(offices.map((o) => o.name)).toContain('新宁镇应急管理办公室');
    expect(await ctx.services.bootstrap.ensureOrgUnits()).toBe(false); // once
  });

  it('issue #2 part 5: create and update each append exactly one audit row', async () => {
    let before = await ctx.auditCount();
    const created = await ctx.services.orgUnits.createOrgUnit(admin, {
      name: '东城社区灾害信息员站',
      kind: 'village_post',
      parentId: null,
      regionCode: DONGCHENG,
      memberIds: [],
    });
    let rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'org_unit.create', entityId: created.id, regionCode: DONGCHENG });

    before = await ctx.auditCount();
    await ctx.services.orgUnits.updateOrgUnit(admin, created.id, { name: '东城社区应急服务站' });
    rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'org_unit.update',
      entityId: created.id,
      details: { changes: { name: ['东城社区灾害信息员站', '东城社区应急服务站'] } },
    });
  });

  it('a rejected unit lists every problem and writes nothing', async () => {
    const before = await ctx.auditCount();
    const count = await ctx.db.$count(orgUnits);
    const water = (await all()).find((u) => u.name === '宁县水务局')!;
    const error = await ctx.services.orgUnits
      .createOrgUnit(admin, {
        name: '错误的单位',
        kind: 'township_office', // needs a 9-digit township code
        parentId: '00000000-0000-4000-8000-000000000000', // no such parent
        regionCode: COUNTY,
        memberIds: [water.id], // only committees and headquarters have members
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed' });
    const paths = (error as { details: { path: string }[] }).details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['regionCode', 'parentId', 'memberIds']));
    expect(await ctx.auditCount()).toBe(before);
    expect(await ctx.db.$count(orgUnits)).toBe(count);
  });

  it('a PATCH that renames a committee keeps its parent and member departments', async () => {
    const app = await ctx.app();
    const session = await ctx.loginAs({ roles: ['system_admin'] });
    const committee = (await all()).find((u) => u.name === '宁县减灾委员会')!;
    expect(committee.memberIds.length).toBeGreaterThan(5);
    expect(committee.parentId).not.toBeNull();
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/org-units/${committee.id}`,
      headers: session.web,
      payload: { name: '宁县防灾减灾救灾委员会' },
    });
    expect(res.statusCode).toBe(200);
    const after = res.json<OrgUnitView>();
    expect(after.name).toBe('宁县防灾减灾救灾委员会');
    expect(after.parentId).toBe(committee.parentId);
    expect(after.memberIds.sort()).toEqual([...committee.memberIds].sort());
  });

  it('a duplicate name in the same region answers 409 conflict on the API', async () => {
    const app = await ctx.app();
    const session = await ctx.loginAs({ roles: ['system_admin'] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: session.web,
      payload: { name: '宁县水务局', kind: 'department', regionCode: COUNTY },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'conflict' } });
  });

  it('a township officer manages units inside the township only', async () => {
    const officer = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }),
    );
    const post = await ctx.services.orgUnits.createOrgUnit(officer, {
      name: '城关社区站',
      kind: 'village_post',
      parentId: null,
      regionCode: '621026100002',
      memberIds: [],
    });
    expect((await getOrgUnitById(ctx.db, post.id))!.regionCode).toBe('621026100002');
    const county = (await all()).find((u) => u.kind === 'bureau')!;
    await expect(ctx.services.orgUnits.getOrgUnit(officer, county.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      ctx.services.orgUnits.updateOrgUnit(officer, post.id, { regionCode: '621026102001' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'regionCode' })],
    });
  });
});
