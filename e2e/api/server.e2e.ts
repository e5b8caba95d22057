/**
 * The started server, black-box, on both databases: embedded PGlite (DATA_DIR) and a PostgreSQL server
 * (DATABASE_URL). The PostgreSQL variant is mandatory under CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  login,
  startServer,
  serverTargets,
  type RunningServer,
  type ServerTarget,
} from '../harness.ts';

const targets = serverTargets('the server e2e suite');

describe.each(targets)('ningan start on $name', (target) => {
  let server: RunningServer;
  let prepared: Awaited<ReturnType<ServerTarget['prepare']>>;

  beforeAll(async () => {
    prepared = await target.prepare();
    server = await startServer({ args: prepared.args, env: prepared.env });
  });
  afterAll(async () => {
    await server?.stop();
    await prepared?.cleanup();
  });

  it('prints the URL and the demo credentials, and answers health', async () => {
    expect(server.output()).toContain(`http://localhost:${server.port}`);
    expect(server.output()).toContain(DEMO_PASSWORD);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('serves the county with its 18 townships and the boundary GeoJSON', async () => {
    const { token } = await login(server.url, 'duty', DEMO_PASSWORD);
    const auth = { authorization: `Bearer ${token}` };
    const county = (await (await fetch(`${server.url}/api/v1/regions/621026`, { headers: auth })).json()) as {
      name: string;
      children: { code: string; level: string; lon: number; lat: number }[];
    };
    expect(county.name).toBe('宁县');
    expect(county.children).toHaveLength(18);
    expect(county.children.every((c) => c.level === 'township' && typeof c.lon === 'number')).toBe(true);
    const boundary = (await (
      await fetch(`${server.url}/api/v1/regions/621026/boundary?children=1`, { headers: auth })
    ).json()) as {
      features: { properties: { role: string; schematic: boolean } }[];
    };
    expect(boundary.features.filter((f) => f.properties.role === 'county')).toHaveLength(1);
    expect(
      boundary.features.filter((f) => f.properties.role === 'township' && f.properties.schematic),
    ).toHaveLength(18);
  });

  it("a township officer cannot read or change another township's contact (404), and lists only their own", async () => {
    const duty = await login(server.url, 'duty', DEMO_PASSWORD);
    const all = (await (
      await fetch(`${server.url}/api/v1/contacts?pageSize=200`, {
        headers: { authorization: `Bearer ${duty.token}` },
      })
    ).json()) as {
      items: { id: string; regionCode: string }[];
    };
    const other = all.items.find((c) => !c.regionCode.startsWith('621026100'));
    expect(other).toBeDefined();

    const t1 = await login(server.url, 'township1', DEMO_PASSWORD); // 新宁镇 621026100
    const h = { authorization: `Bearer ${t1.token}` };
    const mine = (await (
      await fetch(`${server.url}/api/v1/contacts?pageSize=200`, { headers: h })
    ).json()) as {
      items: { regionCode: string }[];
    };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((c) => c.regionCode.startsWith('621026100'))).toBe(true);

    const read = await fetch(`${server.url}/api/v1/contacts/${other!.id}`, { headers: h });
    expect(read.status).toBe(404);
    expect(((await read.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const change = await fetch(`${server.url}/api/v1/contacts/${other!.id}`, {
      method: 'PATCH',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '越权修改' }),
    });
    expect(change.status).toBe(404);
    const unchanged = (await (
      await fetch(`${server.url}/api/v1/contacts/${other!.id}`, {
        headers: { authorization: `Bearer ${duty.token}` },
      })
    ).json()) as {
      name: string;
    };
    expect(unchanged.name).not.toBe('越权修改');
  });

  it('a second start reuses the data: no new admin password printed, demo users still there', async () => {
    await server.stop();
    server = await startServer({ args: prepared.args, env: prepared.env });
    expect(server.output()).not.toContain('首次创建账号');
    await login(server.url, 'duty', DEMO_PASSWORD);
  });
});
