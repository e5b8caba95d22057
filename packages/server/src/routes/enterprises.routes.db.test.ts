/**
 * Issue #3, the enterprise registry: validation (GB 32100 credit code, inside the county, unique code),
 * jurisdiction (township by region, department by supervision, enterprise by itself), audit history,
 * expiring licences and insurance, Excel export.
 */
import {
  creditCodeCheckChar,
  decodePointTile,
  toWorld,
  type DecodedLayer,
  type CreateEnterpriseRequest,
  type EnterpriseView,
  type ExpiryItem,
} from '@ningan/domain';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { forEachDriver } from '../test/db.ts';
import { townshipScope, useTestContext, XINNING, ZAOSHENG, type Session } from '../test/context.ts';

const code = (n: number) => {
  const first17 = `91621026MA${String(1_000_000 + n).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckChar(first17)!}`;
};

// 新宁镇 seat (WGS84) and a point in 早胜镇 near its seat; both inside the county.
const IN_XINNING = { regionCode: XINNING, lon: 107.925, lat: 35.5 };
const IN_ZAOSHENG = { regionCode: ZAOSHENG, lon: 108.0, lat: 35.405 };

function body(n: number, over: Partial<CreateEnterpriseRequest> = {}) {
  return {
    name: `测试企业${n}`,
    creditCode: code(n),
    industry: '工贸',
    scale: '规下',
    ...IN_XINNING,
    ...over,
  };
}

forEachDriver('enterprise registry', (driver) => {
  const ctx = useTestContext(driver);
  let duty: Session;

  beforeAll(async () => {
    duty = await ctx.loginAs({ roles: ['duty_officer'] });
  });

  const post = async (s: Session, payload: Record<string, unknown>) =>
    (await ctx.app()).inject({ method: 'POST', url: '/api/v1/enterprises', headers: s.bearer, payload });
  const get = async (s: Session, url: string) =>
    (await ctx.app()).inject({ method: 'GET', url, headers: s.bearer });

  it('registers an enterprise with its own org unit, audited; its history shows the change', async () => {
    const before = await ctx.auditCount();
    const res = await post(
      duty,
      body(1, { licences: [{ name: '安全生产许可证', number: 'A-1', expiresOn: '2027-01-01' }] }),
    );
    expect(res.statusCode).toBe(201);
    const e = res.json<EnterpriseView>();
    expect(e.orgUnitId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ctx.auditCount()).toBe(before + 1);

    const app = await ctx.app();
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/enterprises/${e.id}`,
      headers: duty.bearer,
      payload: { safetyManager: '李四' },
    });
    expect(patched.json<EnterpriseView>()).toMatchObject({ safetyManager: '李四', licences: e.licences });
    const history = await get(duty, `/api/v1/enterprises/${e.id}/history`);
    const items = history.json<{
      items: { action: string; details: { changes?: Record<string, unknown> } }[];
    }>().items;
    expect(items.map((i) => i.action)).toEqual(['enterprise.update', 'enterprise.create']);
    expect(items[0]!.details.changes).toEqual({ safetyManager: [null, '李四'] });
  });

  it('rejects a bad credit code, a point outside the county, an unknown region and a duplicate — all at once, writing nothing', async () => {
    await post(duty, body(2));
    const before = await ctx.auditCount();
    const bad = await post(duty, { ...body(3), creditCode: '91621026MA10000039X' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toContain(
      'creditCode',
    );

    const placed = await post(
      duty,
      body(4, { creditCode: code(2), lon: 110.5, lat: 30.1, regionCode: '621026999' }),
    );
    expect(placed.statusCode).toBe(400);
    const paths = placed.json<{ error: { details: { path: string; message: string }[] } }>().error.details;
    expect(paths.map((d) => d.path).sort()).toEqual(['creditCode', 'lon', 'regionCode']);
    expect(paths.find((d) => d.path === 'lon')!.message).toContain('不在本县范围内');
    expect(await ctx.auditCount()).toBe(before);
  });

  it('a township officer sees and changes only enterprises in the township; others answer 404', async () => {
    const mine = (await post(duty, body(10))).json<EnterpriseView>();
    const theirs = (await post(duty, body(11, IN_ZAOSHENG))).json<EnterpriseView>();
    const officer = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });
    const list = (await get(officer, '/api/v1/enterprises?pageSize=200')).json<{ items: EnterpriseView[] }>()
      .items;
    expect(list.map((e) => e.id)).toContain(mine.id);
    expect(list.every((e) => e.regionCode.startsWith(XINNING))).toBe(true);
    expect((await get(officer, `/api/v1/enterprises/${theirs.id}`)).statusCode).toBe(404);
    const app = await ctx.app();
    const change = await app.inject({
      method: 'PATCH',
      url: `/api/v1/enterprises/${theirs.id}`,
      headers: officer.bearer,
      payload: { name: '越权修改' },
    });
    expect(change.statusCode).toBe(404);
    const create = await post(officer, body(12, IN_ZAOSHENG));
    expect(create.statusCode).toBe(400);
  });

  it('a department sees what it supervises; an enterprise user sees only itself and cannot register others', async () => {
    const dept = await ctx.newOrgUnit({ kind: 'department', name: '测试监管部门' });
    const supervised = (
      await post(duty, body(20, { supervisingDepartmentId: dept.id }))
    ).json<EnterpriseView>();
    const other = (await post(duty, body(21))).json<EnterpriseView>();
    const deptUser = await ctx.loginAs({
      roles: ['department_user'],
      scope: { level: 'department', regionCode: '621026', orgUnitId: dept.id },
    });
    const seen = (await get(deptUser, '/api/v1/enterprises?pageSize=200')).json<{ items: EnterpriseView[] }>()
      .items;
    expect(seen.map((e) => e.id)).toEqual([supervised.id]);

    const manager = await ctx.loginAs({
      roles: ['enterprise_manager'],
      scope: { level: 'enterprise', regionCode: other.regionCode, orgUnitId: other.orgUnitId },
    });
    const own = (await get(manager, '/api/v1/enterprises')).json<{ items: EnterpriseView[] }>().items;
    expect(own.map((e) => e.id)).toEqual([other.id]);
    expect((await get(manager, `/api/v1/enterprises/${supervised.id}`)).statusCode).toBe(404);
    expect((await post(manager, body(22))).statusCode).toBe(400);
  });

  it('lists licences and insurance expiring within N days, expired ones first (Beijing dates)', async () => {
    // Fake clock: 2026-03-02T01:00Z = 2026-03-02 09:00 Beijing.
    await post(
      duty,
      body(30, {
        insured: true,
        insuranceExpiresOn: '2026-03-01',
        licences: [
          { name: '危险化学品经营许可证', number: 'W-30', expiresOn: '2026-04-10' },
          { name: '远期许可证', number: 'F-30', expiresOn: '2028-01-01' },
        ],
      }),
    );
    const items = (await get(duty, '/api/v1/enterprises/expiring?days=60'))
      .json<ExpiryItem[]>()
      .filter((i) => i.enterpriseName === '测试企业30');
    expect(items.map((i) => [i.kind, i.daysLeft])).toEqual([
      ['insurance', -1],
      ['licence', 39],
    ]);
  });

  it('searches names and credit codes for the literal text (one character or more); pages keep one order', async () => {
    const made: EnterpriseView[] = [];
    for (const [n, name] of [
      [40, '检索恒达机械厂'],
      [41, '检索恒远商贸'],
      [42, '检索百分_之%百'],
      [43, '检索ABC物流'],
    ] as const)
      made.push((await post(duty, body(n, { name }))).json<EnterpriseView>());
    const names = async (query: string) =>
      (await get(duty, `/api/v1/enterprises?pageSize=200&sort=name&${query}`))
        .json<{ items: EnterpriseView[] }>()
        .items.map((e) => e.name);
    expect(await names(`q=${encodeURIComponent('恒达')}`)).toEqual(['检索恒达机械厂']);
    expect(await names(`q=${encodeURIComponent('恒')}`)).toEqual(['检索恒达机械厂', '检索恒远商贸']);
    // % and _ are characters to find, not wildcards; letters match in either case.
    expect(await names(`q=${encodeURIComponent('_之%')}`)).toEqual(['检索百分_之%百']);
    expect(await names(`q=${encodeURIComponent('%')}`)).toEqual(['检索百分_之%百']);
    expect(await names('q=abc')).toEqual(['检索ABC物流']);
    expect(await names(`q=${made[1]!.creditCode.slice(-6).toLowerCase()}`)).toEqual(['检索恒远商贸']);

    // One page at a time gives the same rows in the same order as one long page, for each sort.
    for (const sort of ['', '&sort=name', '&sort=-updatedAt', '&sort=industry']) {
      const all = (await get(duty, `/api/v1/enterprises?pageSize=200${sort}`)).json<{
        items: EnterpriseView[];
        total: number;
      }>();
      const paged: string[] = [];
      for (let page = 1; page <= all.total; page += 1)
        paged.push(
          ...(await get(duty, `/api/v1/enterprises?pageSize=1&page=${page}${sort}`))
            .json<{ items: EnterpriseView[] }>()
            .items.map((e) => e.id),
        );
      expect(paged).toEqual(all.items.map((e) => e.id));
    }
  });

  it('the list shows each enterprise’s overall colour (its worst 风险点, STANDARDS §4.2) and filters by it', async () => {
    const app = await ctx.app();
    const create = async (n: number) =>
      (await post(duty, body(n, { name: `风险色企业${n}` }))).json<EnterpriseView>();
    const [a, b, c] = [await create(801), await create(802), await create(803)];
    // D = L·E·C: 10·6·40 = 2400 重大 (red), 3·6·15 = 270 较大 (orange), 1·1·1 = 1 低 (blue).
    const point = async (enterpriseId: string, name: string, L: number, E: number, C: number) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/ledger/risk-points',
        headers: duty.bearer,
        payload: {
          name,
          ...IN_XINNING,
          enterpriseId,
          attrs: {
            category: '作业活动',
            L,
            E,
            C,
            measures: '专人管控',
            responsible: '李',
            responsiblePhone: '13900000002',
          },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await point(a.id, '储罐区', 10, 6, 40);
    await point(a.id, '办公楼', 1, 1, 1);
    await point(b.id, '装卸台', 3, 6, 15);
    await point(b.id, '配电室', 1, 1, 1);

    const list = async (query: string) =>
      (
        await get(duty, `/api/v1/enterprises?q=${encodeURIComponent('风险色企业')}&pageSize=50${query}`)
      ).json<{
        items: { id: string; riskColor: string | null }[];
      }>().items;
    const colours = Object.fromEntries((await list('')).map((e) => [e.id, e.riskColor]));
    expect(colours).toEqual({ [a.id]: 'red', [b.id]: 'orange', [c.id]: null });
    expect((await list('&riskColor=red')).map((e) => e.id)).toEqual([a.id]);
    expect((await list('&riskColor=orange')).map((e) => e.id)).toEqual([b.id]);
    // Both have a blue point, but neither is blue overall: the worst point decides.
    expect(await list('&riskColor=blue')).toEqual([]);
    expect((await list('&riskColor=none')).map((e) => e.id)).toEqual([c.id]);
    expect((await get(duty, '/api/v1/enterprises?riskColor=purple')).statusCode).toBe(400);
  });

  it('the map layer holds every enterprise in the jurisdiction as a compact GeoJSON point and follows changes', async () => {
    // 1e-5° rounding (about a metre): 107.9250049 → 107.925, 35.5000051 → 35.50001.
    const e = (
      await post(duty, body(50, { name: '图层企业', lon: 107.9250049, lat: 35.5000051 }))
    ).json<EnterpriseView>();
    type Layer = {
      type: string;
      features: { type: string; properties: Record<string, unknown>; geometry: unknown }[];
    };
    const layer = async (s: Session, query = '') =>
      (await get(s, `/api/v1/enterprises/geojson${query}`)).json<Layer>();
    const first = await layer(duty);
    expect(first.type).toBe('FeatureCollection');
    // Only what the map draws: the id (the popup loads the rest) and the industry (the colour).
    expect(first.features.find((f) => f.properties.id === e.id)).toEqual({
      type: 'Feature',
      properties: { id: e.id, industry: '工贸' },
      geometry: { type: 'Point', coordinates: [107.925, 35.50001] },
    });
    const total = (await get(duty, '/api/v1/enterprises?pageSize=1')).json<{ total: number }>().total;
    expect(first.features).toHaveLength(total);

    const app = await ctx.app();
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/enterprises/${e.id}`,
      headers: duty.bearer,
      payload: { industry: '商贸' },
    });
    const after = await layer(duty);
    expect(after.features.find((f) => f.properties.id === e.id)?.properties.industry).toBe('商贸');
    expect(
      (await layer(duty, `?industry=${encodeURIComponent('工贸')}`)).features.map((f) => f.properties.id),
    ).not.toContain(e.id);

    // The township filter of the map page: that township's enterprises only.
    const zaosheng = (
      await post(duty, body(51, { name: '早胜图层企业', ...IN_ZAOSHENG }))
    ).json<EnterpriseView>();
    const filtered = await layer(duty, `?regionCode=${ZAOSHENG}`);
    expect(filtered.features.map((f) => f.properties.id)).toContain(zaosheng.id);
    expect(filtered.features.map((f) => f.properties.id)).not.toContain(e.id);
    const inZaosheng = (await get(duty, `/api/v1/enterprises?pageSize=1&regionCode=${ZAOSHENG}`)).json<{
      total: number;
    }>().total;
    expect(filtered.features).toHaveLength(inZaosheng);

    const officer = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const theirs = await layer(officer);
    expect(theirs.features.map((f) => f.properties.id)).toContain(zaosheng.id);
    expect(theirs.features.map((f) => f.properties.id)).not.toContain(e.id);
    expect(theirs.features).toHaveLength(inZaosheng);
  });

  it('the map layer answers If-None-Match with 304 until the registry changes, and compresses', async () => {
    const app = await ctx.app();
    const url = '/api/v1/enterprises/geojson';
    const send = (s: Session, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers: { ...s.bearer, ...headers } });
    const plain = await send(duty);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await send(duty, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await send(duty, { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);

    // Compressed as the browser asks, the same document.
    for (const [accept, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const res = await send(duty, { 'accept-encoding': accept });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toContain('accept-encoding');
      const raw = res.rawPayload;
      const text = (
        encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw
      ).toString('utf8');
      expect(text).toBe(plain.body);
      if (encoding) expect(raw.length).toBeLessThan(plain.rawPayload.length);
    }

    // Another jurisdiction's layer has its own tag: never a 304 for someone else's layer.
    const officer = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const theirs = await send(officer, { 'if-none-match': etag });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers.etag).not.toBe(etag);

    // Any write to the registry changes the tag.
    await post(duty, body(52, { name: '新到企业' }));
    const changed = await send(duty, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('the map layer as vector tiles: clusters that add up to the jurisdiction, points above the cluster zooms', async () => {
    const app = await ctx.app();
    const hazchem = (
      await post(duty, body(60, { name: '图层危化企业', industry: '危险化学品经营', ...IN_ZAOSHENG }))
    ).json<EnterpriseView>();
    const tile = async (
      s: Session,
      z: number,
      x: number,
      y: number,
      headers: Record<string, string> = {},
    ) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/enterprises/tiles/${z}/${x}/${y}`,
        headers: { ...s.bearer, ...headers },
      });
      return { res, layers: res.statusCode === 200 ? decodePointTile(res.rawPayload) : [] };
    };
    const layerOf = async (s: Session) =>
      (await get(s, '/api/v1/enterprises/geojson')).json<{
        features: { properties: { id: string; industry: string } }[];
      }>().features;
    const countIn = (layers: DecodedLayer[]) =>
      layers.flatMap((l) => l.features).reduce((n, f) => n + Number(f.properties.point_count ?? 1), 0);
    const hazchemIn = (layers: DecodedLayer[]) =>
      layers
        .flatMap((l) => l.features)
        .reduce(
          (n, f) =>
            n +
            (f.properties.cluster
              ? Number(f.properties.hazchem)
              : String(f.properties.industry).startsWith('危险化学品')
                ? 1
                : 0),
          0,
        );

    // Zoom 0: one tile, the whole jurisdiction, its hazardous-chemical firms counted into the clusters.
    const all = await layerOf(duty);
    const world = await tile(duty, 0, 0, 0);
    expect(world.res.statusCode).toBe(200);
    expect(world.res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(world.layers.map((l) => [l.name, l.version, l.extent])).toEqual([['enterprises', 2, 4096]]);
    expect(countIn(world.layers)).toBe(all.length);
    expect(hazchemIn(world.layers)).toBe(
      all.filter((f) => f.properties.industry.startsWith('危险化学品')).length,
    );
    expect(hazchemIn(world.layers)).toBeGreaterThanOrEqual(1);
    const cluster = world.layers[0]!.features.find((f) => f.properties.cluster);
    expect(cluster?.properties.cluster_id).toBe(cluster?.id);
    expect(typeof cluster?.properties.expansion_zoom).toBe('number');

    // Zoom 14 (above the cluster zooms): the enterprise itself, with its id and industry.
    const [wx, wy] = toWorld(IN_ZAOSHENG.lon, IN_ZAOSHENG.lat);
    const [x14, y14] = [Math.floor(wx * 2 ** 14), Math.floor(wy * 2 ** 14)];
    const near = await tile(duty, 14, x14, y14);
    expect(near.layers[0]?.features).toContainEqual(
      expect.objectContaining({ properties: { id: hazchem.id, industry: '危险化学品经营' } }),
    );
    // A tile with no enterprises is empty.
    const empty = await tile(duty, 14, 0, 0);
    expect(empty.res.statusCode).toBe(200);
    expect(empty.res.rawPayload).toHaveLength(0);

    // Revalidated like the layer; a township officer's tiles hold the township only.
    const etag = String(world.res.headers.etag);
    expect((await tile(duty, 0, 0, 0, { 'if-none-match': etag })).res.statusCode).toBe(304);
    const officer = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const theirs = await tile(officer, 0, 0, 0, { 'if-none-match': etag });
    expect(theirs.res.statusCode).toBe(200);
    expect(countIn(theirs.layers)).toBe((await layerOf(officer)).length);

    // Tile coordinates outside the zoom's grid, or zooms past the last, are bad requests.
    for (const bad of ['1/2/0', '0/0/1', '15/0/0', '-1/0/0', '1/a/0'])
      expect((await get(duty, `/api/v1/enterprises/tiles/${bad}`)).statusCode).toBe(400);
  });

  it('exports the filtered list as .xlsx', async () => {
    const res = await get(duty, `/api/v1/enterprises/export?regionCode=${XINNING}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK'); // a zip container
  });
});
