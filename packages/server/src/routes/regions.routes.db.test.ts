/**
 * Issue #2 part 3 and 6: the region API for 宁县 (621026) — official codes and names, the county map
 * as GeoJSON, loading the pack idempotently, and importing real township boundaries.
 */
import { describe, expect, it } from 'vitest';
import { readRegionPack } from '../services/regions.service.ts';
import { forEachDriver } from '../test/db.ts';
import { COUNTY, XINNING, useTestContext, type Session, type TestContext } from '../test/context.ts';

/** The 18 townships of 宁县 in code order (统计用区划代码). */
const TOWNSHIPS: [string, string][] = [
  ['621026100', '新宁镇'],
  ['621026101', '平子镇'],
  ['621026102', '早胜镇'],
  ['621026103', '长庆桥镇'],
  ['621026104', '和盛镇'],
  ['621026105', '湘乐镇'],
  ['621026106', '新庄镇'],
  ['621026107', '盘克镇'],
  ['621026108', '中村镇'],
  ['621026109', '焦村镇'],
  ['621026110', '米桥镇'],
  ['621026111', '良平镇'],
  ['621026112', '太昌镇'],
  ['621026113', '春荣镇'],
  ['621026205', '南义乡'],
  ['621026206', '瓦斜乡'],
  ['621026207', '金村乡'],
  ['621026208', '九岘乡'],
];

interface RegionBody {
  code: string;
  name: string;
  level: string;
  lon: number | null;
  lat: number | null;
  schematic: boolean;
  children: {
    code: string;
    name: string;
    level: string;
    lon: number | null;
    lat: number | null;
    schematic: boolean;
  }[];
}

interface Fc {
  type: string;
  features: {
    type: string;
    properties: Record<string, unknown>;
    geometry: { type: string; coordinates: unknown };
  }[];
}

async function get(ctx: TestContext, session: Session, url: string) {
  const app = await ctx.app();
  return app.inject({ method: 'GET', url, headers: session.bearer });
}

forEachDriver('regions API', (driver) => {
  const ctx = useTestContext(driver);
  let viewer: Session;

  it('setup: a read-only viewer logs in', async () => {
    viewer = await ctx.loginAs({ roles: ['viewer'] });
  });

  it('issue #2 part 6: GET /api/v1/regions/621026 lists exactly the 18 townships with official codes and names', async () => {
    const res = await get(ctx, viewer, `/api/v1/regions/${COUNTY}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<RegionBody>();
    expect(body).toMatchObject({ code: COUNTY, name: '宁县', level: 'county' });
    expect(body.children.map((c) => [c.code, c.name])).toEqual(TOWNSHIPS);
    for (const t of body.children) {
      expect(t.level).toBe('township');
      expect(typeof t.lon).toBe('number');
      expect(typeof t.lat).toBe('number');
      // the seat lies in 宁县 (WGS84)
      expect(t.lon).toBeGreaterThan(107.5);
      expect(t.lon).toBeLessThan(108.6);
      expect(t.lat).toBeGreaterThan(35.2);
      expect(t.lat).toBeLessThan(35.9);
    }
  });

  it('issue #2 part 3: a township returns its villages with 12-digit codes, 278 over the county', async () => {
    const res = await get(ctx, viewer, `/api/v1/regions/${XINNING}`);
    expect(res.statusCode).toBe(200);
    const xinning = res.json<RegionBody>();
    expect(xinning).toMatchObject({ code: XINNING, name: '新宁镇', level: 'township' });
    expect(xinning.children.length).toBeGreaterThan(0);
    expect(xinning.children.every((v) => /^621026100\d{3}$/.test(v.code) && v.level === 'village')).toBe(
      true,
    );
    expect(xinning.children).toContainEqual(
      expect.objectContaining({ code: '621026100001', name: '东城居委会' }),
    );

    let total = 0;
    for (const [code] of TOWNSHIPS) {
      const t = await get(ctx, viewer, `/api/v1/regions/${code}`);
      expect(t.statusCode).toBe(200);
      total += t.json<RegionBody>().children.length;
    }
    expect(total).toBe(278);
  });

  it('an unknown region answers 404 not_found; a malformed code 400 validation_failed', async () => {
    const missing = await get(ctx, viewer, '/api/v1/regions/621099');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
    const bad = await get(ctx, viewer, '/api/v1/regions/62102');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('issue #2 part 6: /boundary is the county polygon; ?children=1 adds 18 schematic township zones', async () => {
    const own = await get(ctx, viewer, `/api/v1/regions/${COUNTY}/boundary`);
    expect(own.statusCode).toBe(200);
    const fc = own.json<Fc>();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(1);
    expect(['Polygon', 'MultiPolygon']).toContain(fc.features[0]!.geometry.type);
    expect(fc.features[0]!.properties).toMatchObject({ code: COUNTY, name: '宁县', schematic: false });

    const withChildren = (await get(ctx, viewer, `/api/v1/regions/${COUNTY}/boundary?children=1`)).json<Fc>();
    const zones = withChildren.features.filter((f) => f.properties.level === 'township');
    expect(zones.map((z) => z.properties.code)).toEqual(TOWNSHIPS.map(([code]) => code));
    for (const z of zones) {
      expect(z.properties.schematic).toBe(true);
      expect(['Polygon', 'MultiPolygon']).toContain(z.geometry.type);
    }
  });

  it('?neighbours=1 adds the neighbouring counties for context', async () => {
    const fc = (await get(ctx, viewer, `/api/v1/regions/${COUNTY}/boundary?neighbours=1`)).json<Fc>();
    const neighbours = fc.features.filter((f) => f.properties.role === 'neighbour');
    expect(neighbours.length).toBeGreaterThanOrEqual(4);
    expect(neighbours.map((n) => n.properties.name)).toEqual(
      expect.arrayContaining(['正宁县', '西峰区', '合水县']),
    );
    expect(fc.features.filter((f) => f.properties.role !== 'neighbour')).toHaveLength(1);
  });

  it('/villages returns the 278 village points, each inside its township', async () => {
    const fc = (await get(ctx, viewer, `/api/v1/regions/${COUNTY}/villages`)).json<Fc>();
    expect(fc.features).toHaveLength(278);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Point');
      expect(String(f.properties.code)).toMatch(/^621026\d{6}$/);
      expect(String(f.properties.code).slice(0, 9)).toBe(f.properties.townshipCode);
      expect(f.properties.schematic).toBe(true);
    }
    const ofXinning = (await get(ctx, viewer, `/api/v1/regions/${XINNING}/villages`)).json<Fc>();
    expect(ofXinning.features.length).toBeGreaterThan(0);
    expect(ofXinning.features.every((f) => f.properties.townshipCode === XINNING)).toBe(true);
  });

  it('region reads need a session', async () => {
    const app = await ctx.app();
    const res = await app.inject({ method: 'GET', url: `/api/v1/regions/${COUNTY}` });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('loading the same region pack again writes nothing', async () => {
    const before = await ctx.auditCount();
    expect(await ctx.services.regions.loadRegionPack()).toBe(false);
    expect(await ctx.auditCount()).toBe(before);
  });
});

forEachDriver('regions: importing real boundaries', (driver) => {
  const ctx = useTestContext(driver);

  /** A small square (≈ 2 km) around a point, WGS84. */
  const squareAround = (lon: number, lat: number, d = 0.01) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
      ],
    ],
  });

  async function township(code: string) {
    const county = await ctx.services.regions.getRegionDetail(COUNTY);
    return county.children.find((c) => c.code === code)!;
  }

  it('issue #2 part 3: importing a township boundary flips it to non-schematic and survives a pack reload', async () => {
    const app = await ctx.app();
    const admin = await ctx.loginAs({ roles: ['system_admin'] });
    const xinning = await township(XINNING);
    const geometry = squareAround(xinning.lon!, xinning.lat!);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/boundaries',
      headers: admin.web,
      payload: {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { code: XINNING }, geometry }],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ townships: 1, villages: 0 });

    const zones = async () =>
      (await get(ctx, admin, `/api/v1/regions/${COUNTY}/boundary?children=1`))
        .json<Fc>()
        .features.filter((f) => f.properties.level === 'township');
    let imported = (await zones()).find((f) => f.properties.code === XINNING)!;
    expect(imported.properties.schematic).toBe(false);
    expect(imported.geometry).toEqual(geometry);
    expect((await zones()).filter((f) => f.properties.schematic === true)).toHaveLength(17);

    // A changed pack (new hash) is loaded again, but imported shapes are kept.
    expect(
      await ctx.services.regions.loadRegionPack({ ...readRegionPack(COUNTY), hash: 'a-newer-pack' }),
    ).toBe(true);
    imported = (await zones()).find((f) => f.properties.code === XINNING)!;
    expect(imported.properties.schematic).toBe(false);
    expect(imported.geometry).toEqual(geometry);
    expect((await township(XINNING)).schematic).toBe(false);
  });

  it('a bad import answers 400 validation_failed naming every bad feature, and changes nothing', async () => {
    const app = await ctx.app();
    const admin = await ctx.loginAs({ roles: ['system_admin'] });
    const before = await get(ctx, admin, `/api/v1/regions/${COUNTY}/boundary?children=1`);
    const auditBefore = await ctx.auditCount();
    const zaosheng = await township('621026102');
    const good = {
      type: 'Feature',
      properties: { code: '621026102' },
      geometry: squareAround(zaosheng.lon!, zaosheng.lat!),
    };
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/boundaries',
      headers: admin.web,
      payload: {
        type: 'FeatureCollection',
        features: [
          good,
          { type: 'Feature', properties: { code: '621027100' }, geometry: squareAround(107.9, 35.5) }, // another county
          { type: 'Feature', properties: { code: '621026199' }, geometry: squareAround(107.9, 35.5) }, // no such township
          { type: 'Feature', properties: { code: 'abc' }, geometry: squareAround(107.9, 35.5) }, // not a code
          {
            type: 'Feature',
            properties: { code: '621026103' },
            geometry: { type: 'Point', coordinates: [107.7, 35.3] },
          },
          {
            type: 'Feature',
            properties: { code: '621026104' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [107.7, 35.4],
                  [107.8, 35.4],
                  [107.8, 35.5],
                ],
              ],
            }, // open ring
          },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; details: { path: string }[] } }>();
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((d) => d.path.split('.').slice(0, 2).join('.'));
    expect(new Set(paths)).toEqual(
      new Set(['features.1', 'features.2', 'features.3', 'features.4', 'features.5']),
    );

    const after = await get(ctx, admin, `/api/v1/regions/${COUNTY}/boundary?children=1`);
    expect(after.json()).toEqual(before.json());
    expect((await township('621026102')).schematic).toBe(true);
    expect(await ctx.auditCount()).toBe(auditBefore);
  });

  it('only a holder of region:import may import (a duty officer gets 403 forbidden)', async () => {
    const app = await ctx.app();
    const duty = await ctx.loginAs({ roles: ['duty_officer'] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/boundaries',
      headers: duty.bearer,
      payload: { type: 'FeatureCollection', features: [] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('regions test fixtures', () => {
  it('the township table above matches the committed pack', () => {
    expect(readRegionPack(COUNTY).pack.townships.map((t) => [t.code, t.name])).toEqual(TOWNSHIPS);
  });
});
