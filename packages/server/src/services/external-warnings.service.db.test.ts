/**
 * Issue #5 part 9: CAP warnings received from outside — validated in full (a failing document is refused
 * with every problem and nothing stored), the level read from the colour or severity, the area turned into
 * GeoJSON (CAP lat,lon → lon,lat), a repeated document answered idempotently, fetching by URL within the
 * timeout and size cap, relaying as a county draft and dismissing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AppError,
  DEFAULT_LEVEL_SEVERITY,
  renderCapXml,
  sampleCapAlert,
  type Actor,
  type ErrorDetail,
} from '@ningan/domain';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalWarnings } from '../db/schema/index.ts';
import { levelOfExternal } from './external-warnings.service.ts';
import { townshipScope, useTestContext, XINNING, type TestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';

async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; details: ErrorDetail[] }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    return { code: e.code, message: e.message, details: e.details ?? [] };
  }
  throw new Error('expected the call to fail');
}

/** A valid external document (the 宁县 sample, as the weather bureau would send it) with its own identifier. */
function bureauXml(identifier: string, expires = '2026-03-03T09:00:00+08:00'): string {
  const alert = sampleCapAlert({
    identifier,
    sender: 'qxt@gsmb.example.cn',
    sent: '2026-03-02T08:30:00+08:00',
  });
  alert.info[0]!.effective = '2026-03-02T08:30:00+08:00';
  alert.info[0]!.onset = '2026-03-02T09:00:00+08:00';
  alert.info[0]!.expires = expires;
  alert.info[0]!.headline = '宁县气象台发布暴雨橙色预警信号';
  return renderCapXml(alert);
}

describe('level of an external warning', () => {
  it('a colour in a parameter wins; otherwise the severity under our mapping (issue #5 part 1)', () => {
    const alert = sampleCapAlert();
    expect(levelOfExternal(alert, DEFAULT_LEVEL_SEVERITY)).toBe('orange'); // parameter 预警级别 = 橙色
    alert.info[0]!.parameter = [];
    alert.info[0]!.severity = 'Extreme';
    expect(levelOfExternal(alert, DEFAULT_LEVEL_SEVERITY)).toBe('red');
    alert.info[0]!.severity = 'Unknown';
    expect(levelOfExternal(alert, DEFAULT_LEVEL_SEVERITY)).toBeNull();
  });
});

forEachDriver('external CAP warnings (issue #5 part 9)', (driver) => {
  // A short fetch timeout keeps the slow-server case quick.
  const ctx = useTestContext(driver, {
    // The test's own document server listens on 127.0.0.1: allowed by name, as an operator would allow the
    // provincial platform; `localhost` (the same machine by another name) is not.
    env: {
      WARNING_FETCH_TIMEOUT_MS: '500',
      WARNING_FETCH_MAX_KB: '64',
      WARNING_FETCH_ALLOWED_HOSTS: '127.0.0.1',
    },
  });
  let server: http.Server;
  let base = '';
  const served = new Map<string, { body: string; delayMs?: number; redirect?: string }>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const entry = served.get(req.url ?? '');
      if (!entry) return void res.writeHead(404).end();
      if (entry.redirect) return void res.writeHead(302, { location: entry.redirect }).end();
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/cap+xml' }).end(entry.body),
        entry.delayMs ?? 0,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const duty = async (c: TestContext): Promise<Actor> =>
    c.actor(await c.newUser({ roles: ['duty_officer'] }));

  it('a valid document is stored with its level and area as GeoJSON; the same again is answered unchanged', async () => {
    const actor = await duty(ctx);
    const xml = bureauXml('GS-2026-0302-001');
    const first = await ctx.services.externalWarnings.ingest(actor, { xml });
    expect(first.created).toBe(true);
    expect(first.warning).toMatchObject({
      identifier: 'GS-2026-0302-001',
      sender: 'qxt@gsmb.example.cn',
      level: 'orange',
      status: 'received',
      headline: '宁县气象台发布暴雨橙色预警信号',
    });
    const features = first.warning.areaGeojson!.features;
    const polygon = features.find((f) => f.properties?.kind === 'polygon')!;
    // CAP writes lat,lon; GeoJSON lon,lat.
    expect((polygon.geometry as { coordinates: number[][][] }).coordinates[0]![0]).toEqual([107.87, 35.45]);
    expect(features.some((f) => f.properties?.kind === 'circle')).toBe(true);
    expect(features.some((f) => f.properties?.code === XINNING)).toBe(true);

    const again = await ctx.services.externalWarnings.ingest(actor, { xml });
    expect(again).toEqual({ created: false, warning: first.warning });
    const [n] = await ctx.db
      .select({ n: count() })
      .from(externalWarnings)
      .where(eq(externalWarnings.identifier, 'GS-2026-0302-001'));
    expect(n!.n).toBe(1);
  });

  it('an invalid document is refused with every problem, and nothing is stored', async () => {
    const actor = await duty(ctx);
    const bad = bureauXml('GS-BAD-1')
      .replace('<sender>qxt@gsmb.example.cn</sender>', '<sender>qxt gsmb</sender>')
      .replace('<sent>2026-03-02T08:30:00+08:00</sent>', '<sent>2026-03-02T00:30:00Z</sent>')
      .replace('<urgency>Expected</urgency>', '<urgency>Soon</urgency>');
    const refused = await failure(ctx.services.externalWarnings.ingest(actor, { xml: bad }));
    expect(refused.code).toBe('validation_failed');
    const text = refused.details.map((d) => `${d.path}: ${d.message}`).join('\n');
    expect(text).toMatch(/alert\.sent/);
    expect(text).toMatch(/urgency/);
    expect(text).toMatch(/alert\.sender/);
    expect(refused.details.some((d) => d.path === '(xsd)')).toBe(true);
    const [n] = await ctx.db
      .select({ n: count() })
      .from(externalWarnings)
      .where(eq(externalWarnings.identifier, 'GS-BAD-1'));
    expect(n!.n).toBe(0);
    const notXml = await failure(ctx.services.externalWarnings.ingest(actor, { xml: '<alert>' }));
    expect(notXml.details[0]!.message).toMatch(/XML/);
  });

  it('by URL: fetched and stored with its address; a slow, missing or oversized document is refused', async () => {
    const actor = await duty(ctx);
    served.set('/cap/1.xml', { body: bureauXml('GS-URL-1') });
    const got = await ctx.services.externalWarnings.ingest(actor, { url: `${base}/cap/1.xml` });
    expect(got.warning).toMatchObject({ identifier: 'GS-URL-1', sourceUrl: `${base}/cap/1.xml` });

    const missing = await failure(
      ctx.services.externalWarnings.ingest(actor, { url: `${base}/cap/none.xml` }),
    );
    expect(missing.details).toEqual([{ path: 'url', message: '对方返回 HTTP 404' }]);
    served.set('/cap/big.xml', { body: 'x'.repeat(ctx.config.warnings.fetch.maxBytes + 1) });
    const big = await failure(ctx.services.externalWarnings.ingest(actor, { url: `${base}/cap/big.xml` }));
    expect(big.details[0]!.message).toMatch(/文档过大/);
    served.set('/cap/slow.xml', {
      body: bureauXml('GS-SLOW'),
      delayMs: ctx.config.warnings.fetch.timeoutMs + 500,
    });
    const slow = await failure(ctx.services.externalWarnings.ingest(actor, { url: `${base}/cap/slow.xml` }));
    expect(slow.details[0]!.message).toMatch(/超时/);
    const ftp = await failure(ctx.services.externalWarnings.ingest(actor, { url: 'ftp://example.cn/a.xml' }));
    expect(ftp.code).toBe('validation_failed');
  }, 30_000);

  it('by URL: the machine itself, a private or link-local address, or a redirect there is refused, nothing stored', async () => {
    const actor = await duty(ctx);
    const port = new URL(base).port;
    served.set('/cap/2.xml', { body: bureauXml('GS-URL-2') });
    const refusals = [
      `http://localhost:${port}/cap/2.xml`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/cap.xml',
      'http://[::1]/cap.xml',
      'http://[::ffff:127.0.0.1]/cap.xml',
    ];
    for (const url of refusals) {
      const refused = await failure(ctx.services.externalWarnings.ingest(actor, { url }));
      expect(refused.code, url).toBe('validation_failed');
      expect(refused.details[0]!.message, url).toMatch(/不从本机或内网地址获取/);
    }
    served.set('/cap/hop.xml', { body: '', redirect: `http://localhost:${port}/cap/2.xml` });
    const hop = await failure(ctx.services.externalWarnings.ingest(actor, { url: `${base}/cap/hop.xml` }));
    expect(hop.details[0]!.message).toMatch(/不从本机或内网地址获取（localhost/);
    // A redirect between allowed hosts is followed.
    served.set('/cap/moved.xml', { body: '', redirect: '/cap/2.xml' });
    const moved = await ctx.services.externalWarnings.ingest(actor, { url: `${base}/cap/moved.xml` });
    expect(moved.warning.identifier).toBe('GS-URL-2');
    const [n] = await ctx.db
      .select({ n: count() })
      .from(externalWarnings)
      .where(eq(externalWarnings.identifier, 'GS-URL-2'));
    expect(n!.n).toBe(1);
  });

  it('relay makes a county draft from it (townships its area reaches); relayed twice is a conflict; dismiss', async () => {
    const actor = await duty(ctx);
    const { warning: ext } = await ctx.services.externalWarnings.ingest(actor, {
      xml: bureauXml('GS-RELAY-1'),
    });
    const draft = await ctx.services.externalWarnings.relay(actor, ext.id, {});
    expect(draft).toMatchObject({
      state: 'draft',
      source: 'external',
      sourceRef: ext.id,
      hazard: 'rainstorm',
      level: 'orange',
      headline: '宁县应急管理局发布暴雨橙色预警',
      expiresAt: '2026-03-03T01:00:00.000Z',
    });
    expect(draft.area.regionCodes).toContain(XINNING);
    expect((await ctx.services.externalWarnings.get(actor, ext.id)).status).toBe('relayed');
    expect((await failure(ctx.services.externalWarnings.relay(actor, ext.id, {}))).code).toBe('conflict');

    const { warning: other } = await ctx.services.externalWarnings.ingest(actor, {
      xml: bureauXml('GS-DISMISS-1'),
    });
    expect((await ctx.services.externalWarnings.dismiss(actor, other.id)).status).toBe('dismissed');
    expect((await failure(ctx.services.externalWarnings.relay(actor, other.id, {}))).code).toBe('conflict');

    // Only duty officers and commanders receive and relay (warning:relay).
    const township = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }),
    );
    expect(
      (await failure(ctx.services.externalWarnings.ingest(township, { xml: bureauXml('GS-T-1') }))).code,
    ).toBe('forbidden');
  });
});
