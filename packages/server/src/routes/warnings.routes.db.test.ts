/**
 * Issue #5 parts 2–3, 8–10 over HTTP: compose, preview, the sign-off actions, the CAP documents (a Draft
 * preview, the frozen document, the national profile with its file name), the public Atom feed, documents
 * and JSON without login (Test never public, 60 s caching), and external CAP upload.
 */
import { nationalFileName, renderCapXml, sampleCapAlert, type WarningDetail } from '@ningan/domain';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { warnings } from '../db/schema/index.ts';
import { useTestContext, XINNING, type Session } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';

const HOUR = 3_600_000;

forEachDriver('warning routes (issue #5)', (driver) => {
  const ctx = useTestContext(driver);

  async function sessions() {
    return {
      author: await ctx.loginAs({ roles: ['duty_officer'] }),
      reviewer: await ctx.loginAs({ roles: ['duty_officer'] }),
      commander: await ctx.loginAs({ roles: ['commander'] }),
    };
  }

  async function create(s: Session, body: Record<string, unknown>): Promise<WarningDetail> {
    const app = await ctx.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/warnings',
      headers: s.bearer,
      payload: {
        hazard: 'rainstorm',
        level: 'orange',
        area: { regionCodes: [XINNING] },
        expiresAt: new Date(ctx.clock.now().getTime() + 12 * HOUR).toISOString(),
        ...body,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<WarningDetail>();
  }

  async function act(s: Session, id: string, action: string): Promise<WarningDetail> {
    const app = await ctx.app();
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/warnings/${id}/actions`,
      headers: s.bearer,
      payload: { action },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<WarningDetail>();
  }

  async function publish(people: Awaited<ReturnType<typeof sessions>>, body: Record<string, unknown> = {}) {
    const w = await create(people.author, body);
    await act(people.author, w.id, 'submit');
    await act(people.reviewer, w.id, 'approve');
    return act(people.commander, w.id, 'sign');
  }

  it('anonymous callers are turned away from the working API; the OpenAPI document declares the routes', async () => {
    const app = await ctx.app();
    expect((await app.inject({ method: 'GET', url: '/api/v1/warnings' })).statusCode).toBe(401);
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(Object.keys(doc.paths['/api/v1/warnings/{id}/actions']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '403', '404', '409']),
    );
    expect(doc.paths['/api/v1/public/warnings']).toBeDefined();
  });

  it('preview: template text, targets, recipient counts and a Draft CAP document, nothing saved', async () => {
    const { author } = await sessions();
    const app = await ctx.app();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/warnings/preview',
      headers: author.bearer,
      payload: { hazard: 'rainstorm', level: 'red', area: { regionCodes: [XINNING] } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      text: { headline: string };
      recipients: unknown[];
      capXmlPreview: string;
      targets: { townshipCodes: string[] };
    }>();
    expect(body.text.headline).toBe('宁县应急管理局发布暴雨红色预警');
    expect(body.targets.townshipCodes).toEqual([XINNING]);
    expect(Array.isArray(body.recipients)).toBe(true);
    expect(body.capXmlPreview).toContain('<status>Draft</status>');
  });

  it('draft → sign over HTTP; CAP documents: Draft preview, then the frozen one, and the national profile', async () => {
    const people = await sessions();
    const app = await ctx.app();
    const w = await create(people.author, {});
    const preview = await app.inject({
      method: 'GET',
      url: `/api/v1/warnings/${w.id}/cap.xml`,
      headers: people.author.bearer,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    expect(preview.body.startsWith('<?xml')).toBe(true);
    expect(preview.body).toContain('<status>Draft</status>');
    const national = await app.inject({
      method: 'GET',
      url: `/api/v1/warnings/${w.id}/cap.xml?profile=national`,
      headers: people.author.bearer,
    });
    expect(national.statusCode).toBe(409);

    await act(people.author, w.id, 'submit');
    await act(people.reviewer, w.id, 'approve');
    const signed = await act(people.commander, w.id, 'sign');
    expect(signed.state).toBe('published');
    const [row] = await ctx.db.select().from(warnings).where(eq(warnings.id, w.id));
    const frozen = await app.inject({
      method: 'GET',
      url: `/api/v1/warnings/${w.id}/cap.xml`,
      headers: people.author.bearer,
    });
    expect(frozen.body).toBe(row!.capXml);
    const nat = await app.inject({
      method: 'GET',
      url: `/api/v1/warnings/${w.id}/cap.xml?profile=national`,
      headers: people.author.bearer,
    });
    expect(nat.statusCode, nat.body).toBe(200);
    const fileName = nationalFileName({
      senderCode: '62102600000000',
      sentAt: row!.sentAt!,
      eventTypeCode: '11B03',
      level: 'orange',
      msgType: 'Alert',
    });
    expect(nat.headers['content-disposition']).toContain(`filename="${fileName}"`);
    expect(nat.body).toContain(signed.identifier!);

    // A published warning cannot be patched.
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/warnings/${w.id}`,
      headers: people.author.bearer,
      payload: { level: 'red' },
    });
    expect(patch.statusCode).toBe(409);

    // The list filters as the console's tabs ask: states as a comma list, and the phase.
    const list = async (query: string) => {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/warnings?${query}`,
        headers: people.author.bearer,
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: { id: string }[] }>().items.map((i) => i.id);
    };
    expect(await list('state=published&phase=active')).toContain(w.id);
    expect(await list('state=draft,rejected')).not.toContain(w.id);
    expect(await list('state=published&phase=expired')).not.toContain(w.id);
  });

  it('public side without login: Atom feed with CAP links, the documents, the JSON; Test never public; 60 s caching', async () => {
    const people = await sessions();
    const app = await ctx.app();
    const actual = await publish(people, { level: 'yellow' });
    const test = await publish(people, { level: 'yellow', capStatus: 'Test' });

    const feed = await app.inject({ method: 'GET', url: '/public/warnings.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('public, max-age=60');
    expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(feed.body).toContain(
      `<link rel="alternate" type="application/cap+xml" href="http://localhost:80/public/warnings/${actual.identifier}.xml"/>`,
    );
    expect(feed.body).not.toContain(test.identifier!);

    const doc = await app.inject({ method: 'GET', url: `/public/warnings/${actual.identifier}.xml` });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    const [row] = await ctx.db.select().from(warnings).where(eq(warnings.id, actual.id));
    expect(doc.body).toBe(row!.capXml);
    expect(
      (await app.inject({ method: 'GET', url: `/public/warnings/${actual.identifier}.national.xml` }))
        .statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: `/public/warnings/${test.identifier}.xml` })).statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/public/warnings/nope.txt' })).statusCode).toBe(400);

    const json = await app.inject({ method: 'GET', url: '/api/v1/public/warnings' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['cache-control']).toBe('public, max-age=60');
    const list = json.json<{ items: { identifier: string; area: { type: string }; guidance: string }[] }>();
    expect(list.items.map((i) => i.identifier)).toContain(actual.identifier);
    expect(list.items.map((i) => i.identifier)).not.toContain(test.identifier);
    expect(list.items[0]!.area.type).toBe('FeatureCollection');
  });

  it('external CAP upload: 201 when received, 200 when the same document comes again, 400 with problems when invalid', async () => {
    const { author } = await sessions();
    const app = await ctx.app();
    const xml = renderCapXml(sampleCapAlert({ identifier: 'EXT-HTTP-1', sender: 'qxt@gsmb.example.cn' }));
    const post = (payload: Record<string, string>): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'POST', url: '/api/v1/warnings/external', headers: author.bearer, payload });
    expect((await post({ xml })).statusCode).toBe(201);
    const again = await post({ xml });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ created: boolean }>().created).toBe(false);
    const bad = await post({ xml: xml.replace('<msgType>Alert</msgType>', '<msgType>Notice</msgType>') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string; details: unknown[] } }>().error.details.length).toBeGreaterThan(
      0,
    );
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/warnings/external',
      headers: author.bearer,
    });
    expect(list.json<{ items: { identifier: string }[] }>().items.map((i) => i.identifier)).toContain(
      'EXT-HTTP-1',
    );
  });
});
