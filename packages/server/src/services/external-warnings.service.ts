/**
 * CAP warnings received from outside (issue #5 part 9): the weather bureau's or the national release
 * system's documents, uploaded or fetched by URL, validated (XML and structure, the CAP values and the
 * specification's rules, and the official XSD — a document failing any is refused with every problem),
 * kept with their area as GeoJSON for the map, and relayed to the county's channels as a draft warning
 * that goes through the normal sign-off.
 *
 * A document already received (same sender and identifier) is answered with the earlier record, unchanged.
 */
import {
  AppError,
  capProblemDetails,
  ExternalWarningListQuery,
  IngestExternalWarningRequest,
  levelForSeverity,
  notFound,
  parseCapTime,
  parseCapXml,
  RelayExternalWarningRequest,
  validateCapXml,
  WARNING_LEVELS,
  type Actor,
  type CapAlert,
  type CapInfo,
  type ExternalWarningDetail,
  type ExternalWarningView,
  type GeoJsonFeatureCollection,
  type IngestExternalWarningResult,
  type Page,
  type WarningDetail,
  type WarningLevel,
} from '@ningan/domain';
import { circle } from '@turf/turf';
import type { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { validateAgainstCapXsd } from '../lib/cap-xsd.ts';
import { FetchRefused, guardedFetch } from '../lib/fetch-guard.ts';
import {
  findExternalWarnings,
  getExternalById,
  getExternalByKey,
  insertExternalWarning,
  lockExternal,
  townshipZones,
  updateExternal,
  type ExternalWarningRow,
} from '../repositories/warnings.repository.ts';
import { listRegionsWithin } from '../repositories/regions.repository.ts';
import { audit, rejectIfAny, requirePermission, zodProblems, type ServiceDeps } from './context.ts';
import type { WarningService } from './warnings.service.ts';

const WHAT = '外部预警';

export interface ExternalWarningServiceDeps {
  warnings: Pick<WarningService, 'createFromExternalIn' | 'detailOf'>;
  /** The HTTP client (tests may pass their own; default the global fetch). */
  fetch?: typeof fetch;
}

const COLOUR_WORDS: [WarningLevel, RegExp][] = [
  ['red', /红|^red$/i],
  ['orange', /橙|^orange$/i],
  ['yellow', /黄|^yellow$/i],
  ['blue', /蓝|^blue$/i],
];

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
  return parsed.data as z.infer<S>;
}

const userIdOf = (actor: Actor) => (actor.via === 'system' || actor.via === 'cli' ? null : actor.userId);

/** The info block we read: the first Chinese one, else the first. */
const mainInfo = (alert: CapAlert): CapInfo | undefined =>
  alert.info.find((i) => i.language?.toLowerCase().startsWith('zh')) ?? alert.info[0];

/**
 * Our level of an external warning: a colour (红/橙/黄/蓝, Red/Orange/…) in a parameter or event code, as
 * the national profile and many feeds carry it; else the level whose severity it is under our mapping.
 */
export function levelOfExternal(
  alert: CapAlert,
  severity: Parameters<typeof levelForSeverity>[1],
): WarningLevel | null {
  const info = mainInfo(alert);
  if (!info) return null;
  for (const pair of [...info.parameter, ...info.eventCode])
    for (const [level, re] of COLOUR_WORDS) if (re.test(pair.value.trim())) return level;
  return levelForSeverity(info.severity, severity);
}

const viewOf = (r: ExternalWarningRow): ExternalWarningView => ({
  id: r.id,
  identifier: r.identifier,
  sender: r.sender,
  sentAt: r.sentAt.toISOString(),
  msgType: r.msgType,
  capStatus: r.capStatus,
  headline: r.headline,
  event: r.event,
  level: WARNING_LEVELS.find((l) => l === r.level) ?? null,
  effectiveAt: r.effectiveAt?.toISOString() ?? null,
  expiresAt: r.expiresAt?.toISOString() ?? null,
  areaGeojson: (r.areaGeojson as GeoJsonFeatureCollection | null) ?? null,
  sourceUrl: r.sourceUrl,
  status: r.status as ExternalWarningView['status'],
  relayedWarningId: r.relayedWarningId,
  regionCode: r.regionCode,
  receivedAt: r.receivedAt.toISOString(),
});

export function createExternalWarningService(deps: ServiceDeps, e: ExternalWarningServiceDeps) {
  const { db, clock, config } = deps;
  const settings = config.warnings;
  const county = config.regionCode;
  const httpFetch = e.fetch ?? fetch;

  /** The body at `url` (http/https), within the timeout and the size cap; every failure as a problem. */
  async function download(url: string): Promise<string> {
    const fail = (message: string): never => rejectIfAny([{ path: 'url', message }]) as never;
    let response: Response;
    try {
      // Every hop's host is checked: no loopback/private/link-local address unless allowed by the operator.
      response = await guardedFetch(
        url,
        {
          signal: AbortSignal.timeout(settings.fetch.timeoutMs),
          headers: { accept: 'application/cap+xml, application/xml, text/xml' },
        },
        { allowedHosts: settings.fetch.allowedHosts, fetch: httpFetch },
      );
    } catch (error) {
      if (error instanceof FetchRefused) return fail(error.message);
      const name = (error as Error).name;
      return fail(
        name === 'TimeoutError' || name === 'AbortError'
          ? `获取超时（${settings.fetch.timeoutMs} 毫秒）`
          : `无法获取：${(error as Error).message}`,
      );
    }
    if (!response.ok) return fail(`对方返回 HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > settings.fetch.maxBytes)
      return fail(`文档过大（${declared} 字节，上限 ${settings.fetch.maxBytes}）`);
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    if (!reader) return fail('对方没有返回内容');
    const chunks: Uint8Array[] = [];
    let size = 0;
    let readError: string | null = null;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > settings.fetch.maxBytes) {
          await reader.cancel();
          break;
        }
        chunks.push(value);
      }
    } catch (error) {
      readError = (error as Error).message;
    }
    if (readError !== null) return fail(`读取中断：${readError}`);
    if (size > settings.fetch.maxBytes) return fail(`文档过大（超过 ${settings.fetch.maxBytes} 字节）`);
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  }

  /** The document's areas as GeoJSON (WGS84 lon,lat): CAP polygons (lat,lon) turned round, circles as 64-gons, our divisions by geocode. */
  async function areaGeoJson(tx: DbOrTx, alert: CapAlert): Promise<GeoJsonFeatureCollection> {
    const info = mainInfo(alert);
    const features: GeoJsonFeatureCollection['features'] = [];
    const codes = new Set<string>();
    for (const a of info?.area ?? []) {
      for (const ring of a.polygon)
        features.push({
          type: 'Feature',
          properties: { areaDesc: a.areaDesc, kind: 'polygon' },
          geometry: { type: 'Polygon', coordinates: [ring.map((p) => [p.lon, p.lat])] },
        });
      for (const c of a.circle)
        features.push({
          type: 'Feature',
          properties: { areaDesc: a.areaDesc, kind: 'circle', radiusKm: c.radiusKm },
          geometry: circle([c.lon, c.lat], c.radiusKm, { steps: 64, units: 'kilometers' }).geometry,
        });
      for (const g of a.geocode) if (/^\d{6,12}$/.test(g.value)) codes.add(g.value);
    }
    if (codes.size) {
      // Geocodes naming our county, townships or villages: drawn as the township zones they fall in.
      const townships = (await listRegionsWithin(tx, county, 'township')).map((t) => t.code);
      const reached = townships.filter((t) => [...codes].some((c) => c.startsWith(t) || c === county));
      const zones = await townshipZones(tx, reached);
      for (const [code, geometry] of zones)
        features.push({ type: 'Feature', properties: { kind: 'geocode', code }, geometry });
    }
    return { type: 'FeatureCollection', features };
  }

  async function loadVisible(
    tx: DbOrTx,
    actor: Actor,
    id: string,
    lock = false,
  ): Promise<ExternalWarningRow> {
    const row = lock ? await lockExternal(tx, id) : await getExternalById(tx, id);
    if (
      !row ||
      !row.regionCode.startsWith(actor.scope.regionCode.slice(0, 6)) ||
      actor.scope.level === 'enterprise'
    )
      throw notFound(WHAT);
    return row;
  }

  return {
    /**
     * Receives a CAP document (`{xml}` or `{url}`): validated in full (refused with every problem), stored
     * with its level and area; the same (sender, identifier) again answers the stored record (`created: false`).
     * @throws forbidden | validation_failed
     */
    async ingest(actor: Actor, raw: unknown): Promise<IngestExternalWarningResult> {
      requirePermission(actor, 'warning:relay');
      const input = parse(IngestExternalWarningRequest, raw);
      const sourceUrl = 'url' in input ? input.url : null;
      const xml = 'url' in input ? await download(input.url) : input.xml;
      // Every problem: the XML and its structure, the values, the specification's rules (validateCapXml).
      const problems = capProblemDetails(validateCapXml(xml).problems);
      const parsed = parseCapXml(xml);
      const [xsd] = await validateAgainstCapXsd([xml]);
      if (xsd && !xsd.valid) problems.push(...xsd.problems.map((message) => ({ path: '(xsd)', message })));
      if (problems.length || !parsed.alert)
        throw new AppError('validation_failed', 'CAP 文档校验未通过，未接收', {
          details: problems.length ? problems : [{ path: '(cap)', message: '无法读取 CAP 文档' }],
        });
      const alert = parsed.alert;
      const existing = await getExternalByKey(db, alert.sender, alert.identifier);
      if (existing) return { created: false, warning: viewOf(existing) };
      const now = clock();
      const info = mainInfo(alert);
      const time = (s: string | undefined) => (s ? parseCapTime(s) : null);
      const result = await db.transaction(async (tx) => {
        const inserted = await insertExternalWarning(tx, {
          identifier: alert.identifier,
          sender: alert.sender,
          sentAt: time(alert.sent)!,
          msgType: alert.msgType,
          capStatus: alert.status,
          headline: info?.headline ?? null,
          event: info?.event ?? null,
          level: levelOfExternal(alert, settings.levelSeverity),
          effectiveAt: time(info?.effective) ?? time(alert.sent),
          expiresAt: time(info?.expires),
          alert,
          areaGeojson: await areaGeoJson(tx, alert),
          xml,
          sourceUrl,
          status: 'received',
          regionCode: county,
          receivedById: userIdOf(actor),
          receivedAt: now,
        });
        // Received at the same moment by someone else: theirs stands.
        if (!inserted)
          return { created: false, row: (await getExternalByKey(tx, alert.sender, alert.identifier))! };
        await audit(
          tx,
          actor,
          {
            action: 'external_warning.ingest',
            entityType: 'external_warning',
            entityId: inserted.id,
            regionCode: county,
            details: {
              sender: alert.sender,
              identifier: alert.identifier,
              headline: inserted.headline,
              level: inserted.level,
              sourceUrl,
            },
          },
          now,
        );
        return { created: true, row: inserted };
      });
      return { created: result.created, warning: viewOf(result.row) };
    },

    /** External warnings received for the county, newest first. @throws forbidden */
    async list(actor: Actor, raw: unknown): Promise<Page<ExternalWarningView>> {
      requirePermission(actor, 'warning:read');
      const q = parse(ExternalWarningListQuery, raw);
      if (actor.scope.level === 'enterprise')
        return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
      const { items, total } = await findExternalWarnings(db, actor.scope, q);
      return { items: items.map(viewOf), total, page: q.page, pageSize: q.pageSize };
    },

    /** One external warning with its parsed alert and the document. @throws forbidden | not_found */
    async get(actor: Actor, id: string): Promise<ExternalWarningDetail> {
      requirePermission(actor, 'warning:read');
      const row = await loadVisible(db, actor, id);
      return { ...viewOf(row), alert: row.alert, xml: row.xml };
    },

    /**
     * 转发: a draft warning of the county from the external one (hazard from its event, level from its
     * colour or severity, area = our townships its area reaches, else the county; expiry its own unless
     * given), for the normal sign-off. @throws forbidden | not_found | conflict | validation_failed
     */
    async relay(actor: Actor, id: string, raw: unknown): Promise<WarningDetail> {
      requirePermission(actor, 'warning:relay');
      const input = parse(RelayExternalWarningRequest, raw);
      const now = clock();
      const draft = await db.transaction(async (tx) => {
        const row = await loadVisible(tx, actor, id, true);
        if (row.status === 'relayed')
          throw new AppError('conflict', '该外部预警已转发', {
            details: [{ path: 'relayedWarningId', message: row.relayedWarningId ?? '' }],
          });
        if (row.status === 'dismissed') throw new AppError('conflict', '该外部预警已忽略，不能转发');
        if (row.capStatus !== 'Actual' && (input.capStatus ?? 'Actual') === 'Actual')
          rejectIfAny([
            {
              path: 'capStatus',
              message: `原预警状态为 ${row.capStatus}，不能作为正式预警转发（可选演练或测试）`,
            },
          ]);
        const warning = await e.warnings.createFromExternalIn(tx, actor, id, input);
        await updateExternal(tx, id, { status: 'relayed', relayedWarningId: warning.id });
        await audit(
          tx,
          actor,
          {
            action: 'external_warning.relay',
            entityType: 'external_warning',
            entityId: id,
            regionCode: row.regionCode,
            details: { identifier: row.identifier, sender: row.sender, warningId: warning.id },
          },
          now,
        );
        return warning;
      });
      return e.warnings.detailOf(actor, draft);
    },

    /** 忽略: marks a received external warning as not to be relayed. @throws forbidden | not_found | conflict */
    async dismiss(actor: Actor, id: string): Promise<ExternalWarningView> {
      requirePermission(actor, 'warning:relay');
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const row = await loadVisible(tx, actor, id, true);
        if (row.status !== 'received') throw new AppError('conflict', '只有未处理的外部预警可以忽略');
        const updated = await updateExternal(tx, id, { status: 'dismissed' });
        await audit(
          tx,
          actor,
          {
            action: 'external_warning.dismiss',
            entityType: 'external_warning',
            entityId: id,
            regionCode: row.regionCode,
            details: { identifier: row.identifier, sender: row.sender },
          },
          now,
        );
        return updated;
      });
      return viewOf(row);
    },
  };
}

export type ExternalWarningService = ReturnType<typeof createExternalWarningService>;
