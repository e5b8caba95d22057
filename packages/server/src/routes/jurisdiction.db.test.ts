/**
 * Issue #2 part 4 and 10: jurisdiction (管辖范围) on the scoped records this issue has — contacts,
 * users and org units. A township officer sees and changes only their township; a record outside
 * one's scope answers 404 (never 403: its existence is not revealed) and is never listed. Also
 * 三员分立: the three administrators stay separate.
 */
import type { ContactView, OrgUnitView, UserView } from '@ningan/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { getContactById, type ContactRow } from '../repositories/contacts.repository.ts';
import { getOrgUnitById, type OrgUnitRow } from '../repositories/org-units.repository.ts';
import { forEachDriver } from '../test/db.ts';
import {
  COUNTY,
  DONGCHENG,
  XINNING,
  ZAOSHENG,
  enterpriseScope,
  townshipScope,
  useTestContext,
  villageScope,
  type Session,
  type TestUser,
} from '../test/context.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}
interface Page<T> {
  items: T[];
  total: number;
}

forEachDriver('jurisdiction', (driver) => {
  const ctx = useTestContext(driver);

  // Records in two townships, a village, the county, and two enterprises.
  let inXinning: ContactRow;
  let inDongcheng: ContactRow;
  let inZaosheng: ContactRow;
  let atCounty: ContactRow;
  let enterpriseA: OrgUnitRow;
  let enterpriseB: OrgUnitRow;
  let ofEnterpriseA: ContactRow;
  let ofEnterpriseB: ContactRow;
  let zaoshengOffice: OrgUnitRow;
  let zaoshengOfficer: TestUser;
  // Callers.
  let officer: Session & { user: TestUser }; // 新宁镇 township officer
  let duty: Session; // county duty officer

  beforeAll(async () => {
    inXinning = await ctx.newContact({ regionCode: XINNING, name: '新宁镇联系人', phone: '13900000001' });
    inDongcheng = await ctx.newContact({ regionCode: DONGCHENG, name: '东城联系人' });
    inZaosheng = await ctx.newContact({ regionCode: ZAOSHENG, name: '早胜镇联系人', phone: '13900000002' });
    atCounty = await ctx.newContact({ regionCode: COUNTY, name: '县级联系人' });
    enterpriseA = await ctx.newOrgUnit({ kind: 'enterprise', regionCode: DONGCHENG, name: '甲企业' });
    enterpriseB = await ctx.newOrgUnit({ kind: 'enterprise', regionCode: ZAOSHENG, name: '乙企业' });
    ofEnterpriseA = await ctx.newContact({
      regionCode: DONGCHENG,
      orgUnitId: enterpriseA.id,
      duty: 'unit_contact',
    });
    ofEnterpriseB = await ctx.newContact({
      regionCode: ZAOSHENG,
      orgUnitId: enterpriseB.id,
      duty: 'unit_contact',
    });
    zaoshengOfficer = await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const offices = await ctx.services.orgUnits.listOrgUnits(ctx.actor(zaoshengOfficer), {
      page: 1,
      pageSize: 50,
      kind: 'township_office',
    });
    zaoshengOffice = (await getOrgUnitById(ctx.db, offices.items[0]!.id))!;
    officer = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });
    duty = await ctx.loginAs({ roles: ['duty_officer'] });
  });

  const request = async (
    session: Session,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => (await ctx.app()).inject({ method, url, headers: session.web, ...(payload ? { payload } : {}) });

  async function list<T>(session: Session, url: string): Promise<Page<T>> {
    const res = await request(session, 'GET', url);
    expect(res.statusCode).toBe(200);
    return res.json<Page<T>>();
  }

  describe('a township officer of 新宁镇 (621026100)', () => {
    it('issue #2 part 4: lists only contacts whose region lies in 新宁镇', async () => {
      const page = await list<ContactView>(officer, '/api/v1/contacts?pageSize=200');
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((c) => c.regionCode.startsWith(XINNING))).toBe(true);
      expect(page.total).toBe(page.items.length);
      const ids = page.items.map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([inXinning.id, inDongcheng.id, ofEnterpriseA.id]));
      expect(ids).not.toContain(inZaosheng.id);
      expect(ids).not.toContain(atCounty.id);
      expect(ids).not.toContain(ofEnterpriseB.id);
    });

    it('a filter on another township widens nothing', async () => {
      const page = await list<ContactView>(officer, `/api/v1/contacts?regionCode=${ZAOSHENG}`);
      expect(page).toMatchObject({ items: [], total: 0 });
      const search = await list<ContactView>(officer, `/api/v1/contacts?q=${encodeURIComponent('早胜')}`);
      expect(search.items).toEqual([]);
    });

    it('issue #2 part 4: lists only users and org units of 新宁镇', async () => {
      const users = await list<UserView & { regionCode?: string }>(officer, '/api/v1/users?pageSize=200');
      expect(users.items.map((u) => u.username)).toContain(officer.user.username);
      expect(users.items.map((u) => u.username)).not.toContain(zaoshengOfficer.username);
      expect(users.items.every((u) => u.scope.regionCode.startsWith(XINNING))).toBe(true);

      const units = await list<OrgUnitView>(officer, '/api/v1/org-units?pageSize=200');
      expect(units.items.length).toBeGreaterThan(0);
      expect(units.items.every((u) => u.regionCode.startsWith(XINNING))).toBe(true);
      expect(units.items.map((u) => u.name)).toContain('新宁镇应急管理办公室');
      expect(units.items.map((u) => u.name)).not.toContain('早胜镇应急管理办公室');
      expect(units.items.map((u) => u.name)).not.toContain('宁县应急管理局');
    });

    it('issue #2 part 10: cannot read another township’s contact, user or org unit (404 not_found, not 403)', async () => {
      for (const url of [
        `/api/v1/contacts/${inZaosheng.id}`,
        `/api/v1/contacts/${atCounty.id}`,
        `/api/v1/users/${zaoshengOfficer.id}`,
        `/api/v1/org-units/${zaoshengOffice.id}`,
      ]) {
        const res = await request(officer, 'GET', url);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
        expect(res.json<Envelope>().error.code).toBe('not_found');
        expect(res.body).not.toContain('早胜');
      }
      // A record that does not exist at all answers the same.
      const missing = await request(officer, 'GET', '/api/v1/contacts/00000000-0000-4000-8000-000000000000');
      expect(missing.statusCode).toBe(404);
      expect(missing.json<Envelope>().error.message).toBe(
        (await request(officer, 'GET', `/api/v1/contacts/${inZaosheng.id}`)).json<Envelope>().error.message,
      );
    });

    it('issue #2 part 10: cannot change or delete another township’s contact; nothing changes', async () => {
      const before = await getContactById(ctx.db, inZaosheng.id);
      const audit = await ctx.auditCount();
      const patch = await request(officer, 'PATCH', `/api/v1/contacts/${inZaosheng.id}`, { name: '改名' });
      expect(patch.statusCode).toBe(404);
      expect(patch.json<Envelope>().error.code).toBe('not_found');
      const del = await request(officer, 'DELETE', `/api/v1/contacts/${inZaosheng.id}`);
      expect(del.statusCode).toBe(404);
      expect(del.json<Envelope>().error.code).toBe('not_found');
      expect(await getContactById(ctx.db, inZaosheng.id)).toEqual(before);
      expect(await ctx.auditCount()).toBe(audit);
    });

    it('issue #2 part 10: cannot change another township’s org unit or user', async () => {
      const patchUnit = await request(officer, 'PATCH', `/api/v1/org-units/${zaoshengOffice.id}`, {
        name: '改名',
      });
      expect(patchUnit.statusCode).toBe(404);
      expect((await getOrgUnitById(ctx.db, zaoshengOffice.id))!.name).toBe('早胜镇应急管理办公室');
      const patchUser = await request(officer, 'PATCH', `/api/v1/users/${zaoshengOfficer.id}`, {
        displayName: 'x',
      });
      expect(patchUser.statusCode).toBe(404);
    });

    it('issue #2 part 4: creating a contact in another township answers 400 with a detail on regionCode', async () => {
      const audit = await ctx.auditCount();
      const res = await request(officer, 'POST', '/api/v1/contacts', {
        name: '越权',
        duty: 'grid_officer',
        phone: '13900009999',
        regionCode: ZAOSHENG,
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<Envelope>();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details).toContainEqual(expect.objectContaining({ path: 'regionCode' }));
      expect(await ctx.auditCount()).toBe(audit);
      const all = await ctx.services.contacts.listContacts(ctx.actor(zaoshengOfficer), {
        page: 1,
        pageSize: 200,
      });
      expect(all.items.map((c) => c.name)).not.toContain('越权');
    });

    it('nor move one of its own contacts into another township', async () => {
      const res = await request(officer, 'PATCH', `/api/v1/contacts/${inXinning.id}`, {
        regionCode: ZAOSHENG,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<Envelope>().error.details).toContainEqual(
        expect.objectContaining({ path: 'regionCode' }),
      );
      expect((await getContactById(ctx.db, inXinning.id))!.regionCode).toBe(XINNING);
    });

    it('nor create an org unit in another township', async () => {
      const res = await request(officer, 'POST', '/api/v1/org-units', {
        name: '越权站点',
        kind: 'village_post',
        regionCode: '621026102001',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<Envelope>().error.details).toContainEqual(
        expect.objectContaining({ path: 'regionCode' }),
      );
    });

    it('works normally inside its own township', async () => {
      const created = await request(officer, 'POST', '/api/v1/contacts', {
        name: '本镇网格员',
        duty: 'grid_officer',
        phone: '13900008888',
        regionCode: DONGCHENG,
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<ContactView>().id;
      expect((await request(officer, 'GET', `/api/v1/contacts/${id}`)).statusCode).toBe(200);
      expect(
        (await request(officer, 'PATCH', `/api/v1/contacts/${id}`, { phone: '13900008887' })).statusCode,
      ).toBe(200);
      expect((await request(officer, 'DELETE', `/api/v1/contacts/${id}`)).statusCode).toBe(204);
      const post = await request(officer, 'POST', '/api/v1/org-units', {
        name: '东城社区灾害信息员站',
        kind: 'village_post',
        regionCode: DONGCHENG,
      });
      expect(post.statusCode).toBe(201);
    });

    it('cannot create accounts (no user:write)', async () => {
      const res = await request(officer, 'POST', '/api/v1/users', {
        username: 'sneaky',
        displayName: 'x',
        password: 'Sneaky#Pass-2026',
        roles: ['township_officer'],
        scope: { level: 'township', regionCode: XINNING },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json<Envelope>().error.code).toBe('forbidden');
    });
  });

  it('a village officer sees only the village’s records', async () => {
    const villager = await ctx.loginAs({ roles: ['village_officer'], scope: villageScope(DONGCHENG) });
    const page = await list<ContactView>(villager, '/api/v1/contacts?pageSize=200');
    expect(page.items.every((c) => c.regionCode === DONGCHENG)).toBe(true);
    expect(page.items.map((c) => c.id)).toEqual(expect.arrayContaining([inDongcheng.id, ofEnterpriseA.id]));
    expect(page.items.map((c) => c.id)).not.toContain(inXinning.id);
    expect((await request(villager, 'GET', `/api/v1/contacts/${inXinning.id}`)).statusCode).toBe(404);
  });

  it('issue #2 part 4: an enterprise user sees only its own enterprise’s records', async () => {
    const manager = await ctx.loginAs({ roles: ['enterprise_manager'], scope: enterpriseScope(enterpriseA) });
    const page = await list<ContactView>(manager, '/api/v1/contacts?pageSize=200');
    expect(page.items.map((c) => c.id)).toEqual([ofEnterpriseA.id]);
    expect((await request(manager, 'GET', `/api/v1/contacts/${ofEnterpriseB.id}`)).statusCode).toBe(404);
    // Same village, but not the enterprise's record:
    expect((await request(manager, 'GET', `/api/v1/contacts/${inDongcheng.id}`)).statusCode).toBe(404);
    const units = await list<OrgUnitView>(manager, '/api/v1/org-units');
    expect(units.items.map((u) => u.id)).toEqual([enterpriseA.id]);
    // What a list shows, a read returns (the unit is its own owner for the jurisdiction check).
    expect((await request(manager, 'GET', `/api/v1/org-units/${enterpriseA.id}`)).statusCode).toBe(200);
    expect((await request(manager, 'GET', `/api/v1/org-units/${enterpriseB.id}`)).statusCode).toBe(404);

    const own = await request(manager, 'POST', '/api/v1/contacts', {
      name: '企业安全员',
      duty: 'unit_contact',
      phone: '13900007777',
      regionCode: DONGCHENG,
      orgUnitId: enterpriseA.id,
    });
    expect(own.statusCode).toBe(201);
    const other = await request(manager, 'POST', '/api/v1/contacts', {
      name: '他企业',
      duty: 'unit_contact',
      phone: '13900007776',
      regionCode: ZAOSHENG,
      orgUnitId: enterpriseB.id,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json<Envelope>().error.details!.map((d) => d.path)).toEqual(
      expect.arrayContaining(['orgUnitId', 'regionCode']),
    );
  });

  it('issue #2 part 4: a county duty officer sees every township’s records', async () => {
    const page = await list<ContactView>(duty, '/api/v1/contacts?pageSize=200');
    expect(page.items.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        inXinning.id,
        inDongcheng.id,
        inZaosheng.id,
        atCounty.id,
        ofEnterpriseA.id,
        ofEnterpriseB.id,
      ]),
    );
    expect((await request(duty, 'GET', `/api/v1/contacts/${inZaosheng.id}`)).statusCode).toBe(200);
    const filtered = await list<ContactView>(duty, `/api/v1/contacts?regionCode=${ZAOSHENG}&pageSize=200`);
    expect(filtered.items.length).toBeGreaterThanOrEqual(2);
    expect(filtered.items.every((c) => c.regionCode.startsWith(ZAOSHENG))).toBe(true);
  });

  describe('三员分立 (separation of the three administrators)', () => {
    const newUserBody = (roles: string[]) => ({
      username: `admin${Math.floor(Math.random() * 1e9)}`,
      displayName: '管理员',
      password: 'Admin#Strong-2026',
      roles,
      scope: { level: 'county', regionCode: COUNTY },
    });

    it('issue #2 part 4: a system administrator cannot grant security_admin or audit_admin', async () => {
      const sysadmin = await ctx.loginAs({ roles: ['system_admin'] });
      for (const role of ['security_admin', 'audit_admin', 'system_admin']) {
        const res = await request(sysadmin, 'POST', '/api/v1/users', newUserBody([role]));
        expect({ role, status: res.statusCode }).toEqual({ role, status: 400 });
        expect(res.json<Envelope>().error.details).toContainEqual(expect.objectContaining({ path: 'roles' }));
      }
      const target = await ctx.newUser({ roles: ['viewer'] });
      const patch = await request(sysadmin, 'PATCH', `/api/v1/users/${target.id}`, {
        roles: ['audit_admin'],
      });
      expect(patch.statusCode).toBe(400);
      expect(patch.json<Envelope>().error.details).toContainEqual(expect.objectContaining({ path: 'roles' }));
      // Ordinary roles are the system administrator's to give.
      expect(
        (await request(sysadmin, 'POST', '/api/v1/users', newUserBody(['duty_officer']))).statusCode,
      ).toBe(201);
    });

    it('issue #2 part 4: nobody holds two administrator roles, or an administrator role and a business role', async () => {
      const secadmin = await ctx.loginAs({ roles: ['security_admin'] });
      for (const roles of [
        ['security_admin', 'audit_admin'],
        ['system_admin', 'audit_admin'],
        ['audit_admin', 'viewer'],
      ]) {
        const res = await request(secadmin, 'POST', '/api/v1/users', newUserBody(roles));
        expect({ roles, status: res.statusCode }).toEqual({ roles, status: 400 });
        expect(res.json<Envelope>().error.code).toBe('validation_failed');
      }
      // The security administrator grants a single administrator role…
      expect(
        (await request(secadmin, 'POST', '/api/v1/users', newUserBody(['audit_admin']))).statusCode,
      ).toBe(201);
      // …but does not run ordinary accounts.
      const plain = await request(secadmin, 'POST', '/api/v1/users', newUserBody(['viewer']));
      expect(plain.statusCode).toBe(403);
      expect(plain.json<Envelope>().error.code).toBe('forbidden');
    });

    it('issue #2 part 4: the audit administrator reads the audit log but not users (403 forbidden)', async () => {
      const auditor = await ctx.loginAs({ roles: ['audit_admin'] });
      expect((await request(auditor, 'GET', '/api/v1/audit')).statusCode).toBe(200);
      for (const url of ['/api/v1/users', '/api/v1/contacts', '/api/v1/org-units']) {
        const res = await request(auditor, 'GET', url);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
        expect(res.json<Envelope>().error.code).toBe('forbidden');
      }
    });

    it('issue #2 part 5: the system and security administrators cannot read the audit log (403)', async () => {
      for (const role of ['system_admin', 'security_admin'] as const) {
        const admin = await ctx.loginAs({ roles: [role] });
        for (const url of ['/api/v1/audit', '/api/v1/audit/verify', '/api/v1/audit/export']) {
          const res = await request(admin, 'GET', url);
          expect({ role, url, status: res.statusCode }).toEqual({ role, url, status: 403 });
          expect(res.json<Envelope>().error.code).toBe('forbidden');
        }
      }
    });

    it('nobody changes their own roles', async () => {
      const secadmin = await ctx.loginAs({ roles: ['security_admin'] });
      const res = await request(secadmin, 'PATCH', `/api/v1/users/${secadmin.user.id}`, {
        roles: ['audit_admin'],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<Envelope>().error.details).toContainEqual(expect.objectContaining({ path: 'roles' }));
    });
  });
});
