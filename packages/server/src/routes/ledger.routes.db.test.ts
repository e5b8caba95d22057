/**
 * Issue #3, the declarative registries over HTTP: validation with every problem listed, derived grades
 * (GB 18218-2018 units, LEC points) recomputed on change, jurisdiction, audit history, references,
 * filters, import/export round trip, map features, summary and search.
 */
import { creditCodeCheckChar, type LedgerRecordView } from '@ningan/domain';
import { beforeAll, expect, it } from 'vitest';
import { forEachDriver } from '../test/db.ts';
import {
  enterpriseScope,
  townshipScope,
  useTestContext,
  XINNING,
  ZAOSHENG,
  type Session,
} from '../test/context.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}
interface Page<T> {
  items: T[];
  total: number;
}

const IN_XINNING = { regionCode: XINNING, lon: 107.925, lat: 35.5 };
const IN_ZAOSHENG = { regionCode: ZAOSHENG, lon: 108.0, lat: 35.405 };

const team = (name: string, over: Record<string, unknown> = {}, attrs: Record<string, unknown> = {}) => ({
  name,
  ...IN_XINNING,
  ...over,
  attrs: {
    kind: '专业',
    specialties: ['防汛抗旱'],
    headcount: 20,
    readiness: '待命',
    leader: '王队长',
    leaderPhone: '13900000001',
    ...attrs,
  },
});

forEachDriver('ledger registries', (driver) => {
  const ctx = useTestContext(driver);
  let duty: Session;
  let enterprise: { id: string; orgUnitId: string; regionCode: string };

  const call = async (
    s: Session,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => (await ctx.app()).inject({ method, url, headers: s.bearer, payload: payload as never });

  beforeAll(async () => {
    duty = await ctx.loginAs({ roles: ['duty_officer'] });
    const first17 = '91621026MA1234567';
    const res = await call(duty, 'POST', '/api/v1/enterprises', {
      name: '宁县测试液化气站',
      creditCode: `${first17}${creditCodeCheckChar(first17)!}`,
      industry: '危险化学品经营',
      scale: '规下',
      ...IN_XINNING,
    });
    expect(res.statusCode).toBe(201);
    enterprise = res.json();
  });

  it('creates a record, audited in the same transaction; history and list show it', async () => {
    const before = await ctx.auditCount();
    const res = await call(duty, 'POST', '/api/v1/ledger/rescue-teams', team('宁县防汛抢险队'));
    expect(res.statusCode).toBe(201);
    const t = res.json<LedgerRecordView>();
    expect(t).toMatchObject({
      registry: 'rescue-teams',
      grade: '待命',
      attrs: { headcount: 20, equipment: null },
    });
    expect(await ctx.auditCount()).toBe(before + 1);
    const list = await call(duty, 'GET', '/api/v1/ledger/rescue-teams?kind=专业&q=防汛');
    expect(list.json<Page<LedgerRecordView>>().items.map((i) => i.id)).toContain(t.id);
    const history = await call(duty, 'GET', `/api/v1/ledger/rescue-teams/${t.id}/history`);
    expect(history.json<Page<{ action: string }>>().items.map((i) => i.action)).toEqual(['ledger.create']);
  });

  it('rejects bad input listing every problem, and writes nothing', async () => {
    const before = await ctx.auditCount();
    const res = await call(
      duty,
      'POST',
      '/api/v1/ledger/rescue-teams',
      team('坏队伍', { lon: 120.0 }, { headcount: -3, leaderPhone: '12', specialties: ['魔法'] }),
    );
    expect(res.statusCode).toBe(400);
    const paths = res.json<Envelope>().error.details!.map((d) => d.path);
    // The place is checked although other fields are bad: one answer lists every problem.
    expect(paths.sort()).toEqual(['attrs.headcount', 'attrs.leaderPhone', 'attrs.specialties.0', 'lon']);
    const outside = await call(duty, 'POST', '/api/v1/ledger/rescue-teams', team('县外队伍', { lon: 120.0 }));
    expect(outside.json<Envelope>().error.details).toEqual([
      { path: 'lon', message: expect.stringContaining('不在本县范围内') as string },
    ]);
    expect(await ctx.auditCount()).toBe(before);
  });

  it('GB 18218-2018: a unit is graded from its substances and regraded when a quantity changes', async () => {
    const res = await call(duty, 'POST', '/api/v1/ledger/hazard-sources', {
      name: '液氨储罐区',
      ...IN_XINNING,
      enterpriseId: enterprise.id,
      attrs: { unitType: '储存单元', substances: [{ name: '液氨', quantity: 20 }], exposedPeople: 0 },
    });
    expect(res.statusCode).toBe(201);
    const unit = res.json<LedgerRecordView>();
    // Table 1: 氨 Q = 10 t → S = 2; β = 2 (Table 3), α = 0.5 (Table 5) → R = 2 → 四级 (Table 6)
    expect(unit.derived).toMatchObject({ S: 2, isMajorHazard: true, alpha: 0.5, R: 2, grade: 4 });
    expect(unit.grade).toBe('4');
    expect(unit.enterpriseName).toBe('宁县测试液化气站');
    expect(unit.orgUnitId).toBe(enterprise.orgUnitId);

    // 200 t: S = 20; 50–99 people → α = 1.5 (Table 5); R = α·β·S = 1.5 · 2 · 20 = 60 → 二级 (50 ≤ R < 100, Table 6)
    const changed = await call(duty, 'PATCH', `/api/v1/ledger/hazard-sources/${unit.id}`, {
      attrs: { substances: [{ name: '液氨', quantity: 200 }], exposedPeople: 60 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<LedgerRecordView>()).toMatchObject({
      grade: '2',
      derived: { S: 20, alpha: 1.5, R: 60 },
    });
    const history = await call(duty, 'GET', `/api/v1/ledger/hazard-sources/${unit.id}/history`);
    const rows =
      history.json<Page<{ action: string; details: { changes?: Record<string, unknown> } }>>().items;
    expect(rows[0]!.action).toBe('ledger.update');
    expect(Object.keys(rows[0]!.details.changes!).sort()).toEqual([
      'attrs.exposedPeople',
      'attrs.substances',
      'grade',
    ]);

    const unknown = await call(duty, 'POST', '/api/v1/ledger/hazard-sources', {
      name: '未知物质单元',
      ...IN_XINNING,
      enterpriseId: enterprise.id,
      attrs: {
        unitType: '储存单元',
        substances: [{ name: '不存在的化学品', quantity: 1 }],
        exposedPeople: 0,
      },
    });
    expect(unknown.json<Envelope>().error.details!.map((d) => d.path)).toEqual(['attrs.substances.0.name']);
  });

  it('LEC risk point: D = L·E·C with the four colours (STANDARDS §4.1/§4.2)', async () => {
    const res = await call(duty, 'POST', '/api/v1/ledger/risk-points', {
      name: '装卸台',
      ...IN_XINNING,
      enterpriseId: enterprise.id,
      attrs: {
        category: '作业活动',
        L: 3,
        E: 6,
        C: 15,
        measures: '静电接地；专人监护',
        responsible: '李',
        responsiblePhone: '13900000002',
      },
    });
    expect(res.json<LedgerRecordView>()).toMatchObject({
      derived: { D: 270, danger: '高度危险', riskLevel: '较大风险', color: 'orange' },
      grade: 'orange',
    });
  });

  it('an enterprise is as red as its worst risk point (安全风险分级管控)', async () => {
    const res = await call(duty, 'GET', `/api/v1/enterprises/${enterprise.id}/ledger`);
    expect(res.json()).toMatchObject({
      riskColor: 'orange',
      registries: expect.arrayContaining([
        { registry: 'risk-points', total: 1, byGrade: { orange: 1 } },
        { registry: 'hazard-sources', total: 1, byGrade: { '2': 1 } },
      ]) as unknown,
    });
    await call(duty, 'POST', '/api/v1/ledger/risk-points', {
      name: '储罐区',
      ...IN_XINNING,
      enterpriseId: enterprise.id,
      attrs: {
        category: '设备设施',
        L: 6,
        E: 6,
        C: 15,
        measures: '紧急切断',
        responsible: '李',
        responsiblePhone: '13900000002',
      },
    });
    const after = await call(duty, 'GET', `/api/v1/enterprises/${enterprise.id}/ledger`);
    expect(after.json()).toMatchObject({ riskColor: 'red' });
  });

  it('jurisdiction: a township sees only its own; an enterprise user only its enterprise’s records', async () => {
    const other = (
      await call(duty, 'POST', '/api/v1/ledger/rescue-teams', team('早胜镇应急分队', IN_ZAOSHENG))
    ).json<LedgerRecordView>();
    const zaosheng = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const list = (await call(zaosheng, 'GET', '/api/v1/ledger/rescue-teams?pageSize=200')).json<
      Page<LedgerRecordView>
    >();
    expect(list.items.every((i) => i.regionCode.startsWith(ZAOSHENG))).toBe(true);
    expect(list.items.map((i) => i.id)).toContain(other.id);
    const xinningTeam = (await call(duty, 'GET', '/api/v1/ledger/rescue-teams?regionCode=621026100')).json<
      Page<LedgerRecordView>
    >().items[0]!;
    expect((await call(zaosheng, 'GET', `/api/v1/ledger/rescue-teams/${xinningTeam.id}`)).statusCode).toBe(
      404,
    );
    const outOfScope = await call(zaosheng, 'POST', '/api/v1/ledger/rescue-teams', team('越权队伍'));
    expect(outOfScope.json<Envelope>().error.details).toEqual([
      { path: 'regionCode', message: '超出本人管辖范围' },
    ]);

    const manager = await ctx.loginAs({
      roles: ['enterprise_manager'],
      scope: enterpriseScope({ id: enterprise.orgUnitId, regionCode: enterprise.regionCode }),
    });
    const units = (await call(manager, 'GET', '/api/v1/ledger/hazard-sources')).json<
      Page<LedgerRecordView>
    >();
    expect(units.items.length).toBeGreaterThan(0);
    expect(units.items.every((u) => u.enterpriseId === enterprise.id)).toBe(true);
    // Teams are not the enterprise's: none visible, and it may not register a county team.
    expect((await call(manager, 'GET', '/api/v1/ledger/rescue-teams')).json<Page<unknown>>().total).toBe(0);
    expect((await call(manager, 'POST', '/api/v1/ledger/rescue-teams', team('企业越权'))).statusCode).toBe(
      403,
    );
  });

  it('unknown filters and registries are named', async () => {
    const bad = await call(duty, 'GET', '/api/v1/ledger/rescue-teams?colour=red&kind=民兵');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<Envelope>()
        .error.details!.map((d) => d.path)
        .sort(),
    ).toEqual(['colour', 'kind']);
    expect((await call(duty, 'GET', '/api/v1/ledger/unicorns')).statusCode).toBe(400);
  });

  it('references: a geological hazard point names its shelter; the shelter cannot be deleted while referenced', async () => {
    const shelter = (
      await call(duty, 'POST', '/api/v1/ledger/shelters', {
        name: '新宁镇中心广场避难场所',
        ...IN_XINNING,
        attrs: {
          type: '室外避难场所',
          capacity: 3000,
          status: '可用',
          manager: '赵',
          managerPhone: '13900000003',
        },
      })
    ).json<LedgerRecordView>();
    const point = await call(duty, 'POST', '/api/v1/ledger/geo-hazards', {
      name: '城北滑坡',
      ...IN_XINNING,
      attrs: {
        code: 'NX-H-001',
        kind: '滑坡',
        scale: '中型',
        monitor: '钱',
        monitorPhone: '13900000004',
        shelterId: shelter.id,
      },
    });
    expect(point.statusCode).toBe(201);
    const dangling = await call(duty, 'POST', '/api/v1/ledger/geo-hazards', {
      name: '城南崩塌',
      ...IN_XINNING,
      attrs: {
        kind: '崩塌',
        scale: '小型',
        monitor: '孙',
        monitorPhone: '13900000005',
        shelterId: point.json<LedgerRecordView>().id,
      },
    });
    expect(dangling.json<Envelope>().error.details!.map((d) => d.path)).toEqual(['attrs.shelterId']);
    const del = await call(duty, 'DELETE', `/api/v1/ledger/shelters/${shelter.id}`);
    expect(del.statusCode).toBe(409);
    const before = await ctx.auditCount();
    expect(
      (await call(duty, 'DELETE', `/api/v1/ledger/geo-hazards/${point.json<LedgerRecordView>().id}`))
        .statusCode,
    ).toBe(204);
    expect((await call(duty, 'DELETE', `/api/v1/ledger/shelters/${shelter.id}`)).statusCode).toBe(204);
    expect(await ctx.auditCount()).toBe(before + 2);
  });

  it('export → import round trip changes nothing; one bad row rejects the whole file by row and field', async () => {
    const app = await ctx.app();
    const csv = await app.inject({
      method: 'GET',
      url: '/api/v1/ledger/rescue-teams/export?format=csv',
      headers: duty.bearer,
    });
    expect(csv.statusCode).toBe(200);
    const text = csv.body;
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/rescue-teams/import',
      headers: { ...duty.bearer, 'content-type': 'text/csv' },
      payload: Buffer.from(text, 'utf8'),
    });
    expect(again.statusCode).toBe(200);
    const total = (await call(duty, 'GET', '/api/v1/ledger/rescue-teams')).json<Page<unknown>>().total;
    expect(again.json()).toMatchObject({ total, created: 0, updated: 0, unchanged: total });

    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0]!.split(',');
    const row = (name: string, phone: string) =>
      header
        .map((h) => {
          const values: Record<string, string> = {
            队伍名称: name,
            区划代码: XINNING,
            经度: '107.93',
            纬度: '35.5',
            队伍类别: '社会',
            专业方向: '医疗救护、通信保障',
            人数: '12',
            战备状态: '待命',
            队长: '周',
            队长电话: phone,
          };
          return values[h] ?? '';
        })
        .join(',');
    const before = await ctx.auditCount();
    const file = [lines[0], row('蓝天救援队', '13900000006'), row('红十字救援队', 'bad')].join('\r\n');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/rescue-teams/import',
      headers: { ...duty.bearer, 'content-type': 'text/csv' },
      payload: Buffer.from(file, 'utf8'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<Envelope>().error.details).toEqual([
      { path: 'rows.3.attrs.leaderPhone', message: '电话号码格式不正确' },
    ]);
    expect(await ctx.auditCount()).toBe(before);
  });

  it('a registry with sub-record lists (GB 18218 substances) round-trips through .xlsx unchanged', async () => {
    const app = await ctx.app();
    const xlsx = await app.inject({
      method: 'GET',
      url: '/api/v1/ledger/hazard-sources/export?format=xlsx',
      headers: duty.bearer,
    });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/hazard-sources/import',
      headers: {
        ...duty.bearer,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: xlsx.rawPayload,
    });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('map features, summary and search are scoped', async () => {
    const fc = (await call(duty, 'GET', '/api/v1/ledger/hazard-sources/features')).json<{
      features: { properties: { grade: string }; geometry: { type: string } }[];
    }>();
    expect(fc.features[0]).toMatchObject({ properties: { grade: '2' }, geometry: { type: 'Point' } });
    expect((await call(duty, 'GET', '/api/v1/ledger/plans/features')).statusCode).toBe(404);
    // A browser that holds the layer revalidates it: 304 while the answer is the same.
    const layer = await call(duty, 'GET', '/api/v1/ledger/hazard-sources/features');
    const etag = String(layer.headers.etag);
    const again = await (
      await ctx.app()
    ).inject({
      method: 'GET',
      url: '/api/v1/ledger/hazard-sources/features',
      headers: { ...duty.bearer, 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(layer.headers['cache-control']).toBe('private, no-cache');
    const summary = (await call(duty, 'GET', '/api/v1/ledger/summary')).json<{
      items: { registry: string; total: number; byGrade: Record<string, number> }[];
    }>();
    expect(summary.items.find((i) => i.registry === 'hazard-sources')).toMatchObject({
      total: 1,
      byGrade: { '2': 1 },
    });
    const found = (await call(duty, 'GET', `/api/v1/search?q=${encodeURIComponent('液氨')}`)).json<{
      items: { kind: string; registry: string; name: string }[];
    }>();
    expect(found.items).toContainEqual(
      expect.objectContaining({ kind: 'record', registry: 'hazard-sources', name: '液氨储罐区' }),
    );
    const town = (await call(duty, 'GET', `/api/v1/search?q=${encodeURIComponent('早胜')}`)).json<{
      items: { kind: string }[];
    }>();
    expect(town.items[0]).toMatchObject({ kind: 'region' });
  });
});
