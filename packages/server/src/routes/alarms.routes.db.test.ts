/**
 * Issue #4 parts 6 and 7 over HTTP: the alarm routes (policy, CSRF, every problem listed, 409 for the
 * second of two concurrent acknowledgements) and the live stream read by a real HTTP client: an alarm
 * change reaches the streams whose jurisdiction covers it and no other; readings are coalesced; the
 * per-account limit; clean-up on disconnect; the session's end closes the stream.
 */
import type { AddressInfo } from 'node:net';
import {
  AlarmDetail,
  type AlarmView,
  type EscalateAlarmResult,
  type Page,
  type StationAlarmLevel,
} from '@ningan/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { DeviceDirectory } from '../ingest/directory.ts';
import { createLiveStreamService } from '../services/live-stream.service.ts';
import { SessionCache } from '../services/session-cache.ts';
import { newAlarmRule, raiseAlarm } from '../test/alarms.ts';
import { townshipScope, useTestContext, XINNING, ZAOSHENG, type Session } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { beijing, newStation, payload } from '../test/monitoring.ts';

interface SseEvent {
  event: string;
  data: unknown;
}

/** A stream read by fetch (undici), as a browser's EventSource would: events parsed as they arrive. */
interface StreamClient {
  status: number;
  contentType: string | null;
  /** The raw text received so far (comments included). */
  text(): string;
  /** The next event matching `match` (waiting up to `ms`), or null. Earlier events stay queued. */
  next(match: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent | null>;
  events(): SseEvent[];
  close(): void;
}

async function openStream(base: string, session: Session): Promise<StreamClient> {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/monitoring/stream`, {
    headers: { cookie: session.cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  let raw = '';
  let buffer = '';
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const chunk = decoder.decode(value, { stream: true });
          raw += chunk;
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data !== undefined) events.push({ event, data: JSON.parse(data) as unknown });
          }
          for (const w of waiters) w();
        }
      } catch {
        // aborted
      }
    })();
  }
  const taken = new Set<SseEvent>();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text: () => raw,
    events: () => events,
    async next(match, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = events.find((e) => !taken.has(e) && match(e));
        if (found) {
          taken.add(found);
          return found;
        }
        const left = deadline - Date.now();
        if (left <= 0) return null;
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, left);
          waiters.add(done);
        });
      }
    },
    close: () => abort.abort(),
  };
}

const isAlarm = (id: string) => (e: SseEvent) => e.event === 'alarm' && (e.data as AlarmView).id === id;

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

forEachDriver('alarm routes and the live stream (issue #4 parts 6–7)', (driver) => {
  const ctx = useTestContext(driver, { env: { LIVE_STREAMS_PER_USER: '2' } });

  describe('routes', () => {
    it('list, detail, actions with CSRF; every problem listed; two concurrent acknowledgements → 200 and 409', async () => {
      const app = await ctx.app();
      const rule = await newAlarmRule(ctx, await newStation(ctx, { regionCode: XINNING }));
      const alarm = await raiseAlarm(ctx, rule, { level: 'red' });
      const duty = await ctx.loginAs({ roles: ['duty_officer'] });
      const township = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });

      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/monitoring/alarms?level=red,orange',
        headers: duty.web,
      });
      expect(list.statusCode).toBe(200);
      expect(list.json<Page<AlarmView>>().items.map((a) => a.id)).toContain(alarm.id);
      // The map's colours: the standing alarm of the station, not routed to the `:id` detail.
      const levels = await app.inject({
        method: 'GET',
        url: '/api/v1/monitoring/alarms/station-levels',
        headers: township.web,
      });
      expect(levels.statusCode).toBe(200);
      expect(levels.json<StationAlarmLevel[]>()).toContainEqual(
        expect.objectContaining({ alarmId: alarm.id, stationId: rule.station.station.id, level: 'red' }),
      );
      const bad = await app.inject({
        method: 'GET',
        url: '/api/v1/monitoring/alarms?status=active,nope&level=pink&sort=oldest',
        headers: duty.web,
      });
      expect(bad.statusCode).toBe(400);
      const paths = bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
      // Each bad item is named: the second status, the first level.
      expect(paths.sort()).toEqual(['level.0', 'sort', 'status.1']);

      const url = `/api/v1/monitoring/alarms/${alarm.id}`;
      const noCsrf = await app.inject({
        method: 'POST',
        url: `${url}/acknowledge`,
        headers: { cookie: duty.cookie },
        payload: {},
      });
      expect(noCsrf.statusCode).toBe(403);
      const noNote = await app.inject({
        method: 'POST',
        url: `${url}/handle`,
        headers: duty.web,
        payload: {},
      });
      expect(noNote.statusCode).toBe(400);
      expect(
        noNote.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path),
      ).toEqual(['note']);

      const [a, b] = await Promise.all([
        app.inject({
          method: 'POST',
          url: `${url}/acknowledge`,
          headers: duty.web,
          payload: { note: '收到' },
        }),
        app.inject({ method: 'POST', url: `${url}/acknowledge`, headers: township.web }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'conflict',
        message: '告警已确认',
      });
      const detail = await app.inject({ method: 'GET', url, headers: township.web });
      expect(AlarmDetail.parse(detail.json()).events.map((e) => e.kind)).toEqual(['raised', 'acknowledged']);

      const assignees = await app.inject({ method: 'GET', url: `${url}/assignees`, headers: township.web });
      expect(assignees.statusCode).toBe(200);
      const viewer = await ctx.loginAs({ roles: ['viewer'] });
      expect(
        (await app.inject({ method: 'GET', url: `${url}/assignees`, headers: viewer.web })).statusCode,
      ).toBe(403);

      const first = await app.inject({ method: 'POST', url: `${url}/incident`, headers: duty.web });
      expect(first.statusCode).toBe(201);
      const again = await app.inject({
        method: 'POST',
        url: `${url}/incident`,
        headers: duty.web,
        payload: {},
      });
      expect(again.statusCode).toBe(200);
      expect(again.json<EscalateAlarmResult>().incident.id).toBe(
        first.json<EscalateAlarmResult>().incident.id,
      );

      const summary = await app.inject({
        method: 'GET',
        url: '/api/v1/monitoring/alarms/summary',
        headers: township.web,
      });
      expect(summary.statusCode).toBe(200);
      const other = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
      expect((await app.inject({ method: 'GET', url, headers: other.web })).statusCode).toBe(404);
    });
  });

  describe('live stream (a real HTTP client)', () => {
    let app: FastifyInstance;
    let base: string;
    let live: ReturnType<typeof createLiveStreamService>;

    beforeAll(async () => {
      // A second app on a real port whose streams ping (and re-check the session) every 100 ms.
      const directory = new DeviceDirectory(ctx.db);
      const deps = {
        db: ctx.db,
        clock: ctx.clock.now,
        config: ctx.config,
        log: ctx.log,
        sessions: new SessionCache(),
      };
      live = createLiveStreamService(deps, {
        bus: ctx.services.alarmBus,
        ingest: ctx.services.ingest,
        directory,
        alarms: ctx.services.alarms,
        pingMs: 100,
      });
      app = await buildApp({ ...ctx.services, live }, ctx.log);
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });
    let closed = false;
    afterAll(async () => {
      if (!closed) await app.close();
    });

    it('an alarm change reaches the streams whose jurisdiction covers it, not the others', async () => {
      const county = await ctx.loginAs({ roles: ['duty_officer'] });
      const zaosheng = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
      const a = await openStream(base, county);
      const z = await openStream(base, zaosheng);
      try {
        expect(a.status).toBe(200);
        expect(a.contentType).toBe('text/event-stream; charset=utf-8');
        expect(await until(() => a.text().startsWith('retry: 5000\n\n'))).toBe(true);

        // Written as the engine writes it, then published after "commit".
        const xn = await raiseAlarm(
          ctx,
          await newAlarmRule(ctx, await newStation(ctx, { regionCode: XINNING })),
          { level: 'red' },
        );
        ctx.services.alarmBus.publish([
          { alarmId: xn.id, ruleId: xn.ruleId, kind: 'raised', at: Date.now() },
        ]);
        const got = await a.next(isAlarm(xn.id));
        expect(got?.data).toMatchObject({
          id: xn.id,
          change: 'raised',
          level: 'red',
          status: 'active',
          regionCode: XINNING,
        });
        expect(got?.data).not.toHaveProperty('orgUnitId');

        // The 早胜 stream gets its own township's alarm, and never the 新宁 one before it.
        const zs = await raiseAlarm(
          ctx,
          await newAlarmRule(ctx, await newStation(ctx, { regionCode: ZAOSHENG })),
        );
        ctx.services.alarmBus.publish([
          { alarmId: zs.id, ruleId: zs.ruleId, kind: 'raised', at: Date.now() },
        ]);
        expect(await z.next(isAlarm(zs.id))).not.toBeNull();
        expect(
          z
            .events()
            .filter((e) => e.event === 'alarm')
            .map((e) => (e.data as AlarmView).id),
        ).toEqual([zs.id]);

        // People's actions are published too.
        await ctx.services.alarms.acknowledge(ctx.actor(county.user), xn.id, {});
        expect((await a.next(isAlarm(xn.id)))?.data).toMatchObject({
          change: 'acknowledged',
          status: 'acknowledged',
        });
        // Pings keep the connection open.
        expect(await until(() => a.text().includes(': ping\n\n'))).toBe(true);
      } finally {
        a.close();
        z.close();
      }
    });

    it('readings and device health of stations in scope only, the latest value per station and metric', async () => {
      const xn = await newStation(ctx, { regionCode: XINNING });
      const zs = await newStation(ctx, { regionCode: ZAOSHENG });
      const zaosheng = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
      const s = await openStream(base, zaosheng);
      try {
        const now = ctx.clock.now();
        await ctx.services.ingest.acceptBrokerMessage(
          xn.topic,
          payload({ metric: 'rainfall', value: 9, ts: beijing(now, -1) }),
        );
        await ctx.services.ingest.acceptBrokerMessage(
          zs.topic,
          payload({
            readings: [
              { metric: 'rainfall', value: 1.5, ts: beijing(now, -2) },
              { metric: 'rainfall', value: 2.5, ts: beijing(now, -1) },
            ],
          }),
        );
        const readings = await s.next((e) => e.event === 'readings');
        const items = (readings?.data as { items: { stationId: string; value: number; metric: string }[] })
          .items;
        expect(items).toEqual([
          expect.objectContaining({ stationId: zs.station.id, metric: 'rainfall', value: 2.5 }),
        ]);
        const health = await s.next((e) => e.event === 'health');
        expect((health?.data as { items: { stationId: string }[] }).items.map((h) => h.stationId)).toEqual([
          zs.station.id,
        ]);
        expect(s.events().some((e) => JSON.stringify(e.data).includes(xn.station.id))).toBe(false);
      } finally {
        s.close();
      }
    });

    it('at most LIVE_STREAMS_PER_USER streams per account (429 with the reason); a closed one frees its place', async () => {
      const user = await ctx.loginAs({ roles: ['viewer'] });
      const one = await openStream(base, user);
      const two = await openStream(base, user);
      const three = await openStream(base, user);
      expect([one.status, two.status, three.status]).toEqual([200, 200, 429]);
      const res = await fetch(`${base}/api/v1/monitoring/stream`, { headers: { cookie: user.cookie } });
      expect(res.status).toBe(429);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'rate_limited',
        message: expect.stringContaining('每个账号 2 个') as string,
      });
      one.close();
      // The server frees the place when it sees the connection close.
      let again: StreamClient | null = null;
      for (let i = 0; i < 50 && again?.status !== 200; i++) {
        again?.close();
        await new Promise((r) => setTimeout(r, 50));
        again = await openStream(base, user);
      }
      expect(again?.status).toBe(200);
      two.close();
      again?.close();
      const anonymous = await fetch(`${base}/api/v1/monitoring/stream`);
      expect(anonymous.status).toBe(401);
    });

    it('logging out ends the stream with an `end` event', async () => {
      const user = await ctx.loginAs({ roles: ['viewer'] });
      const s = await openStream(base, user);
      try {
        await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.web });
        const end = await s.next((e) => e.event === 'end');
        expect(end?.data).toMatchObject({ code: 'session_expired' });
      } finally {
        s.close();
      }
    });

    it('closing the server ends the open streams (`end` shutting_down) instead of waiting for them', async () => {
      const user = await ctx.loginAs({ roles: ['viewer'] });
      const s = await openStream(base, user);
      expect(s.status).toBe(200);
      closed = true;
      expect(live.size).toBe(1);
      await app.close();
      expect(live.size).toBe(0);
      expect((await s.next((e) => e.event === 'end'))?.data).toMatchObject({ code: 'shutting_down' });
    });
  });
});
