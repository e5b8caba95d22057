/**
 * Hazard models on monitoring data (issue #4 part 5), read-only:
 * - the earthquake impact estimate: GB 18306-2015 elliptical attenuation over the county's townships, their
 *   intensity, §7.3 effects and exposed population (domain calc/earthquake-impact.ts);
 * - a seismic station's instrumental intensity from its latest PGA/PGV (GB/T 17742-2020, calc/seismic-intensity.ts);
 * - the landslide time-of-failure on a geological hazard point, by the inverse-velocity method over the
 *   displacement sensors of the stations linked to it (calc/failure-trend.ts, STANDARDS.md §6.1).
 * Nothing here changes state, so nothing is audited. Authorised like the monitoring registry (monitoring:read)
 * and by jurisdiction: the hazard point is checked like the ledger record it is, its stations like stations.
 */
import {
  AppError,
  ATTENUATION_ZONE_NAMES,
  computeInstrumentalIntensity,
  degreeOf,
  EarthquakeEstimateRequest,
  estimateEarthquakeImpact,
  FailurePredictionQuery,
  formatBeijingIso,
  predictFailure,
  romanDegree,
  type Actor,
  type DisplacementPoint,
  type EarthquakeEstimateView,
  type FailurePredictionView,
  type SensorFailurePrediction,
  type StationIntensityView,
} from '@ningan/domain';
import type { DbOrTx } from '../db/client.ts';
import { getLedgerRecordById, scopedRecord } from '../repositories/ledger.repository.ts';
import {
  findSensorsOfStations,
  findStations,
  getStationById,
  latestReadings,
  scopedStation,
  type SensorRow,
} from '../repositories/monitoring.repository.ts';
import { findSeries } from '../repositories/readings.repository.ts';
import { listRegionsWithin } from '../repositories/regions.repository.ts';
import { ensureVisible, rejectIfAny, requirePermission, zodProblems, type ServiceDeps } from './context.ts';

const HOUR_MS = 3_600_000;
/** The metrics whose series grow towards a slope failure: GNSS displacement and crack opening (mm). */
const CREEP_METRICS = ['displacement', 'crack_width'];
/** Raw readings are read when the look-back holds at most this many of them; hourly rollups otherwise. */
const MAX_RAW_POINTS = 20_000;

/** 12.3 万人 / 8,000 人. */
function people(n: number): string {
  return n >= 10_000 ? `${(n / 10_000).toFixed(1)} 万人` : `${n.toLocaleString('en-US')} 人`;
}

export function createHazardModelService(deps: ServiceDeps) {
  const { db, clock, config } = deps;

  /** Displacement points of a sensor over [from, to): raw readings when they fit, else hourly means. */
  async function creepPoints(
    tx: DbOrTx,
    sensor: SensorRow,
    from: Date,
    to: Date,
  ): Promise<DisplacementPoint[]> {
    const rawCount = (to.getTime() - from.getTime()) / 1000 / sensor.samplingSeconds;
    const rawKept = from.getTime() >= to.getTime() - config.monitoring.retention.rawDays * 86_400_000;
    if (rawCount <= MAX_RAW_POINTS && rawKept) {
      const points = await findSeries(tx, 'raw', sensor.seriesId, from, to, MAX_RAW_POINTS * 2);
      return points.map((p) => ({ at: Date.parse(p.t), value: p.value }));
    }
    // An hourly mean stands for the middle of its hour; the hour still filling is left out.
    const points = await findSeries(tx, '1h', sensor.seriesId, from, to, MAX_RAW_POINTS);
    const current = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
    return points
      .map((p) => ({ at: Date.parse(p.t), value: p.value }))
      .filter((p) => p.at < current)
      .map((p) => ({ at: p.at + HOUR_MS / 2, value: p.value }));
  }

  return {
    /**
     * The intensity field of an earthquake over the county's townships (GB 18306-2015 elliptical
     * attenuation, STANDARDS.md §7.1), expected effects (§7.3) and the exposed population. Zone and long-axis
     * direction default to configuration (both UNCONFIRMED). @throws forbidden | validation_failed
     */
    async estimateEarthquake(actor: Actor, raw: unknown): Promise<EarthquakeEstimateView> {
      requirePermission(actor, 'monitoring:read');
      const parsed = EarthquakeEstimateRequest.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const input = parsed.data!;
      const seismic = config.hazard.seismic;
      const zone = input.zone ?? seismic.zone;
      const azimuthDeg = input.azimuthDeg ?? seismic.azimuthDeg;
      const rows = (await listRegionsWithin(db, config.regionCode, 'township')).filter(
        (t) => t.lon !== null && t.lat !== null,
      );
      const impact = estimateEarthquakeImpact({
        magnitude: input.magnitude,
        epicentre: [input.lon, input.lat],
        zone,
        azimuthDeg,
        exposureDegree: input.exposureDegree ?? seismic.exposureDegree,
        townships: rows.map((t) => ({
          code: t.code,
          name: t.name,
          seat: [t.lon!, t.lat!],
          population: t.population,
        })),
      });
      const byCode = new Map(rows.map((r) => [r.code, r]));
      const { exposure } = impact;
      const summary =
        `烈度 ${exposure.roman} 度及以上的乡镇 ${exposure.townships} 个，受影响人口约 ${people(exposure.population)}` +
        (exposure.townshipsMissingPopulation
          ? `（另有 ${exposure.townshipsMissingPopulation} 个乡镇人口未录入，未计入：${exposure.missingPopulation.join('、')}）`
          : '');
      const notes = [
        `衰减关系：GB 18306-2015（${ATTENUATION_ZONE_NAMES[zone]}），椭圆模型；标准差 σ = ${impact.sigma} 度，估算仅供参考。`,
        ...(input.zone === undefined
          ? ['宁县适用的衰减分区未经核实（STANDARDS.md §7.1），当前取配置值 SEISMIC_ATTENUATION_ZONE。']
          : []),
        ...(input.azimuthDeg === undefined
          ? [
              `长轴方向未经核实，当前取配置值 ${azimuthDeg}°（SEISMIC_LONG_AXIS_AZIMUTH_DEG），应按发震构造走向设置。`,
            ]
          : []),
        '乡镇烈度按乡镇驻地位置估算；乡镇边界为示意分区。',
        ...(impact.townshipsWithoutPopulation
          ? [`${impact.townshipsWithoutPopulation} 个乡镇人口未录入。`]
          : []),
        ...(rows.some((r) => r.populationSource?.startsWith('演示数据'))
          ? ['人口含演示数据（非统计数据）。']
          : []),
      ];
      return {
        ...impact,
        zoneName: ATTENUATION_ZONE_NAMES[zone],
        zoneFrom: input.zone === undefined ? 'config' : 'request',
        azimuthFrom: input.azimuthDeg === undefined ? 'config' : 'request',
        epicentralRoman: impact.epicentralDegree === null ? null : romanDegree(impact.epicentralDegree),
        townships: impact.townships.map((t) => ({
          ...t,
          populationSource: byCode.get(t.code)?.populationSource ?? null,
          populationYear: byCode.get(t.code)?.populationYear ?? null,
        })),
        exposure: { ...exposure, summary },
        notes,
      };
    },

    /**
     * Instrumental intensity (GB/T 17742-2020, STANDARDS.md §7.2) of a station's latest PGA and PGV.
     * `intensity` is null with a reason when the station lacks either sensor or reading, or a value is 0.
     * @throws forbidden | not_found
     */
    async stationIntensity(actor: Actor, stationId: string): Promise<StationIntensityView> {
      requirePermission(actor, 'monitoring:read');
      const row = await getStationById(db, stationId);
      const station = ensureVisible(actor, row && scopedStation(row), '监测站点');
      const sensors = await findSensorsOfStations(db, [station.id]);
      const pgaSensor = sensors.find((s) => s.metric === 'pga');
      const pgvSensor = sensors.find((s) => s.metric === 'pgv');
      const latest = await latestReadings(
        db,
        [pgaSensor, pgvSensor].flatMap((s) => (s ? [s.seriesId] : [])),
      );
      const pga = pgaSensor ? (latest.get(pgaSensor.seriesId) ?? null) : null;
      const pgv = pgvSensor ? (latest.get(pgvSensor.seriesId) ?? null) : null;
      const view = {
        stationId: station.id,
        pga: pga && { at: formatBeijingIso(pga.at), value: pga.value },
        pgv: pgv && { at: formatBeijingIso(pgv.at), value: pgv.value },
        sameTime: !!pga && !!pgv && pga.at.getTime() === pgv.at.getTime(),
      };
      const none = (reason: string): StationIntensityView => ({
        ...view,
        intensity: null,
        intensityA: null,
        intensityV: null,
        degree: null,
        roman: null,
        reason,
      });
      if (!pgaSensor || !pgvSensor) return none('该站点没有 PGA 与 PGV 两个传感器，无法计算仪器烈度');
      if (!pga || !pgv) return none('尚无 PGA 或 PGV 读数');
      if (!(pga.value > 0) || !(pgv.value > 0)) return none('PGA 或 PGV 为 0：未记录到地震动');
      const r = computeInstrumentalIntensity({ pga: pga.value, pgv: pgv.value });
      const degree = degreeOf(r.intensity);
      return {
        ...view,
        intensity: r.intensity,
        intensityA: r.intensityA,
        intensityV: r.intensityV,
        degree,
        roman: degree === null ? null : romanDegree(degree),
        reason: view.sameTime ? null : '最新 PGA 与 PGV 的时间不同，可能不是同一次地震动',
      };
    },

    /**
     * Time-of-failure by the inverse-velocity method (STANDARDS.md §6.1) for each displacement / crack sensor
     * of the stations linked to a geological hazard point, over the look-back; refused per sensor with the
     * reason when there is no acceleration or too few samples. @throws forbidden | not_found | validation_failed
     */
    async predictFailure(actor: Actor, recordId: string, raw: unknown): Promise<FailurePredictionView> {
      requirePermission(actor, 'monitoring:read');
      const parsed = FailurePredictionQuery.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const q = parsed.data!;
      const record = await getLedgerRecordById(db, recordId);
      ensureVisible(
        actor,
        record && record.registry === 'geo-hazards' ? scopedRecord(record) : null,
        '地质灾害隐患点',
      );
      const lookbackHours = q.lookbackHours ?? config.hazard.failure.lookbackHours;
      const stepHours = q.stepHours ?? config.hazard.failure.stepHours;
      const minSpeedup = config.hazard.failure.minSpeedup;
      const now = clock();
      const from = new Date(now.getTime() - lookbackHours * HOUR_MS);
      const { items: stationRows } = await findStations(db, actor.scope, {
        page: 1,
        pageSize: 200,
        ledgerRecordId: recordId,
      });
      const allSensors = (
        await findSensorsOfStations(
          db,
          stationRows.map((s) => s.id),
        )
      ).filter((s) => CREEP_METRICS.includes(s.metric));
      const sensors = q.sensorId ? allSensors.filter((s) => s.id === q.sensorId) : allSensors;
      if (q.sensorId && !sensors.length) throw new AppError('not_found', '该隐患点没有这个位移传感器');
      const latest = await latestReadings(
        db,
        sensors.map((s) => s.seriesId),
      );
      const results: SensorFailurePrediction[] = [];
      for (const sensor of sensors) {
        const station = stationRows.find((s) => s.id === sensor.stationId)!;
        const points = await creepPoints(db, sensor, from, now);
        const p = predictFailure(points, { stepHours, minSpeedup });
        const last = latest.get(sensor.seriesId);
        results.push({
          sensorId: sensor.id,
          stationId: station.id,
          stationCode: station.code,
          stationName: station.name,
          metric: sensor.metric,
          unit: sensor.unit,
          latest: last ? { at: formatBeijingIso(last.at), value: last.value } : null,
          velocity: p.samples.at(-1)?.v ?? null,
          samples: p.samples.map((s) => ({
            t: formatBeijingIso(new Date(s.at)),
            v: s.v,
            inverse: s.inverse,
          })),
          dropped: p.dropped,
          fit: p.fit && {
            origin: formatBeijingIso(new Date(p.fit.origin)),
            slope: p.fit.slope,
            intercept: p.fit.intercept,
          },
          windowStart: p.windowStart === null ? null : formatBeijingIso(new Date(p.windowStart)),
          windowPoints: p.windowPoints,
          speedup: p.speedup,
          failureTime: p.failureAt === null ? null : formatBeijingIso(new Date(p.failureAt)),
          hoursFromNow:
            p.failureAt === null ? null : Math.round(((p.failureAt - now.getTime()) / HOUR_MS) * 10) / 10,
          reason: p.reason,
        });
      }
      return {
        recordId,
        from: formatBeijingIso(from),
        to: formatBeijingIso(now),
        lookbackHours,
        stepHours,
        minSpeedup,
        stations: stationRows.length,
        sensors: results,
        reason: !stationRows.length
          ? '该隐患点未关联监测站点'
          : !allSensors.length
            ? '关联站点没有位移或裂缝传感器'
            : null,
      };
    },
  };
}

export type HazardModelService = ReturnType<typeof createHazardModelService>;
