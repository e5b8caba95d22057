/**
 * Issue #4 part 5, hazard models on real data: the earthquake impact estimate over the 宁县 townships
 * (STANDARDS.md §7.1 / §7.3) with township populations (migration 0011), a seismic station's instrumental
 * intensity (§7.2), and the inverse-velocity time-of-failure on a geological hazard point (§6.1).
 */
import {
  attenuatedIntensity,
  DEMO_POPULATION_SOURCE,
  GB18306_ATTENUATION,
  type EarthquakeEstimateView,
  type FailurePredictionView,
  type LedgerRecordView,
  type RegionPopulationView,
  type StationIntensityView,
} from '@ningan/domain';
import { describe, expect, it } from 'vitest';
import { townshipScope, useTestContext, XINNING, ZAOSHENG, type TestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { beijing, IN_COUNTY, newStation, type TestStation } from '../test/monitoring.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

const HOUR = 3_600_000;

/** Readings of one metric through the real HTTP ingest path (device credentials), in one payload. */
async function ingest(
  ctx: TestContext,
  s: TestStation,
  metric: string,
  readings: { at: Date; value: number }[],
) {
  const body = { readings: readings.map((r) => ({ metric, value: r.value, ts: beijing(r.at) })) };
  const result = await ctx.services.ingest.acceptHttp(s.basic, Buffer.from(JSON.stringify(body)));
  expect(result.quarantined).toEqual([]);
  expect(result.accepted).toBe(readings.length);
}

forEachDriver('hazard models (issue #4 part 5)', (driver) => {
  const ctx = useTestContext(driver);

  describe('earthquake impact estimate (STANDARDS.md §7.1 GB 18306-2015, §7.3)', () => {
    it('§7.1 estimates every township; zone and azimuth from configuration (UNCONFIRMED, said so); missing populations counted', async () => {
      const duty = await ctx.loginAs({ roles: ['duty_officer'] });
      const app = await ctx.app();
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/monitoring/earthquake-estimate',
        headers: duty.bearer,
        payload: { magnitude: 6, lon: 107.92, lat: 35.51 },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<EarthquakeEstimateView>();
      expect(body.townships).toHaveLength(18);
      expect(body).toMatchObject({
        zone: 'central',
        zoneFrom: 'config',
        azimuthFrom: 'config',
        azimuthDeg: 0,
      });
      expect(body.notes.join('\n')).toMatch(/未经核实/);
      // 新宁镇's seat is a few km from this epicentre: close to I₀; every township has its §7.1 distance.
      const xinning = body.townships.find((t) => t.code === XINNING)!;
      expect(xinning.distanceKm).toBeLessThan(5);
      expect(xinning.intensity).toBeGreaterThan(body.epicentralIntensity - 0.6);
      expect(body.epicentralIntensity).toBeCloseTo(
        attenuatedIntensity(GB18306_ATTENUATION.central.long, 6, 0),
        2,
      );
      // No population entered yet: every exposed township is listed as missing, the total is 0.
      expect(body.exposure.townships).toBeGreaterThan(0);
      expect(body.exposure).toMatchObject({
        population: 0,
        townshipsMissingPopulation: body.exposure.townships,
      });
      expect(body.exposure.summary).toMatch(/人口未录入/);
      expect(body.townshipsWithoutPopulation).toBe(18);
      expect(body.isoseismalPolygons.features.length).toBeGreaterThan(0);
      // Not a state change: nothing audited.
      const before = await ctx.auditCount();
      await app.inject({
        method: 'POST',
        url: '/api/v1/monitoring/earthquake-estimate',
        headers: duty.bearer,
        payload: { magnitude: 5, lon: 107.92, lat: 35.51, zone: 'east', azimuthDeg: 45 },
      });
      expect(await ctx.auditCount()).toBe(before);
    });

    it('rejects a bad request with every problem listed', async () => {
      const duty = await ctx.loginAs({ roles: ['duty_officer'] });
      const res = await (
        await ctx.app()
      ).inject({
        method: 'POST',
        url: '/api/v1/monitoring/earthquake-estimate',
        headers: duty.bearer,
        payload: { magnitude: 12, lon: 200, zone: 'mars', azimuthDeg: -5 },
      });
      expect(res.statusCode).toBe(400);
      const error = res.json<Envelope>().error;
      expect(error.code).toBe('validation_failed');
      expect(error.details!.map((d) => d.path).sort()).toEqual([
        'azimuthDeg',
        'lat',
        'lon',
        'magnitude',
        'zone',
      ]);
    });

    it('population: PATCH by county ledger keepers and the system administrator only, audited; the estimate sums it', async () => {
      const app = await ctx.app();
      const admin = await ctx.loginAs({ roles: ['system_admin'] });
      const township = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });
      const patch = (who: { bearer: Record<string, string> }, code: string, payload: unknown) =>
        app.inject({
          method: 'PATCH',
          url: `/api/v1/regions/${code}/population`,
          headers: who.bearer,
          payload: payload as never,
        });

      const denied = await patch(township, XINNING, { population: 1000, source: '统计年鉴' });
      expect(denied.statusCode).toBe(403);
      const bad = await patch(admin, XINNING, { population: -3, year: 1800 });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json<Envelope>()
          .error.details!.map((d) => d.path)
          .sort(),
      ).toEqual(['population', 'source', 'year']);
      expect((await patch(admin, '621026100001', { population: 10, source: 'x' })).statusCode).toBe(400);

      const before = await ctx.auditCount();
      const ok = await patch(admin, XINNING, {
        population: 52_000,
        source: '2025 年宁县统计年鉴',
        year: 2024,
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json<RegionPopulationView>()).toMatchObject({
        code: XINNING,
        population: 52_000,
        populationSource: '2025 年宁县统计年鉴',
        populationYear: 2024,
      });
      const rows = await ctx.auditRows();
      expect(rows.length).toBe(before + 1);
      expect(rows.at(-1)).toMatchObject({
        action: 'region.set_population',
        entityId: XINNING,
        regionCode: XINNING,
      });
      const county = await ctx.loginAs({ roles: ['duty_officer'] });
      expect((await patch(county, ZAOSHENG, { population: 30_000, source: '乡镇上报' })).statusCode).toBe(
        200,
      );

      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/regions/population',
        headers: county.bearer,
      });
      expect(
        list.json<{ items: RegionPopulationView[] }>().items.find((t) => t.code === XINNING),
      ).toMatchObject({
        population: 52_000,
      });

      const estimate = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/monitoring/earthquake-estimate',
          headers: county.bearer,
          payload: { magnitude: 7, lon: 107.92, lat: 35.51 },
        })
      ).json<EarthquakeEstimateView>();
      const xinning = estimate.townships.find((t) => t.code === XINNING)!;
      expect(xinning).toMatchObject({
        exposed: true,
        population: 52_000,
        populationSource: '2025 年宁县统计年鉴',
      });
      const exposedKnown = estimate.townships
        .filter((t) => t.exposed && t.population !== null)
        .reduce((n, t) => n + t.population!, 0);
      expect(estimate.exposure.population).toBe(exposedKnown);
      expect(estimate.exposure.townshipsMissingPopulation).toBe(
        estimate.townships.filter((t) => t.exposed && t.population === null).length,
      );
      expect(estimate.townshipsWithoutPopulation).toBe(16);

      // Clearing it.
      const cleared = await patch(admin, ZAOSHENG, { population: null });
      expect(cleared.json<RegionPopulationView>()).toMatchObject({
        population: null,
        populationSource: null,
      });
    });

    it('demo populations fill only the townships without one, labelled 演示数据（非统计数据）, once', async () => {
      const filled = await ctx.services.regions.seedDemoPopulations();
      expect(filled).toBeGreaterThan(0);
      expect(await ctx.services.regions.seedDemoPopulations()).toBe(0);
      const officer = await ctx.newUser({ roles: ['duty_officer'] });
      const items = await ctx.services.regions.listPopulation(ctx.actor(officer));
      expect(items.every((t) => t.population !== null)).toBe(true);
      // The one entered by hand in the previous test is kept.
      expect(items.find((t) => t.code === XINNING)!.populationSource).toBe('2025 年宁县统计年鉴');
      expect(items.filter((t) => t.populationSource === DEMO_POPULATION_SOURCE)).toHaveLength(filled);
    });
  });

  describe('instrumental intensity of a seismic station (STANDARDS.md §7.2, GB/T 17742-2020)', () => {
    it('§7.2 latest PGA 0.5 m/s² and PGV 0.05 m/s → I_A 5.64, I_V 5.87, I = (I_A + I_V)/2 = 5.8 (VI)', async () => {
      const s = await newStation(ctx, { kind: 'seismic', sensors: [{ metric: 'pga' }, { metric: 'pgv' }] });
      const duty = await ctx.loginAs({ roles: ['duty_officer'] });
      const app = await ctx.app();
      const url = `/api/v1/monitoring/stations/${s.station.id}/intensity`;
      const empty = (
        await app.inject({ method: 'GET', url, headers: duty.bearer })
      ).json<StationIntensityView>();
      expect(empty).toMatchObject({ intensity: null, pga: null, reason: '尚无 PGA 或 PGV 读数' });

      const at = new Date(ctx.clock.now().getTime() - 60_000);
      await ingest(ctx, s, 'pga', [
        { at: new Date(at.getTime() - 3_600_000), value: 2 },
        { at, value: 0.5 },
      ]);
      await ingest(ctx, s, 'pgv', [{ at, value: 0.05 }]);
      const res = await app.inject({ method: 'GET', url, headers: duty.bearer });
      expect(res.statusCode).toBe(200);
      expect(res.json<StationIntensityView>()).toMatchObject({
        intensity: 5.8,
        intensityA: 5.6357,
        intensityV: 5.8669,
        degree: 6,
        roman: 'VI',
        sameTime: true,
        reason: null,
        pga: { value: 0.5 },
        pgv: { value: 0.05 },
      });

      // A station without PGA/PGV answers why; another township's officer does not see it at all.
      const rain = await newStation(ctx);
      const none = await app.inject({
        method: 'GET',
        url: `/api/v1/monitoring/stations/${rain.station.id}/intensity`,
        headers: duty.bearer,
      });
      const noneBody = none.json<StationIntensityView>();
      expect(noneBody.intensity).toBeNull();
      expect(noneBody.reason).toMatch(/PGA/);
      const other = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
      expect((await app.inject({ method: 'GET', url, headers: other.bearer })).statusCode).toBe(404);
    });
  });

  describe('time-of-failure on a hazard point (STANDARDS.md §6.1 inverse velocity, α = 2)', () => {
    async function hazardPoint(name: string): Promise<LedgerRecordView> {
      const officer = await ctx.newUser({ roles: ['duty_officer'] });
      return ctx.services.ledger.create(ctx.actor(officer), 'geo-hazards', {
        name,
        regionCode: XINNING,
        ...IN_COUNTY,
        attrs: { kind: '滑坡', scale: '中型', monitor: '钱', monitorPhone: '13900000004' },
      });
    }

    it('§6.1 an accelerating GNSS series (1/v linear) gives the failure time within tolerance; a constant-velocity one is refused', async () => {
      const point = await hazardPoint('城北滑坡');
      const gnss = await newStation(ctx, {
        kind: 'gnss',
        ledgerRecordId: point.id,
        sensors: [{ metric: 'displacement', samplingSeconds: 3600 }],
      });
      const steady = await newStation(ctx, {
        kind: 'crack_meter',
        ledgerRecordId: point.id,
        sensors: [{ metric: 'crack_width', samplingSeconds: 3600 }],
      });
      const now = ctx.clock.now().getTime();
      const failure = now + 20 * HOUR; // the truth
      const k = 0.5; // 1/v = k·(t_f − t), h/mm with t in h
      // Hourly readings over the last 100 h: Ω(t) = 50 + (1/k)·ln((t_f − t₀)/(t_f − t)).
      const hours = Array.from({ length: 100 }, (_, i) => i - 99.5); // −99.5 h … −0.5 h
      const t0 = now - 120 * HOUR;
      await ingest(
        ctx,
        gnss,
        'displacement',
        hours.map((h) => {
          const at = now + h * HOUR;
          return { at: new Date(at), value: 50 + Math.log((failure - t0) / (failure - at)) / k };
        }),
      );
      await ingest(
        ctx,
        steady,
        'crack_width',
        hours.map((h) => ({ at: new Date(now + h * HOUR), value: 3 + 0.02 * (h + 100) })),
      );

      const duty = await ctx.loginAs({ roles: ['duty_officer'] });
      const app = await ctx.app();
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/monitoring/hazard-points/${point.id}/failure-prediction`,
        headers: duty.bearer,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<FailurePredictionView>();
      expect(body).toMatchObject({
        recordId: point.id,
        lookbackHours: 168,
        stepHours: 6, // FAILURE_STEP_HOURS default
        stations: 2,
        reason: null,
      });
      const accel = body.sensors.find((s) => s.sensorId === gnss.sensorId('displacement'))!;
      expect(accel.reason).toBeNull();
      expect(accel.failureTime).toMatch(/\+08:00$/);
      expect(Math.abs(Date.parse(accel.failureTime!) - failure)).toBeLessThan(0.5 * HOUR);
      expect(accel.hoursFromNow!).toBeCloseTo(20, 0);
      expect(accel.samples.length).toBeGreaterThanOrEqual(16); // 100 hourly readings in 6-hour steps
      expect(accel.fit!.slope).toBeLessThan(0);
      expect(accel.velocity!).toBeGreaterThan(accel.samples[0]!.v);
      expect(accel.latest!.at).toMatch(/\+08:00$/);

      const flat = body.sensors.find((s) => s.sensorId === steady.sensorId('crack_width'))!;
      expect(flat.failureTime).toBeNull();
      expect(flat.hoursFromNow).toBeNull();
      expect(flat.reason).toMatch(/无加速|加速不明显/);
      expect(flat.velocity!).toBeCloseTo(0.02, 6);

      // One sensor only, a shorter look-back, hourly velocities.
      const one = await app.inject({
        method: 'GET',
        url: `/api/v1/monitoring/hazard-points/${point.id}/failure-prediction?sensorId=${gnss.sensorId('displacement')}&lookbackHours=48&stepHours=1`,
        headers: duty.bearer,
      });
      const oneBody = one.json<FailurePredictionView>();
      expect(oneBody).toMatchObject({ lookbackHours: 48, stepHours: 1 });
      expect(oneBody.sensors).toHaveLength(1);
      const hourly = oneBody.sensors[0]!;
      expect(hourly.samples).toHaveLength(47); // 48 readings in the last 48 h
      expect(hourly.samples.at(-1)!.inverse).toBeCloseTo(k * 21, 0); // 1/v at −1 h ≈ k·(t_f − t) = 0.5·21
      expect(Math.abs(Date.parse(hourly.failureTime!) - failure)).toBeLessThan(0.5 * HOUR);
    });

    it('jurisdiction like the record, not-a-hazard-point and bad queries: 404 / 400; no stations: the reason', async () => {
      const point = await hazardPoint('城南滑坡');
      const app = await ctx.app();
      const duty = await ctx.loginAs({ roles: ['duty_officer'] });
      const url = `/api/v1/monitoring/hazard-points/${point.id}/failure-prediction`;
      const empty = (
        await app.inject({ method: 'GET', url, headers: duty.bearer })
      ).json<FailurePredictionView>();
      expect(empty).toMatchObject({ stations: 0, sensors: [], reason: '该隐患点未关联监测站点' });

      const other = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
      expect((await app.inject({ method: 'GET', url, headers: other.bearer })).statusCode).toBe(404);
      const mine = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });
      expect((await app.inject({ method: 'GET', url, headers: mine.bearer })).statusCode).toBe(200);

      const officer = await ctx.newUser({ roles: ['duty_officer'] });
      const shelter = await ctx.services.ledger.create(ctx.actor(officer), 'shelters', {
        name: '广场',
        regionCode: XINNING,
        ...IN_COUNTY,
        attrs: {
          type: '室外避难场所',
          capacity: 100,
          status: '可用',
          manager: '赵',
          managerPhone: '13900000003',
        },
      });
      const notHazard = await app.inject({
        method: 'GET',
        url: `/api/v1/monitoring/hazard-points/${shelter.id}/failure-prediction`,
        headers: duty.bearer,
      });
      expect(notHazard.statusCode).toBe(404);

      const bad = await app.inject({
        method: 'GET',
        url: `${url}?lookbackHours=0.5&stepHours=99`,
        headers: duty.bearer,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<Envelope>().error.code).toBe('validation_failed');
      expect(
        bad
          .json<Envelope>()
          .error.details!.map((d) => d.path)
          .sort(),
      ).toEqual(['lookbackHours', 'stepHours']);
      // Minutes for a slope in its accelerating stage; a step needs three of itself in the look-back.
      const short = await app.inject({
        method: 'GET',
        url: `${url}?lookbackHours=2&stepHours=0.75`,
        headers: duty.bearer,
      });
      expect(short.json<Envelope>().error.details!.map((d) => d.path)).toEqual(['stepHours']);
      const minutes = await app.inject({
        method: 'GET',
        url: `${url}?lookbackHours=2&stepHours=0.25`,
        headers: duty.bearer,
      });
      expect(minutes.statusCode).toBe(200);
      expect(minutes.json<FailurePredictionView>()).toMatchObject({ lookbackHours: 2, stepHours: 0.25 });
    });
  });
});
