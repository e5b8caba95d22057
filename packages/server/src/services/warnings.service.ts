/**
 * Warning issuance (预警发布, issue #5 parts 1–4, 8, 10): compose a draft (by hand, from an alarm, a weather
 * signal or an external warning), the sign-off workflow (draft → review → sign-off → published, four-eyes,
 * who signs at which level from `config.warnings.signOff`), Update and Cancel as new messages of the chain,
 * the CAP documents (frozen at sign-off; a Draft-status preview before; the national profile) and the
 * public feed's data.
 *
 * Signing is one transaction: the chain is locked, the identifier's sequence taken, the CAP document
 * rendered and validated (the fast checks and the official XSD), the row published, the earlier messages of
 * the chain stamped superseded (a Cancel: the whole chain cancelled), the audit row and the outbox row
 * (`warning.published`, dissemination's input) written. Any problem → nothing is written and every problem
 * is answered. A published row is never changed again except for those stamps.
 */
import { randomUUID } from 'node:crypto';
import {
  actionsFrom,
  AppError,
  areaToCap,
  capProblemDetails,
  chainReferences,
  checkCapAlert,
  checkReferenceChain,
  checkWarningAction,
  composeEnglishText,
  composeWarningText,
  CreateWarningRequest,
  formatCapTime,
  formatWarningIdentifier,
  formatWarningSenderCode,
  hasPermission,
  isInScope,
  isWarningVisible,
  isWithinRegion,
  levelsOf,
  nationalFileName,
  nextWarningState,
  notFound,
  parseCapXml,
  phaseOf,
  renderCapXml,
  renderNationalXml,
  resolveTargets,
  UpdateWarningRequest,
  WarningActionBody,
  WarningChainRequest,
  WarningListQuery,
  WarningPreviewRequest,
  WARNING_HAZARD_CAP,
  WARNING_HAZARD_LABELS,
  WARNING_HAZARDS,
  WARNING_LEVEL_COLOURS,
  WARNING_LEVEL_LABELS,
  WARNING_LEVELS,
  type Actor,
  type CapAlert,
  type CapArea,
  type CapInfo,
  type CapReference,
  type ErrorDetail,
  type Page,
  type ResolvedTargets,
  type TargetPlaces,
  type WarningAction,
  type WarningArea,
  type WarningAudience,
  type WarningChannel,
  type WarningDetail,
  type WarningEnglishText,
  type WarningHazard,
  type WarningLevel,
  type WarningMsgType,
  type WarningPhase,
  type WarningPreviewView,
  type PublicWarningList,
  type PublicWarningView,
  type WarningSource,
  type WarningState,
  type WarningTargetsView,
  type WarningView,
} from '@ningan/domain';
import { booleanIntersects, circle } from '@turf/turf';
import type { FeatureCollection } from 'geojson';
import type { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { validateAgainstCapXsd } from '../lib/cap-xsd.ts';
import { findAuditForEntity } from '../repositories/audit.repository.ts';
import { insertOutboxRow } from '../repositories/alarms.repository.ts';
import { countRecipients, type RecipientCount } from '../repositories/warning-recipients.repository.ts';
import {
  deleteDraftWarning,
  findPublicWarnings,
  findTargetPlaces,
  findWarnings,
  getPublishedByIdentifier,
  getAlarmSource,
  getExternalById,
  getWarningById,
  listChain,
  lockChain,
  lockWarning,
  stampCancelled,
  stampSuperseded,
  takeWarningSequence,
  townshipZones,
  updateWarning,
  insertWarning,
  warningNames,
  type ExternalWarningRow,
  type NewWarningRow,
  type WarningRow,
} from '../repositories/warnings.repository.ts';
import type { WeatherService } from './weather.service.ts';
import {
  audit,
  beijingDate,
  rejectIfAny,
  requirePermission,
  zodProblems,
  type ServiceDeps,
} from './context.ts';

const WHAT = '预警';

export interface WarningServiceDeps {
  /** Observed weather signals (a draft from a township's signal). */
  weather: Pick<WeatherService, 'weatherSignals'>;
}

/**
 * 预警事件类型编码 of the national classification per hazard, for the national profile's `eventType` and file
 * name. Only 11B03 暴雨 is read in a source (docs/standards/cap-national-profile.md, via cap-national.ts);
 * the others are UNCONFIRMED placeholders in the 11B (气象灾害) / 11Z family, to be checked against the
 * national release system's code list before a real exchange.
 */
const NATIONAL_EVENT_TYPE: Record<WarningHazard, string> = {
  rainstorm: '11B03',
  snowstorm: '11B04',
  coldwave: '11B05',
  wind: '11B06',
  dust: '11B07',
  heat: '11B09',
  hail: '11B15',
  frost: '11B16',
  fog: '11B17',
  road_icing: '11B21',
  drought: '11B22',
  forest_fire: '11B25',
  flash_flood: '11A51',
  geohazard: '11G00',
  hazmat: '12A00',
  other: '11Z00',
};

/** Our hazard for an alarm rule template (monitoring/templates.ts), else for its station kind. */
const HAZARD_OF_TEMPLATE: Record<string, WarningHazard> = {
  'rainstorm-signal': 'rainstorm',
  'flash-flood': 'flash_flood',
  'water-level': 'flash_flood',
  'landslide-rate': 'geohazard',
  'gas-detector': 'hazmat',
  tank: 'hazmat',
};
const HAZARD_OF_STATION_KIND: Record<string, WarningHazard> = {
  rain_gauge: 'rainstorm',
  water_level: 'flash_flood',
  soil_moisture: 'geohazard',
  gnss: 'geohazard',
  crack_meter: 'geohazard',
  tiltmeter: 'geohazard',
  tank: 'hazmat',
  combustible_gas: 'hazmat',
  toxic_gas: 'hazmat',
  wellhead: 'hazmat',
  fire_camera: 'forest_fire',
  weather: 'rainstorm',
  seismic: 'other',
};

/** The account id for foreign keys (a system or CLI actor is no user row). */
const userIdOf = (actor: Actor) => (actor.via === 'system' || actor.via === 'cli' ? null : actor.userId);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
  return parsed.data as z.infer<S>;
}

/** A thrown validation_failed as problems (composeWarningText, chainReferences…), anything else rethrown. */
function problemsOfError(error: unknown, prefix = ''): ErrorDetail[] {
  if (error instanceof AppError && error.code === 'validation_failed')
    return (error.details ?? [{ path: '(body)', message: error.message }]).map((d) => ({
      ...d,
      path: prefix + d.path,
    }));
  throw error;
}

/** The stored targets (no `unknownCodes`: they were refused). */
function storedTargets(t: ResolvedTargets): WarningTargetsView {
  return {
    townshipCodes: t.townshipCodes,
    villageCodes: t.villageCodes,
    estimatedPopulation: t.estimatedPopulation,
    populationKnown: t.populationKnown,
    byTownship: t.byTownship,
  };
}

const targetsOf = (row: WarningRow) => row.targets as WarningTargetsView;
const areaOf = (row: WarningRow) => row.area as WarningArea;

/** The level the hazard has that is closest to `level` (the same, else the next higher, else the highest). */
function levelFor(hazard: WarningHazard, level: WarningLevel): WarningLevel {
  const available = levelsOf(hazard);
  if (available.includes(level)) return level;
  const rank = WARNING_LEVELS.indexOf(level);
  return available.find((l) => WARNING_LEVELS.indexOf(l) > rank) ?? available.at(-1) ?? level;
}

export function createWarningService(deps: ServiceDeps, w: WarningServiceDeps) {
  const { db, clock, config } = deps;
  const settings = config.warnings;
  const county = config.regionCode;

  // ---- jurisdiction ----

  const visible = (actor: Actor, row: WarningRow) =>
    isWarningVisible(actor.scope, actor.userId, {
      regionCode: row.regionCode,
      state: row.state,
      authorId: row.authorId,
      targets: targetsOf(row),
    });

  async function loadVisible(tx: DbOrTx, actor: Actor, id: string, lock = false): Promise<WarningRow> {
    const row = lock ? await lockWarning(tx, id) : await getWarningById(tx, id);
    if (!row || !visible(actor, row)) throw notFound(WHAT);
    return row;
  }

  /** The jurisdiction a new draft belongs to, for this actor (county, or their own township). */
  function jurisdictionOf(
    actor: Actor,
    requested: string | undefined,
  ): { code: string; problems: ErrorDetail[] } {
    const own =
      actor.scope.level === 'township'
        ? actor.scope.regionCode
        : actor.scope.level === 'village'
          ? null
          : county;
    if (own === null)
      return { code: county, problems: [{ path: 'regionCode', message: '村级账号不能起草预警' }] };
    const code = requested ?? own;
    if (!isWithinRegion(code, county) || (actor.scope.level === 'township' && code !== own))
      return {
        code,
        problems: [{ path: 'regionCode', message: `只能为本辖区起草预警（${own}）` }],
      };
    return { code, problems: [] };
  }

  /** Whether the actor may act for a warning of `regionCode` (draft, edit, review, sign). */
  const mayActFor = (actor: Actor, regionCode: string) =>
    actor.scope.level === 'department' ? regionCode === county : isInScope(actor.scope, { regionCode });

  // ---- targeting ----

  let placesCache: { at: number; places: TargetPlaces } | null = null;
  /** The county's places; re-read every minute (boundaries and populations change rarely). */
  async function places(tx: DbOrTx): Promise<TargetPlaces> {
    const now = Date.now();
    if (!placesCache || now - placesCache.at > 60_000)
      placesCache = { at: now, places: await findTargetPlaces(tx, county) };
    return placesCache.places;
  }

  /**
   * Resolved targets of `area` for a warning of jurisdiction `regionCode`, with every problem: codes outside
   * the county or unknown, a township's warning reaching beyond it, nothing reached.
   */
  async function resolve(
    tx: DbOrTx,
    area: WarningArea,
    regionCode: string,
  ): Promise<{ targets: ResolvedTargets; problems: ErrorDetail[] }> {
    const problems: ErrorDetail[] = [];
    area.regionCodes.forEach((code, i) => {
      if (!isWithinRegion(code, regionCode) && !(regionCode.length === 9 && code === county))
        problems.push({
          path: `area.regionCodes.${i}`,
          message: `区划 ${code} 不在本辖区（${regionCode}）内`,
        });
    });
    const targets = resolveTargets(area, await places(tx));
    for (const code of targets.unknownCodes)
      problems.push({ path: 'area.regionCodes', message: `区划代码 ${code} 不存在或没有边界/位置` });
    const outside = targets.townshipCodes.filter((c) => !isWithinRegion(c, regionCode.slice(0, c.length)));
    if (regionCode.length === 9 && outside.length)
      problems.push({ path: 'area', message: `划定区域超出本乡镇，涉及：${outside.join('、')}` });
    if (!targets.townshipCodes.length && !problems.length)
      problems.push({ path: 'area', message: '预警区域内没有本县的乡镇或村' });
    return { targets, problems };
  }

  /** Area names for the template text: whole townships by name, a township in part as 「新宁镇（部分村）」. */
  function areaNamesOf(targets: ResolvedTargets | WarningTargetsView): string[] {
    const names = targets.byTownship.map((t) => (t.whole ? t.name : `${t.name}（部分村）`));
    return names.length ? names : ['宁县'];
  }

  // ---- text ----

  interface TextInput {
    hazard: WarningHazard;
    level: WarningLevel;
    eventName: string | null | undefined;
    areaNames: string[];
    effective: Date;
    expires: Date;
  }

  function composeText(t: TextInput): {
    text: ReturnType<typeof composeWarningText> | null;
    problems: ErrorDetail[];
  } {
    try {
      return {
        text: composeWarningText({
          hazard: t.hazard,
          level: t.level,
          issuerName: settings.issuerName,
          areaNames: t.areaNames,
          ...(t.eventName ? { eventName: t.eventName } : {}),
          effective: t.effective,
          expires: t.expires,
        }),
        problems: [],
      };
    } catch (error) {
      return { text: null, problems: problemsOfError(error) };
    }
  }

  function composeEnglish(t: TextInput): WarningEnglishText | null {
    try {
      const en = composeEnglishText({
        hazard: t.hazard,
        level: t.level,
        issuerName: settings.issuerNameEn,
        areaNames: t.areaNames,
        ...(t.eventName ? { eventName: t.eventName } : {}),
        effective: t.effective,
        expires: t.expires,
      });
      return { headline: en.headline, description: en.description, instruction: en.instruction };
    } catch {
      return null; // the Chinese text reports the same problem
    }
  }

  // ---- CAP ----

  /** One CAP area per township reached (geocode: the township, or its villages when only some), plus the drawn shapes. */
  function capAreasOf(row: Pick<WarningRow, 'area' | 'targets'>): CapArea[] {
    const targets = row.targets as WarningTargetsView;
    const area = row.area as WarningArea;
    const areas: CapArea[] = targets.byTownship.map((t) => {
      const villages = targets.villageCodes.filter((v) => v.startsWith(t.code));
      return {
        areaDesc: t.whole ? t.name : `${t.name}（部分村）`,
        polygon: [],
        circle: [],
        geocode: (t.whole || !villages.length ? [t.code] : villages).map((value) => ({
          valueName: 'adminCode',
          value,
        })),
      };
    });
    // The drawn shapes in CAP order (lat,lon; radius km), as the domain writes them.
    const drawn = areaToCap({ regionCodes: [], polygons: area.polygons, circles: area.circles }, {});
    return [...areas, ...drawn];
  }

  interface AlertOptions {
    identifier: string;
    sentAt: Date;
    references: string | null;
    status?: CapAlert['status'];
  }

  /** The CAP alert of a message (zh-CN info, and en-US when the draft has an English block). */
  function alertOf(row: WarningRow, o: AlertOptions): CapAlert {
    const hazard = row.hazard as WarningHazard;
    const level = row.level as WarningLevel;
    const cancel = row.msgType === 'Cancel';
    const cap = WARNING_HAZARD_CAP[hazard] ?? WARNING_HAZARD_CAP.other;
    const areas = capAreasOf(row);
    const common = {
      category: [cap.category],
      responseType: cancel ? (['AllClear'] as const) : ([] as const),
      urgency: cancel ? 'Past' : level === 'red' || level === 'orange' ? 'Immediate' : 'Expected',
      severity: settings.levelSeverity[level],
      certainty: cancel ? 'Observed' : 'Likely',
      eventCode: [{ valueName: 'nationalEventType', value: NATIONAL_EVENT_TYPE[hazard] }],
      effective: formatCapTime(row.effectiveAt),
      ...(row.onsetAt ? { onset: formatCapTime(row.onsetAt) } : {}),
      expires: formatCapTime(row.expiresAt),
      parameter: [
        { valueName: 'warningLevel', value: level },
        { valueName: 'warningColour', value: WARNING_LEVEL_COLOURS[level] },
      ],
      resource: [],
      area: areas,
    } satisfies Partial<CapInfo>;
    const zh: CapInfo = {
      ...common,
      responseType: [...common.responseType],
      language: 'zh-CN',
      event: WARNING_HAZARD_CAP[hazard].event,
      senderName: settings.issuerName,
      headline: row.headline,
      description: row.description,
      instruction: row.instruction,
    };
    const en = row.infoEn as WarningEnglishText | null;
    const info: CapInfo[] = [zh];
    if (en)
      info.push({
        ...common,
        responseType: [...common.responseType],
        language: 'en-US',
        event: WARNING_HAZARD_LABELS[hazard].en,
        senderName: settings.issuerNameEn,
        headline: en.headline,
        description: en.description,
        instruction: en.instruction,
      });
    return {
      identifier: o.identifier,
      sender: settings.sender,
      sent: formatCapTime(o.sentAt),
      status: o.status ?? (row.capStatus as CapAlert['status']),
      msgType: row.msgType as CapAlert['msgType'],
      scope: 'Public',
      code: [],
      ...(o.references ? { references: o.references } : {}),
      ...(row.returnReason && cancel ? { note: row.returnReason } : {}),
      info,
    };
  }

  /** The earlier published messages of a chain as CAP references (oldest first). */
  function earlierRefs(chain: WarningRow[], self: string): CapReference[] {
    return chain
      .filter((r) => r.id !== self && r.state === 'published' && r.identifier && r.sentAt)
      .sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime())
      .map((r) => ({ sender: settings.sender, identifier: r.identifier!, sent: formatCapTime(r.sentAt!) }));
  }

  /** An identifier for previews (the sign-off takes the real sequence number). */
  const previewIdentifier = (at: Date) =>
    formatWarningIdentifier({ ...settings.identifier, sentAt: at, sequence: 0 });

  /** What would stop this draft at sign-off now (fast checks; the XSD runs at sign-off). */
  function draftProblems(row: WarningRow, chain: WarningRow[], now: Date): ErrorDetail[] {
    const problems: ErrorDetail[] = [];
    if (row.expiresAt.getTime() <= now.getTime())
      problems.push({ path: 'expiresAt', message: '已过失效时间，请修改失效时间后再签发' });
    if (!targetsOf(row).townshipCodes.length)
      problems.push({ path: 'area', message: '预警区域内没有乡镇或村' });
    const refs = earlierRefs(chain, row.id);
    let references: string | null = null;
    try {
      references = refs.length ? chainReferences(refs) : null;
    } catch (error) {
      problems.push(...problemsOfError(error, 'references.'));
    }
    const alert = alertOf(row, { identifier: previewIdentifier(now), sentAt: now, references });
    problems.push(...capProblemDetails([...checkCapAlert(alert), ...checkReferenceChain(alert, refs)]));
    return problems;
  }

  // ---- views ----

  function phaseOfRow(row: WarningRow, now: Date): WarningPhase | null {
    if (row.state !== 'published') return null;
    return phaseOf(
      {
        msgType: row.msgType as WarningMsgType,
        supersededAt: row.supersededAt,
        cancelledAt: row.cancelledAt,
        expires: row.expiresAt,
      },
      now,
    );
  }

  function viewOf(
    row: WarningRow,
    names: { regionName: string | null; authorName: string | null },
    now: Date,
  ): WarningView {
    const targets = targetsOf(row);
    return {
      id: row.id,
      chainId: row.chainId,
      identifier: row.identifier,
      msgType: row.msgType as WarningMsgType,
      capStatus: row.capStatus as WarningView['capStatus'],
      state: row.state as WarningState,
      phase: phaseOfRow(row, now),
      hazard: row.hazard as WarningHazard,
      level: row.level as WarningLevel,
      headline: row.headline,
      regionCode: row.regionCode,
      regionName: names.regionName,
      source: row.source as WarningSource,
      sourceRef: row.sourceRef,
      townships: targets.townshipCodes.length,
      estimatedPopulation: targets.estimatedPopulation,
      effectiveAt: row.effectiveAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      sentAt: iso(row.sentAt),
      authorId: row.authorId,
      authorName: names.authorName,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Actions the actor may take now: the state allows them, the policy and four-eyes too, and jurisdiction. */
  function allowedActions(actor: Actor, row: WarningRow): WarningAction[] {
    if (!mayActFor(actor, row.regionCode) && row.authorId !== actor.userId) return [];
    return actionsFrom(row.state as WarningState).filter((action) => {
      if (action === 'submit' && !hasPermission(actor.roles, 'warning:draft')) return false;
      if (action !== 'submit' && action !== 'reject' && !hasPermission(actor.roles, 'warning:sign'))
        return false;
      return (
        checkWarningAction({
          state: row.state as WarningState,
          action,
          level: row.level as WarningLevel,
          authorId: row.authorId,
          actor: { id: actor.userId, roles: actor.roles },
          reason: '(reason)',
          policy: settings.signOff,
        }).length === 0
      );
    });
  }

  const isEditable = (actor: Actor, row: WarningRow) =>
    row.state === 'draft' &&
    hasPermission(actor.roles, 'warning:draft') &&
    (row.authorId === actor.userId || mayActFor(actor, row.regionCode));

  async function detailOf(actor: Actor, row: WarningRow): Promise<WarningDetail> {
    const now = clock();
    const [names, chain, trail] = await Promise.all([
      warningNames(db, row),
      listChain(db, row.chainId),
      findAuditForEntity(db, 'warning', row.id, { page: 1, pageSize: 200 }),
    ]);
    const latestPublished = chain.filter((r) => r.state === 'published').at(-1);
    const open = chain.some((r) => r.state !== 'published' && r.state !== 'rejected' && r.id !== row.id);
    const phase = phaseOfRow(row, now);
    return {
      ...viewOf(row, names, now),
      description: row.description,
      instruction: row.instruction,
      infoEn: (row.infoEn as WarningEnglishText | null) ?? null,
      area: areaOf(row),
      targets: targetsOf(row),
      audiences: row.audiences as WarningAudience[],
      channels: row.channels as WarningChannel[],
      onsetAt: iso(row.onsetAt),
      references: row.references,
      reviewedByName: names.reviewedByName,
      reviewedAt: iso(row.reviewedAt),
      signedByName: names.signedByName,
      returnReason: row.returnReason,
      supersededById: row.supersededById,
      supersededAt: iso(row.supersededAt),
      cancelledAt: iso(row.cancelledAt),
      chain: chain.map((r) => ({
        id: r.id,
        identifier: r.identifier,
        msgType: r.msgType as WarningMsgType,
        state: r.state as WarningState,
        sentAt: iso(r.sentAt),
      })),
      history: trail.items.reverse().map((a) => ({
        at: a.at,
        action: a.action,
        actorName: a.actorName,
        details: a.details,
      })),
      allowedActions: allowedActions(actor, row),
      canEdit: isEditable(actor, row),
      canUpdate:
        latestPublished?.id === row.id &&
        phase === 'active' &&
        !open &&
        hasPermission(actor.roles, 'warning:draft') &&
        mayActFor(actor, row.regionCode),
      problems: row.state === 'published' || row.state === 'rejected' ? [] : draftProblems(row, chain, now),
    };
  }

  // ---- sources ----

  interface Prefill {
    hazard?: WarningHazard;
    level?: WarningLevel;
    area?: WarningArea;
    eventName?: string | null;
    expiresAt?: Date;
    effectiveAt?: Date;
    source: WarningSource;
    sourceRef: string | null;
  }

  async function prefillFromAlarm(tx: DbOrTx, actor: Actor, alarmId: string): Promise<Prefill> {
    const alarm = await getAlarmSource(tx, alarmId);
    if (
      !alarm ||
      !isInScope(actor.scope, {
        regionCode: alarm.regionCode,
        orgUnitId: alarm.orgUnitId,
        supervisorId: alarm.ownerDepartmentId,
      })
    )
      throw notFound('告警');
    const hazard =
      (alarm.template ? HAZARD_OF_TEMPLATE[alarm.template] : undefined) ??
      (alarm.stationKind ? HAZARD_OF_STATION_KIND[alarm.stationKind] : undefined) ??
      'other';
    const level = WARNING_LEVELS.find((l) => l === alarm.level) ?? 'blue';
    return {
      hazard,
      level: levelFor(hazard, level),
      area: { regionCodes: [alarm.regionCode], polygons: [], circles: [] },
      eventName: hazard === 'other' ? alarm.ruleName.slice(0, 50) : null,
      source: 'alarm',
      sourceRef: alarm.id,
    };
  }

  async function prefillFromWeather(actor: Actor, townshipCode: string): Promise<Prefill> {
    const list = await w.weather.weatherSignals(actor);
    let best: { hazard: WarningHazard; level: WarningLevel } | null = null;
    for (const item of list.items) {
      if (!item.station.regionCode.startsWith(townshipCode)) continue;
      for (const s of item.signals) {
        const hazard = WARNING_HAZARDS.find((h) => h === s.hazard);
        if (!hazard || s.level === null) continue;
        if (!best || WARNING_LEVELS.indexOf(s.level) > WARNING_LEVELS.indexOf(best.level))
          best = { hazard, level: s.level };
      }
    }
    if (!best)
      rejectIfAny([
        { path: 'from.weather.townshipCode', message: '该乡镇的监测站点当前没有达到预警信号标准的观测' },
      ]);
    return {
      hazard: best!.hazard,
      level: levelFor(best!.hazard, best!.level),
      area: { regionCodes: [townshipCode], polygons: [], circles: [] },
      source: 'weather',
      sourceRef: `${townshipCode}:${best!.hazard}:${list.at}`,
    };
  }

  /** Our hazard for an external warning: the first of our hazard words in its event or headline. */
  function hazardOfExternal(ext: ExternalWarningRow): WarningHazard {
    const text = `${ext.event ?? ''} ${ext.headline ?? ''}`;
    return (
      WARNING_HAZARDS.find((h) => h !== 'other' && text.includes(WARNING_HAZARD_LABELS[h].zh)) ??
      WARNING_HAZARDS.find((h) => h !== 'other' && text.includes(WARNING_HAZARD_CAP[h].event)) ??
      'other'
    );
  }

  async function prefillFromExternal(tx: DbOrTx, actor: Actor, externalId: string): Promise<Prefill> {
    const ext = await getExternalById(tx, externalId);
    if (!ext || !isWithinRegion(ext.regionCode, actor.scope.regionCode.slice(0, 6)))
      throw notFound('外部预警');
    const hazard = hazardOfExternal(ext);
    const regionCodes = await externalTownships(tx, ext);
    return {
      hazard,
      ...(ext.level ? { level: levelFor(hazard, ext.level as WarningLevel) } : {}),
      area: { regionCodes: regionCodes.length ? regionCodes : [county], polygons: [], circles: [] },
      eventName: hazard === 'other' ? (ext.event ?? '').slice(0, 50) || null : null,
      ...(ext.expiresAt ? { expiresAt: ext.expiresAt } : {}),
      source: 'external',
      sourceRef: ext.id,
    };
  }

  /**
   * The county's townships an external warning reaches: those named by an admin-code geocode (a township, or
   * a village in it), and those whose zone its polygons and circles intersect. None → the caller takes the
   * whole county.
   */
  async function externalTownships(tx: DbOrTx, ext: ExternalWarningRow): Promise<string[]> {
    const { townships } = await places(tx);
    const codes = new Set<string>();
    const alert = ext.alert as CapAlert;
    for (const info of alert.info ?? [])
      for (const a of info.area ?? [])
        for (const g of a.geocode ?? [])
          for (const t of townships) if (g.value.startsWith(t.code)) codes.add(t.code);
    const fc = ext.areaGeojson as FeatureCollection | null;
    for (const f of fc?.features ?? []) {
      if (!f.geometry) continue;
      for (const t of townships)
        if (booleanIntersects(f.geometry, { type: 'Feature', properties: {}, geometry: t.zone }))
          codes.add(t.code);
    }
    return townships.map((t) => t.code).filter((c) => codes.has(c));
  }

  // ---- create ----

  /**
   * Makes a draft in `tx` (with the audit row), from a parsed request; every problem is listed.
   * `afterInsert` runs in the same transaction (the relay marks its external warning).
   */
  async function createIn(
    tx: DbOrTx,
    actor: Actor,
    input: z.output<typeof CreateWarningRequest>,
    prefill: Prefill,
    now: Date,
  ): Promise<WarningRow> {
    const problems: ErrorDetail[] = [];
    const { code: regionCode, problems: where } = jurisdictionOf(actor, input.regionCode);
    problems.push(...where);
    const hazard = input.hazard ?? prefill.hazard;
    const level = input.level ?? prefill.level;
    const area = input.area ?? prefill.area;
    if (!hazard) problems.push({ path: 'hazard', message: '请选择灾种' });
    if (!level) problems.push({ path: 'level', message: '请选择预警级别' });
    if (!area) problems.push({ path: 'area', message: '请选择预警区域' });
    const effective = input.effectiveAt ? new Date(input.effectiveAt) : (prefill.effectiveAt ?? now);
    const expires = input.expiresAt ? new Date(input.expiresAt) : (prefill.expiresAt ?? null);
    if (!expires) problems.push({ path: 'expiresAt', message: '失效时间必填' });
    else {
      if (expires.getTime() <= now.getTime())
        problems.push({ path: 'expiresAt', message: '失效时间应晚于当前时间' });
      if (effective.getTime() > expires.getTime())
        problems.push({ path: 'effectiveAt', message: '生效时间不能晚于失效时间' });
    }
    const onset = input.onsetAt ? new Date(input.onsetAt) : null;
    if (onset && expires && onset.getTime() > expires.getTime())
      problems.push({ path: 'onsetAt', message: '开始时间不能晚于失效时间' });
    let resolved: ResolvedTargets | null = null;
    if (area) {
      const r = await resolve(tx, area, regionCode);
      resolved = r.targets;
      problems.push(...r.problems);
    }
    const eventName = input.eventName ?? prefill.eventName ?? null;
    let text: { headline: string; description: string; instruction: string } | null = null;
    let infoEn: WarningEnglishText | null = null;
    if (hazard && level && expires && resolved) {
      const t: TextInput = { hazard, level, eventName, areaNames: areaNamesOf(resolved), effective, expires };
      const composed = composeText(t);
      problems.push(...composed.problems);
      if (composed.text)
        text = {
          headline: input.headline ?? composed.text.headline,
          description: input.description ?? composed.text.description,
          instruction: input.instruction ?? composed.text.instruction,
        };
      infoEn = input.infoEn === true ? composeEnglish(t) : input.infoEn ? input.infoEn : null;
    }
    rejectIfAny(problems);
    const id = randomUUID();
    const row = await insertWarning(tx, {
      id,
      chainId: id,
      msgType: 'Alert',
      capStatus: input.capStatus,
      state: 'draft',
      hazard: hazard!,
      level: level!,
      headline: text!.headline,
      description: text!.description,
      instruction: text!.instruction,
      infoEn,
      area: area!,
      targets: storedTargets(resolved!),
      audiences: input.audiences,
      channels: input.channels,
      source: prefill.source,
      sourceRef: prefill.sourceRef,
      effectiveAt: effective,
      onsetAt: onset,
      expiresAt: expires!,
      regionCode,
      authorId: userIdOf(actor),
      createdAt: now,
      updatedAt: now,
    });
    await audit(
      tx,
      actor,
      {
        action: 'warning.create',
        entityType: 'warning',
        entityId: id,
        regionCode,
        details: {
          headline: row.headline,
          hazard: row.hazard,
          level: row.level,
          capStatus: row.capStatus,
          source: row.source,
          sourceRef: row.sourceRef,
          townships: storedTargets(resolved!).townshipCodes,
        },
      },
      now,
    );
    return row;
  }

  /** What a source gives a new draft, read in `tx` (a weather signal is read before it: see createDraft). */
  async function prefillOf(
    tx: DbOrTx,
    actor: Actor,
    from: { alarmId: string } | { externalId: string } | undefined,
  ): Promise<Prefill> {
    if (!from) return { source: 'manual', sourceRef: null };
    if ('alarmId' in from) return prefillFromAlarm(tx, actor, from.alarmId);
    requirePermission(actor, 'warning:relay');
    return prefillFromExternal(tx, actor, from.externalId);
  }

  /** A new Update or Cancel draft of the chain of `id`, copying its latest published message. */
  async function draftFollowUp(
    actor: Actor,
    id: string,
    msgType: 'Update' | 'Cancel',
    raw: unknown,
  ): Promise<WarningDetail> {
    requirePermission(actor, 'warning:draft');
    const input = parse(WarningChainRequest, raw);
    if (msgType === 'Cancel' && !input.reason)
      rejectIfAny([{ path: 'reason', message: '解除预警须填写原因' }]);
    const now = clock();
    const row = await db.transaction(async (tx) => {
      const seen = await loadVisible(tx, actor, id);
      if (!mayActFor(actor, seen.regionCode)) throw notFound(WHAT);
      const chain = await lockChain(tx, seen.chainId);
      const published = chain.filter((r) => r.state === 'published');
      const base = published.at(-1);
      if (!base) throw new AppError('conflict', '该预警尚未发布，不能更新或解除；请直接修改草稿');
      const pending = chain.find((r) => r.state !== 'published' && r.state !== 'rejected');
      if (pending)
        throw new AppError('conflict', '该预警已有未签发的更新或解除草稿，请先处理该草稿', {
          details: [{ path: 'id', message: pending.id }],
        });
      const phase = phaseOfRow(base, now);
      if (phase === 'cancelled') throw new AppError('conflict', '该预警已解除，不能再更新或解除');
      if (phase === 'expired' && msgType === 'Cancel')
        throw new AppError('conflict', '该预警已过期失效，无需解除');
      let references: string | null = null;
      try {
        references = chainReferences(earlierRefs(chain, ''));
      } catch (error) {
        rejectIfAny(problemsOfError(error, 'references.'));
      }
      const level = base.level as WarningLevel;
      const hazard = base.hazard as WarningHazard;
      const cancelText =
        msgType === 'Cancel'
          ? (() => {
              const word =
                hazard === 'other' ? WARNING_HAZARD_CAP.other.event : WARNING_HAZARD_LABELS[hazard].zh;
              const headline = `${settings.issuerName}解除${word}${WARNING_LEVEL_COLOURS[level]}预警`;
              return {
                headline,
                description: `${headline}。原预警：${base.headline}（${base.identifier}）。解除原因：${input.reason}`,
                instruction: '预警已解除，请继续关注当地政府和有关部门发布的信息。',
              };
            })()
          : null;
      const newId = randomUUID();
      const next: NewWarningRow = {
        id: newId,
        chainId: base.chainId,
        msgType,
        capStatus: base.capStatus,
        state: 'draft',
        hazard: base.hazard,
        level: base.level,
        headline: cancelText?.headline ?? base.headline,
        description: cancelText?.description ?? base.description,
        instruction: cancelText?.instruction ?? base.instruction,
        infoEn: msgType === 'Cancel' ? null : base.infoEn,
        area: base.area,
        targets: base.targets,
        audiences: base.audiences,
        channels: base.channels,
        source: base.source,
        sourceRef: base.sourceRef,
        effectiveAt: msgType === 'Cancel' ? now : base.effectiveAt,
        onsetAt: base.onsetAt,
        // A Cancel is in force until the cancelled warning would have expired (never before now).
        expiresAt:
          base.expiresAt.getTime() > now.getTime() ? base.expiresAt : new Date(now.getTime() + 3_600_000),
        references,
        regionCode: base.regionCode,
        authorId: userIdOf(actor),
        returnReason: msgType === 'Cancel' ? (input.reason ?? null) : null,
        createdAt: now,
        updatedAt: now,
      };
      const inserted = await insertWarning(tx, next);
      await audit(
        tx,
        actor,
        {
          action: msgType === 'Cancel' ? 'warning.draft_cancel' : 'warning.draft_update',
          entityType: 'warning',
          entityId: newId,
          regionCode: base.regionCode,
          details: { of: base.id, identifier: base.identifier, reason: input.reason ?? null },
        },
        now,
      );
      return inserted;
    });
    return detailOf(actor, row);
  }

  // ---- sign ----

  /** Signing inside the action's transaction: identifier, CAP, validation, publish, stamps, outbox. */
  async function sign(tx: DbOrTx, actor: Actor, row: WarningRow, now: Date): Promise<Partial<NewWarningRow>> {
    const problems: ErrorDetail[] = [];
    const chain = await lockChain(tx, row.chainId);
    if (row.expiresAt.getTime() <= now.getTime())
      problems.push({ path: 'expiresAt', message: '已过失效时间，请退回修改失效时间后再签发' });
    if (row.msgType !== 'Alert') {
      const base = chain.filter((r) => r.state === 'published').at(-1);
      if (!base) problems.push({ path: 'msgType', message: `${row.msgType} 消息的预警链中没有已发布的消息` });
      else if (phaseOfRow(base, now) === 'cancelled')
        throw new AppError('conflict', '该预警已解除，不能再签发其更新或解除');
    }
    const refs = earlierRefs(chain, row.id);
    let references: string | null = null;
    try {
      references = refs.length ? chainReferences(refs) : null;
    } catch (error) {
      problems.push(...problemsOfError(error, 'references.'));
    }
    // `_N`: the day's count, one digit (GB/T 35965.1 A.1.3: the sequence within the same second). Two
    // messages of the same second get different digits unless ten are signed in it; the unique index
    // on identifier refuses that case rather than repeat an identifier.
    const sequence = (await takeWarningSequence(tx, beijingDate(now))) % 10;
    const identifier = formatWarningIdentifier({ ...settings.identifier, sentAt: now, sequence });
    const alert = alertOf(row, { identifier, sentAt: now, references });
    problems.push(...capProblemDetails([...checkCapAlert(alert), ...checkReferenceChain(alert, refs)]));
    const xml = renderCapXml(alert);
    const [xsd] = await validateAgainstCapXsd([xml]);
    if (xsd && !xsd.valid) problems.push(...xsd.problems.map((message) => ({ path: '(xsd)', message })));
    if (problems.length)
      throw new AppError('validation_failed', 'CAP 文档校验未通过，未发布', { details: problems });

    const earlier = chain.filter((r) => r.id !== row.id && r.state === 'published');
    await stampSuperseded(
      tx,
      earlier.map((r) => r.id),
      row.id,
      now,
    );
    return {
      identifier,
      sentAt: now,
      references,
      capXml: xml,
      signedById: userIdOf(actor),
    };
  }

  async function afterSign(tx: DbOrTx, actor: Actor, row: WarningRow, now: Date): Promise<void> {
    if (row.msgType === 'Cancel') await stampCancelled(tx, row.chainId, now);
    const targets = targetsOf(row);
    await insertOutboxRow(tx, {
      topic: 'warning.published',
      key: row.id,
      regionCode: row.regionCode,
      payload: {
        warningId: row.id,
        chainId: row.chainId,
        identifier: row.identifier,
        msgType: row.msgType,
        capStatus: row.capStatus,
        hazard: row.hazard,
        level: row.level,
        headline: row.headline,
        sentAt: iso(row.sentAt),
        expiresAt: row.expiresAt.toISOString(),
        townshipCodes: targets.townshipCodes,
        villageCodes: targets.villageCodes,
        audiences: row.audiences,
        channels: row.channels,
        actor: { id: userIdOf(actor), name: actor.username },
      },
      createdAt: now,
    });
  }

  /** The national-profile document of a published message, from its frozen CAP document. */
  function nationalOf(row: WarningRow): { xml: string; fileName: string } {
    if (row.state !== 'published' || !row.capXml || !row.identifier || !row.sentAt)
      throw new AppError('conflict', '签发后才有国家标准格式（GB/T 35965.1）文档');
    const { alert, problems } = parseCapXml(row.capXml);
    if (!alert) throw new AppError('internal_error', `已发布的 CAP 文档无法读取：${problems.join('；')}`);
    const hazard = row.hazard as WarningHazard;
    const level = row.level as WarningLevel;
    const eventTypeCode = NATIONAL_EVENT_TYPE[hazard];
    const xml = renderNationalXml(alert, {
      senderUnitName: settings.issuerName,
      eventTypeCode,
      eventName: hazard === 'other' ? WARNING_HAZARD_CAP.other.event : WARNING_HAZARD_LABELS[hazard].zh,
      level,
      severityLevels: settings.levelSeverity,
      issuerName: settings.issuerName,
    });
    const fileName = nationalFileName({
      senderCode: formatWarningSenderCode(settings.identifier),
      sentAt: row.sentAt,
      eventTypeCode,
      level,
      msgType: row.msgType as WarningMsgType,
    });
    return { xml, fileName };
  }

  return {
    /** Warnings in the caller's jurisdiction (see `isWarningVisible`), most recently changed first. @throws forbidden */
    async listWarnings(actor: Actor, raw: unknown): Promise<Page<WarningView>> {
      requirePermission(actor, 'warning:read');
      const q = parse(WarningListQuery, raw);
      const now = clock();
      const { items, total } = await findWarnings(db, actor.scope, actor.userId, {
        page: q.page,
        pageSize: q.pageSize,
        states: q.state,
        phase: q.phase,
        hazard: q.hazard,
        levels: q.level,
        msgType: q.msgType,
        q: q.q || undefined,
        now,
      });
      return {
        items: items.map((i) => viewOf(i.warning, i, now)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** One warning with its chain, history, the caller's allowed actions and its problems. @throws forbidden | not_found */
    async getWarning(actor: Actor, id: string): Promise<WarningDetail> {
      requirePermission(actor, 'warning:read');
      return detailOf(actor, await loadVisible(db, actor, id));
    },

    /**
     * What the composer shows before saving: the template text, the targets with the estimated population,
     * the recipients per audience and channel, a Draft-status CAP preview and its problems.
     * @throws forbidden | validation_failed
     */
    async preview(actor: Actor, raw: unknown): Promise<WarningPreviewView> {
      requirePermission(actor, 'warning:draft');
      const input = parse(WarningPreviewRequest, raw);
      const now = clock();
      const { code: regionCode, problems } = jurisdictionOf(actor, undefined);
      rejectIfAny(problems);
      const { targets, problems: areaProblems } = await resolve(db, input.area, regionCode);
      const effective = input.effectiveAt ? new Date(input.effectiveAt) : now;
      const expires = input.expiresAt ? new Date(input.expiresAt) : new Date(now.getTime() + 24 * 3_600_000);
      const composed = composeText({
        hazard: input.hazard,
        level: input.level,
        eventName: input.eventName,
        areaNames: areaNamesOf(targets),
        effective,
        expires,
      });
      rejectIfAny(composed.problems);
      const text = composed.text!;
      const row = {
        id: randomUUID(),
        msgType: 'Alert',
        capStatus: input.capStatus,
        hazard: input.hazard,
        level: input.level,
        headline: text.headline,
        description: text.description,
        instruction: text.instruction,
        infoEn: null,
        area: input.area,
        targets: storedTargets(targets),
        effectiveAt: effective,
        onsetAt: null,
        expiresAt: expires,
        returnReason: null,
      } as unknown as WarningRow;
      const alert = alertOf(row, {
        identifier: previewIdentifier(now),
        sentAt: now,
        references: null,
        status: 'Draft',
      });
      let recipients: RecipientCount[] | null = null;
      if (!areaProblems.length)
        recipients = await countRecipients(db, {
          capStatus: input.capStatus,
          hazard: input.hazard,
          townshipCodes: targets.townshipCodes,
          villageCodes: targets.villageCodes,
          audiences: input.audiences,
          channels: input.channels,
          emails: config.dissemination.emailRecipients,
          webhooks: config.dissemination.webhooks,
        });
      return {
        text,
        targets: storedTargets(targets),
        recipients,
        capXmlPreview: renderCapXml(alert),
        problems: [...areaProblems, ...capProblemDetails(checkCapAlert(alert))],
      };
    },

    /**
     * A new draft (by hand, or `from` an alarm, a weather signal or an external warning), text composed from
     * the template unless given. @throws forbidden | not_found (the source) | validation_failed (every problem)
     */
    async createDraft(actor: Actor, raw: unknown): Promise<WarningDetail> {
      requirePermission(actor, 'warning:draft');
      const input = parse(CreateWarningRequest, raw);
      const now = clock();
      // Weather signals are read before the transaction: they query outside it (one connection on PGlite).
      const from = input.from;
      const weather =
        from && 'weather' in from ? await prefillFromWeather(actor, from.weather.townshipCode) : null;
      const row = await db.transaction(async (tx) =>
        createIn(
          tx,
          actor,
          input,
          weather ?? (await prefillOf(tx, actor, from && 'weather' in from ? undefined : from)),
          now,
        ),
      );
      return detailOf(actor, row);
    },

    /**
     * For the external relay: a draft from an external warning inside the caller's transaction.
     * @throws as createDraft
     */
    async createFromExternalIn(
      tx: DbOrTx,
      actor: Actor,
      externalId: string,
      raw: Record<string, unknown>,
    ): Promise<WarningRow> {
      requirePermission(actor, 'warning:relay');
      const input = parse(CreateWarningRequest, { ...raw, from: { externalId } });
      return createIn(tx, actor, input, await prefillFromExternal(tx, actor, externalId), clock());
    },

    detailOf,

    /**
     * Changes a draft (only while 草稿; a published message is never edited — draft an Update or a Cancel).
     * Hazard, level, area or times changed without new text (or `recompose`) → the text is composed again.
     * @throws forbidden | not_found | conflict | validation_failed
     */
    async updateDraft(actor: Actor, id: string, raw: unknown): Promise<WarningDetail> {
      requirePermission(actor, 'warning:draft');
      const input = parse(UpdateWarningRequest, raw);
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const row = await loadVisible(tx, actor, id, true);
        if (row.state === 'published')
          throw new AppError('conflict', '已发布的预警不能修改；如需变更，请起草更新或解除');
        if (row.state !== 'draft') throw new AppError('conflict', '只有草稿可以修改（审核中的请先退回）');
        if (!isEditable(actor, row)) throw new AppError('forbidden', '没有修改此草稿的权限');
        const problems: ErrorDetail[] = [];
        const hazard = input.hazard ?? (row.hazard as WarningHazard);
        const level = input.level ?? (row.level as WarningLevel);
        const area = input.area ?? areaOf(row);
        const effective = input.effectiveAt ? new Date(input.effectiveAt) : row.effectiveAt;
        const expires = input.expiresAt ? new Date(input.expiresAt) : row.expiresAt;
        const onset =
          input.onsetAt === undefined ? row.onsetAt : input.onsetAt ? new Date(input.onsetAt) : null;
        if (input.expiresAt && expires.getTime() <= now.getTime())
          problems.push({ path: 'expiresAt', message: '失效时间应晚于当前时间' });
        if (effective.getTime() > expires.getTime())
          problems.push({ path: 'effectiveAt', message: '生效时间不能晚于失效时间' });
        if (onset && onset.getTime() > expires.getTime())
          problems.push({ path: 'onsetAt', message: '开始时间不能晚于失效时间' });
        if (row.msgType === 'Cancel' && (input.area || input.hazard || input.level))
          problems.push({ path: 'area', message: '解除消息沿用原预警的灾种、级别和区域' });
        let targets: WarningTargetsView = targetsOf(row);
        if (input.area) {
          const r = await resolve(tx, area, row.regionCode);
          problems.push(...r.problems);
          targets = storedTargets(r.targets);
        }
        const eventName = input.eventName === undefined ? null : input.eventName;
        const textChanged =
          input.recompose === true ||
          ((input.hazard !== undefined ||
            input.level !== undefined ||
            input.area !== undefined ||
            input.effectiveAt !== undefined ||
            input.expiresAt !== undefined) &&
            row.msgType !== 'Cancel');
        const patch: Partial<NewWarningRow> = {};
        if (textChanged) {
          const t: TextInput = {
            hazard,
            level,
            eventName,
            areaNames: areaNamesOf(targets),
            effective,
            expires,
          };
          const composed = composeText(t);
          problems.push(...composed.problems);
          if (composed.text) {
            patch.headline = composed.text.headline;
            patch.description = composed.text.description;
            patch.instruction = composed.text.instruction;
          }
          if (row.infoEn && input.infoEn === undefined) patch.infoEn = composeEnglish(t);
        } else if (input.hazard || input.level) {
          const composed = composeText({ hazard, level, eventName, areaNames: ['-'], effective, expires });
          problems.push(...composed.problems);
        }
        rejectIfAny(problems);
        if (input.headline !== undefined) patch.headline = input.headline;
        if (input.description !== undefined) patch.description = input.description;
        if (input.instruction !== undefined) patch.instruction = input.instruction;
        if (input.infoEn !== undefined)
          patch.infoEn =
            input.infoEn === true
              ? composeEnglish({
                  hazard,
                  level,
                  eventName,
                  areaNames: areaNamesOf(targets),
                  effective,
                  expires,
                })
              : input.infoEn || null;
        Object.assign(patch, {
          hazard,
          level,
          area,
          targets,
          effectiveAt: effective,
          expiresAt: expires,
          onsetAt: onset,
          ...(input.capStatus ? { capStatus: input.capStatus } : {}),
          ...(input.audiences ? { audiences: input.audiences } : {}),
          ...(input.channels ? { channels: input.channels } : {}),
          updatedAt: now,
        });
        const updated = await updateWarning(tx, id, patch);
        const changed = Object.keys(input).filter((k) => k !== 'recompose');
        await audit(
          tx,
          actor,
          {
            action: 'warning.update',
            entityType: 'warning',
            entityId: id,
            regionCode: row.regionCode,
            details: { fields: changed, headline: updated.headline, level: updated.level },
          },
          now,
        );
        return updated;
      });
      return detailOf(actor, row);
    },

    /** Deletes a draft (only while 草稿). @throws forbidden | not_found | conflict */
    async deleteDraft(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'warning:draft');
      const now = clock();
      await db.transaction(async (tx) => {
        const row = await loadVisible(tx, actor, id, true);
        if (row.state !== 'draft') throw new AppError('conflict', '只有草稿可以删除；已发布的预警请起草解除');
        if (!isEditable(actor, row)) throw new AppError('forbidden', '没有删除此草稿的权限');
        await deleteDraftWarning(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'warning.delete',
            entityType: 'warning',
            entityId: id,
            regionCode: row.regionCode,
            details: { headline: row.headline, msgType: row.msgType },
          },
          now,
        );
      });
    },

    /**
     * A workflow step: submit, approve, return, reject, sign (see domain workflow.ts; four-eyes; who signs
     * by level from the policy). `sign` publishes in the same transaction (see the file comment).
     * @throws forbidden | not_found | conflict | validation_failed (the policy's refusals, or the CAP problems)
     */
    async act(actor: Actor, id: string, raw: unknown): Promise<WarningDetail> {
      requirePermission(actor, 'warning:read');
      const input = parse(WarningActionBody, raw);
      if (input.action === 'submit') requirePermission(actor, 'warning:draft');
      const now = clock();
      try {
        const row = await db.transaction(async (tx) => {
          const row = await loadVisible(tx, actor, id, true);
          if (!mayActFor(actor, row.regionCode) && row.authorId !== actor.userId)
            throw new AppError('forbidden', '该预警不在本辖区，不能审核或签发');
          if (input.action !== 'submit' && input.action !== 'reject')
            requirePermission(actor, 'warning:sign');
          const refusals = checkWarningAction({
            state: row.state as WarningState,
            action: input.action,
            level: row.level as WarningLevel,
            authorId: row.authorId,
            actor: { id: actor.userId, roles: actor.roles },
            reason: input.reason,
            policy: settings.signOff,
          });
          if (refusals.length) {
            const stateOnly = actionsFrom(row.state as WarningState).includes(input.action) === false;
            throw new AppError(stateOnly ? 'conflict' : 'forbidden', refusals.join('；'), {
              details: refusals.map((message) => ({ path: 'action', message })),
            });
          }
          const state = nextWarningState(row.state as WarningState, input.action);
          let patch: Partial<NewWarningRow> = { state, updatedAt: now };
          switch (input.action) {
            case 'submit':
              if (row.expiresAt.getTime() <= now.getTime())
                rejectIfAny([{ path: 'expiresAt', message: '已过失效时间，请修改后再提交' }]);
              break;
            case 'approve':
              patch = { ...patch, reviewedById: userIdOf(actor), reviewedAt: now };
              break;
            case 'return':
            case 'reject':
              patch = { ...patch, returnReason: input.reason ?? null };
              break;
            case 'sign':
              patch = { ...patch, ...(await sign(tx, actor, row, now)) };
              break;
          }
          const updated = await updateWarning(tx, id, patch);
          if (input.action === 'sign') await afterSign(tx, actor, updated, now);
          await audit(
            tx,
            actor,
            {
              action: `warning.${input.action}`,
              entityType: 'warning',
              entityId: id,
              regionCode: row.regionCode,
              details: {
                state: [row.state, state],
                headline: row.headline,
                level: row.level,
                msgType: row.msgType,
                capStatus: row.capStatus,
                identifier: updated.identifier,
                reason: input.reason ?? null,
              },
            },
            now,
          );
          return updated;
        });
        return await detailOf(actor, row);
      } catch (error) {
        // A refused sign-off leaves nothing of itself but its record in the audit trail.
        if (input.action === 'sign' && error instanceof AppError && error.code === 'validation_failed') {
          const row = await getWarningById(db, id);
          if (row)
            await db.transaction((tx) =>
              audit(
                tx,
                actor,
                {
                  action: 'warning.sign',
                  entityType: 'warning',
                  entityId: id,
                  regionCode: row.regionCode,
                  outcome: 'failure',
                  details: { headline: row.headline, problems: error.details ?? [] },
                },
                now,
              ),
            );
        }
        throw error;
      }
    },

    /** 更新: a new Update draft of the chain, copying the latest published message. @throws forbidden | not_found | conflict */
    draftUpdate: (actor: Actor, id: string, raw: unknown) => draftFollowUp(actor, id, 'Update', raw),

    /** 解除: a new Cancel draft of the chain (reason required; keeps the area). @throws forbidden | not_found | conflict | validation_failed */
    draftCancel: (actor: Actor, id: string, raw: unknown) => draftFollowUp(actor, id, 'Cancel', raw),

    /**
     * The CAP document of a warning: the frozen one once published, else a preview with status Draft.
     * `national`: the national-profile document (published messages only) and its prescribed file name.
     * @throws forbidden | not_found | conflict
     */
    async capDocument(
      actor: Actor,
      id: string,
      profile: 'cap' | 'national',
    ): Promise<{ xml: string; fileName: string }> {
      requirePermission(actor, 'warning:read');
      const row = await loadVisible(db, actor, id);
      if (profile === 'national') return nationalOf(row);
      if (row.state === 'published' && row.capXml)
        return { xml: row.capXml, fileName: `${row.identifier}.xml` };
      const now = clock();
      const chain = await listChain(db, row.chainId);
      const refs = earlierRefs(chain, row.id);
      let references: string | null;
      try {
        references = refs.length ? chainReferences(refs) : null;
      } catch {
        references = null; // the preview shows the message as it stands; the detail lists the problem
      }
      const alert = alertOf(row, { identifier: `draft-${row.id}`, sentAt: now, references, status: 'Draft' });
      return { xml: renderCapXml(alert), fileName: `draft-${row.id}.xml` };
    },

    nationalOf,

    /**
     * The warnings in force for the public (published, Actual, not expired, superseded or cancelled), with
     * their area as GeoJSON (townships' zones and the drawn shapes, WGS84) and absolute CAP links from `base`.
     * No login, no jurisdiction: this is what the public page and the Atom feed show.
     */
    async publicWarnings(base: string): Promise<PublicWarningList> {
      const now = clock();
      const rows = await findPublicWarnings(db, now);
      const zones = await townshipZones(
        db,
        rows.flatMap((r) => targetsOf(r).townshipCodes),
      );
      const items = rows.map((r): PublicWarningView => {
        const hazard = r.hazard as WarningHazard;
        const level = r.level as WarningLevel;
        const targets = targetsOf(r);
        const area = areaOf(r);
        const features: PublicWarningView['area']['features'] = [];
        for (const t of targets.byTownship) {
          const zone = zones.get(t.code);
          if (zone)
            features.push({
              type: 'Feature',
              properties: { kind: 'township', code: t.code, name: t.name, whole: t.whole },
              geometry: zone,
            });
        }
        for (const ring of area.polygons)
          features.push({
            type: 'Feature',
            properties: { kind: 'polygon' },
            geometry: { type: 'Polygon', coordinates: [ring.map((p) => [p.lon, p.lat])] },
          });
        for (const c of area.circles)
          features.push({
            type: 'Feature',
            properties: { kind: 'circle', radiusKm: c.radiusKm },
            geometry: circle([c.lon, c.lat], c.radiusKm, { steps: 64, units: 'kilometers' }).geometry,
          });
        return {
          identifier: r.identifier!,
          msgType: r.msgType as WarningMsgType,
          hazard,
          hazardName: hazard === 'other' ? WARNING_HAZARD_CAP.other.event : WARNING_HAZARD_LABELS[hazard].zh,
          level,
          levelName: WARNING_LEVEL_LABELS[level].zh,
          headline: r.headline,
          description: r.description,
          guidance: r.instruction,
          senderName: settings.issuerName,
          sentAt: r.sentAt!.toISOString(),
          effectiveAt: r.effectiveAt.toISOString(),
          expiresAt: r.expiresAt.toISOString(),
          areaNames: areaNamesOf(targets),
          area: { type: 'FeatureCollection', features },
          capUrl: `${base}/public/warnings/${r.identifier}.xml`,
          nationalUrl: `${base}/public/warnings/${r.identifier}.national.xml`,
        };
      });
      return { updated: now.toISOString(), items };
    },

    /**
     * A published, Actual message's document by identifier for the public: the frozen CAP document, or the
     * national profile. Test and Exercise messages, and anything unpublished, are not found.
     * @throws not_found | conflict
     */
    async publicDocument(
      identifier: string,
      profile: 'cap' | 'national',
    ): Promise<{ xml: string; fileName: string }> {
      const row = await getPublishedByIdentifier(db, identifier);
      if (!row || row.capStatus !== 'Actual' || !row.capXml) throw notFound('预警信息');
      return profile === 'national' ? nationalOf(row) : { xml: row.capXml, fileName: `${identifier}.xml` };
    },
  };
}

export type WarningService = ReturnType<typeof createWarningService>;
