/**
 * Analysis for the command (issue #6 parts 6 and 8): resource recommendation over an in-memory index (domain
 * `buildResourceIndex`), the impact analysis around an incident, and situation reports (态势报告) compiled,
 * edited, approved (four-eyes) and published to the HQ.
 *
 * The index: built from the ledger (rescue-teams, warehouses with their stock, experts, shelters, medical
 * facilities) and kept in memory. It is rebuilt when a fingerprint of the data — count and latest update of
 * those ledger records and of the stock lots — differs from the one it was built on; the fingerprint is read
 * at most every `fingerprintEverySeconds` (5 s). Simpler and safer than a dirty flag every writer must remember
 * (imports, the CLI and other processes write too): a change shows up at the latest 5 s later.
 *
 * Medical facilities: the ledger has no hospital registry; crowded places, fire-safety key units and exposed
 * assets of kind 医院 are used.
 */
import {
  AppError,
  buildResourceIndex,
  CompileSitrepRequest,
  distanceKm,
  findSupply,
  ImpactRequest,
  isEventTypeId,
  describeEventType,
  notFound,
  PointRecommendRequest,
  recommend,
  RecommendRequest,
  UpdateSitrepRequest,
  type Actor,
  type ImpactItem,
  type ImpactView,
  type RecommendNeeds,
  type RecommendResource,
  type RecommendView,
  type ResourceIndex,
  type SitrepContent,
  type SitrepView,
  type SitrepState,
} from '@ningan/domain';
import type { CommandBus, CommandChange } from '../command/bus.ts';
import { renderSitrepDocument } from '../command/sitrep-document.ts';
import { BUREAU_NAME } from './incident-reports.service.ts';
import { appendTimeline } from '../repositories/incident-timeline.repository.ts';
import { insertNotices, uniqueRecipients } from '../repositories/command-notices.repository.ts';
import {
  getIncident,
  lockIncident,
  reportsOf,
  type IncidentRow,
} from '../repositories/incidents.repository.ts';
import {
  activeActivation,
  acksOfActivations,
  allocationsOfIncident,
  enterprisesInBox,
  getSitrep,
  getUserBrief,
  insertSitrep,
  lockSitrep,
  nextSitrepNumber,
  placedRecords,
  resourceFingerprint,
  sitrepsOfIncident,
  stockTotals,
  tasksOfIncident,
  unplacedRecords,
  updateSitrep,
  villagesInBox,
  type PlacedRecord,
  type SitrepRow,
} from '../repositories/command-response.repository.ts';
import {
  audit,
  ensureVisible,
  parseInput,
  rejectIfAny,
  requirePermission,
  type ServiceDeps,
} from './context.ts';

const RESOURCE_REGISTRIES = [
  'rescue-teams',
  'warehouses',
  'experts',
  'shelters',
  'crowded-places',
  'fire-units',
  'exposed-assets',
];
const MEDICAL_SOURCE = '人员密集场所、消防安全重点单位、重要承灾体中类别为“医院”的记录（台账无医疗机构专表）';

export interface AnalysisDeps {
  bus: CommandBus;
  /** In-app push to one account's live streams (published situation reports). */
  pushToUser(userId: string, data: unknown): number;
  /** How often the index's fingerprint is read, seconds (default 5). */
  fingerprintEverySeconds?: number;
}

interface Names {
  name: string;
  phone: string | null;
  category: string | null;
  lon: number | null;
  lat: number | null;
}

interface IndexState {
  index: ResourceIndex;
  names: Map<string, Names>;
  builtAt: Date;
  fingerprint: string;
  checkedAt: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The resources of the ledger as the domain index wants them. */
export function resourcesOf(
  placed: PlacedRecord[],
  experts: { id: string; name: string; attrs: Record<string, unknown> }[],
  stock: { warehouseId: string; itemCode: string; total: number }[],
): { resources: RecommendResource[]; names: Map<string, Names> } {
  const names = new Map<string, Names>();
  const byWarehouse = new Map<string, Record<string, number>>();
  for (const s of stock) {
    const w = byWarehouse.get(s.warehouseId) ?? {};
    w[s.itemCode] = s.total;
    byWarehouse.set(s.warehouseId, w);
  }
  const resources: RecommendResource[] = [];
  for (const r of placed) {
    const base = { id: r.id, name: r.name, lon: r.lon, lat: r.lat };
    const put = (phone: unknown, category: string | null = null) =>
      names.set(r.id, { name: r.name, phone: str(phone), category, lon: r.lon, lat: r.lat });
    switch (r.registry) {
      case 'rescue-teams':
        resources.push({
          ...base,
          kind: 'team',
          specialties: (r.attrs.specialties as string[] | undefined) ?? [],
          readiness: str(r.attrs.readiness) ?? '',
          ...(typeof r.attrs.headcount === 'number' ? { headcount: r.attrs.headcount } : {}),
        });
        put(r.attrs.leaderPhone);
        break;
      case 'warehouses':
        resources.push({ ...base, kind: 'warehouse', stock: byWarehouse.get(r.id) ?? {} });
        put(r.attrs.keeperPhone);
        break;
      case 'shelters':
        resources.push({
          ...base,
          kind: 'shelter',
          capacity: typeof r.attrs.capacity === 'number' ? r.attrs.capacity : 0,
          // The registry keeps no occupancy: a shelter counts as empty.
          occupied: typeof r.attrs.occupied === 'number' ? r.attrs.occupied : 0,
          status: str(r.attrs.status) ?? '可用',
        });
        put(r.attrs.managerPhone);
        break;
      case 'crowded-places':
      case 'fire-units':
      case 'exposed-assets':
        if (r.attrs.kind === '医院') {
          resources.push({ ...base, kind: 'medical' });
          put(r.attrs.managerPhone, '医院');
        }
        break;
      default:
        break;
    }
  }
  for (const e of experts) {
    resources.push({
      kind: 'expert',
      id: e.id,
      name: e.name,
      lon: null,
      lat: null,
      specialties: (e.attrs.specialties as string[] | undefined) ?? [],
    });
    names.set(e.id, { name: e.name, phone: str(e.attrs.phone), category: null, lon: null, lat: null });
  }
  return { resources, names };
}

function box(lon: number, lat: number, km: number) {
  const dLat = km / 110.574;
  const dLon = km / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { minLon: lon - dLon, maxLon: lon + dLon, minLat: lat - dLat, maxLat: lat + dLat };
}

export function createCommandAnalysisService(deps: ServiceDeps, a: AnalysisDeps) {
  const { db, clock } = deps;
  const checkEveryMs = (a.fingerprintEverySeconds ?? 5) * 1000;
  let state: IndexState | null = null;
  let building: Promise<IndexState> | null = null;

  async function nameOf(actor: Actor): Promise<string> {
    if (actor.via === 'system' || actor.via === 'cli') return actor.username;
    return (await getUserBrief(db, actor.userId))?.displayName ?? actor.username;
  }
  const actorId = (actor: Actor) => (actor.via === 'system' || actor.via === 'cli' ? null : actor.userId);
  const publish = (changes: Omit<CommandChange, 'at'>[]) =>
    a.bus.publish(changes.map((c) => ({ ...c, at: Date.now() })));

  async function visibleIncident(actor: Actor, id: string): Promise<IncidentRow> {
    return ensureVisible(actor, await getIncident(db, id), '事件');
  }

  async function build(fingerprint: string): Promise<IndexState> {
    const [placed, experts, stock] = await Promise.all([
      placedRecords(
        db,
        RESOURCE_REGISTRIES.filter((r) => r !== 'experts'),
      ),
      unplacedRecords(db, 'experts'),
      stockTotals(db),
    ]);
    const { resources, names } = resourcesOf(placed, experts, stock);
    return {
      index: buildResourceIndex(resources),
      names,
      builtAt: clock(),
      fingerprint,
      checkedAt: Date.now(),
    };
  }

  /** The index, rebuilt when the data's fingerprint changed (read at most every few seconds). */
  async function currentIndex(): Promise<IndexState> {
    if (state && Date.now() - state.checkedAt < checkEveryMs) return state;
    const fingerprint = await resourceFingerprint(db, RESOURCE_REGISTRIES);
    if (state && state.fingerprint === fingerprint) {
      state.checkedAt = Date.now();
      return state;
    }
    building ??= build(fingerprint).finally(() => {
      building = null;
    });
    state = await building;
    return state;
  }

  async function recommendAt(
    lon: number,
    lat: number,
    input: { needs: RecommendNeeds; limit?: number | undefined; maxDistanceKm?: number | undefined },
  ): Promise<RecommendView> {
    const s = await currentIndex();
    const rec = recommend(s.index, {
      lon,
      lat,
      needs: input.needs,
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      ...(input.maxDistanceKm !== undefined ? { maxDistanceKm: input.maxDistanceKm } : {}),
    });
    const base = (m: {
      resource: { id: string; name: string };
      distanceKm: number | null;
      travelMinutes: number | null;
    }) => {
      const n = s.names.get(m.resource.id);
      return {
        id: m.resource.id,
        name: m.resource.name,
        lon: n?.lon ?? null,
        lat: n?.lat ?? null,
        distanceKm: m.distanceKm,
        travelMinutes: m.travelMinutes,
        phone: n?.phone ?? null,
      };
    };
    return {
      center: { lon, lat },
      teams: rec.teams.map((t) => ({
        specialty: t.specialty,
        matches: t.matches.map((m) => ({
          ...base(m),
          specialties: [...m.resource.specialties],
          readiness: m.resource.readiness,
          headcount: m.resource.headcount ?? null,
        })),
      })),
      supplies: rec.supplies.map((s2) => {
        const supply = findSupply(s2.item);
        return {
          item: s2.item,
          itemName: supply?.name ?? s2.item,
          unit: supply?.unit ?? '',
          needed: s2.needed,
          available: s2.available,
          shortfall: s2.shortfall,
          matches: s2.matches.map((m) => ({ ...base(m), quantity: m.quantity })),
        };
      }),
      experts: rec.experts.map((e) => ({
        specialty: e.specialty,
        matches: e.matches.map((m) => ({ ...base(m), specialties: [...m.resource.specialties] })),
      })),
      shelters: rec.shelters && {
        people: rec.shelters.people,
        free: rec.shelters.free,
        shortfall: rec.shelters.shortfall,
        matches: rec.shelters.matches.map((m) => ({
          ...base(m),
          capacity: m.resource.capacity,
          free: m.free,
        })),
      },
      medical:
        rec.medical?.map((m) => ({ ...base(m), category: s.names.get(m.resource.id)?.category ?? null })) ??
        null,
      sources: { medical: MEDICAL_SOURCE },
      index: { size: s.index.size, builtAt: s.builtAt.toISOString() },
    };
  }

  function locate(incident: IncidentRow, lon: number | undefined, lat: number | undefined) {
    const x = lon ?? incident.lon;
    const y = lat ?? incident.lat;
    if (x === null || x === undefined || y === null || y === undefined)
      rejectIfAny([{ path: 'lon', message: '事件没有位置，请在地图上选点（lon、lat）' }]);
    return { lon: x!, lat: y! };
  }

  function sitrepView(s: SitrepRow): SitrepView {
    return {
      id: s.id,
      incidentId: s.incidentId,
      n: s.n,
      state: s.state as SitrepState,
      content: s.content as SitrepContent,
      compiledByName: s.compiledByName,
      compiledAt: s.compiledAt.toISOString(),
      approvedByName: s.approvedByName,
      approvedAt: s.approvedAt?.toISOString() ?? null,
      publishedAt: s.publishedAt?.toISOString() ?? null,
    };
  }

  async function sitrepOf(actor: Actor, id: string): Promise<{ s: SitrepRow; incident: IncidentRow }> {
    const s = await getSitrep(db, id);
    const incident = s ? await getIncident(db, s.incidentId) : null;
    if (!s || !incident) throw notFound('态势报告');
    ensureVisible(actor, incident, '态势报告');
    return { s, incident };
  }

  const FIGURE_TEXT: Record<string, string> = {
    deaths: '死亡',
    missing: '失踪',
    seriousInjuries: '重伤',
    injuries: '受伤',
    affectedPeople: '受灾',
    evacuated: '转移安置',
    directLossWanYuan: '直接经济损失（万元）',
    burnedAreaHa: '受害森林面积（公顷）',
  };

  const service = {
    /** Recommendation for an incident's location (or a point given). @throws forbidden | not_found | validation_failed */
    async recommendForIncident(actor: Actor, incidentId: string, raw: unknown): Promise<RecommendView> {
      requirePermission(actor, 'incident:read');
      const input = parseInput(RecommendRequest, raw);
      const incident = await visibleIncident(actor, incidentId);
      const at = locate(incident, input.lon, input.lat);
      return recommendAt(at.lon, at.lat, input);
    },

    /** Recommendation for a point. @throws forbidden | validation_failed */
    async recommendAtPoint(actor: Actor, raw: unknown): Promise<RecommendView> {
      requirePermission(actor, 'incident:read');
      const input = parseInput(PointRecommendRequest, raw);
      return recommendAt(input.lon, input.lat, input);
    },

    /** Drops the index (tests; a caller that knows the data changed). */
    invalidateIndex(): void {
      state = null;
    },

    /**
     * What lies within `radiusKm` of the incident (or the point given): villages with their population,
     * enterprises, hazard sources, hazard points, schools, hospitals, crowded places, resources — nearest
     * first. `record: true` (incident:write) writes a timeline `impact` entry.
     * @throws forbidden | not_found | validation_failed
     */
    async impact(actor: Actor, incidentId: string, raw: unknown): Promise<ImpactView> {
      requirePermission(actor, 'incident:read');
      const input = parseInput(ImpactRequest, raw);
      if (input.record) requirePermission(actor, 'incident:write');
      const incident = await visibleIncident(actor, incidentId);
      const c = locate(incident, input.lon, input.lat);
      const b = box(c.lon, c.lat, input.radiusKm);
      const within = <T extends { lon: number; lat: number }>(xs: T[]) =>
        xs
          .map((x) => ({ x, d: distanceKm(c.lon, c.lat, x.lon, x.lat) }))
          .filter((e) => e.d <= input.radiusKm)
          .sort((p, q) => p.d - q.d);
      const [villages, firms, placed] = await Promise.all([
        villagesInBox(db, b),
        enterprisesInBox(db, b),
        placedRecords(
          db,
          [
            'hazard-sources',
            'geo-hazards',
            'flood-zones',
            'risk-points',
            'crowded-places',
            'fire-units',
            'exposed-assets',
            'rescue-teams',
            'warehouses',
            'shelters',
          ],
          b,
        ),
      ]);
      const item = (r: PlacedRecord, d: number, kind = r.registry): ImpactItem => ({
        id: r.id,
        name: r.name,
        kind,
        lon: r.lon,
        lat: r.lat,
        distanceKm: round3(d),
        grade: r.grade,
      });
      const near = within(placed);
      const pick = (f: (r: PlacedRecord) => boolean, kind?: (r: PlacedRecord) => string) =>
        near.filter((e) => f(e.x)).map((e) => item(e.x, e.d, kind?.(e.x)));
      const kindIs = (k: string) => (r: PlacedRecord) =>
        ['crowded-places', 'fire-units', 'exposed-assets'].includes(r.registry) && r.attrs.kind === k;
      const vs = within(villages).map((e) => ({
        code: e.x.code,
        name: e.x.name,
        township: e.x.township,
        population: e.x.population,
        distanceKm: round3(e.d),
      }));
      const view: ImpactView = {
        center: c,
        radiusKm: input.radiusKm,
        villages: vs,
        population: {
          total: vs.reduce((n, v) => n + (v.population ?? 0), 0),
          villagesWithoutFigure: vs.filter((v) => v.population === null).length,
        },
        enterprises: within(firms).map((e) => ({
          id: e.x.id,
          name: e.x.name,
          kind: e.x.industry,
          lon: e.x.lon,
          lat: e.x.lat,
          distanceKm: round3(e.d),
        })),
        hazardSources: pick((r) => r.registry === 'hazard-sources'),
        hazardPoints: pick((r) => ['geo-hazards', 'flood-zones', 'risk-points'].includes(r.registry)),
        schools: pick(kindIs('学校'), () => '学校'),
        hospitals: pick(kindIs('医院'), () => '医院'),
        crowdedPlaces: pick((r) => r.registry === 'crowded-places'),
        resources: {
          teams: pick((r) => r.registry === 'rescue-teams'),
          warehouses: pick((r) => r.registry === 'warehouses'),
          shelters: pick((r) => r.registry === 'shelters'),
        },
        recordedSeq: null,
      };
      if (input.record) {
        const now = clock();
        const who = await nameOf(actor);
        const seq = await db.transaction(async (tx) => {
          const entry = await appendTimeline(tx, {
            incidentId,
            at: now,
            kind: 'impact',
            actorId: actorId(actor),
            actorName: who,
            summary:
              `影响分析（半径 ${input.radiusKm} km）：村 ${vs.length} 个，人口约 ${view.population.total} 人` +
              `${view.population.villagesWithoutFigure ? `（${view.population.villagesWithoutFigure} 个村无人口数）` : ''}，` +
              `企业 ${view.enterprises.length} 家，重大危险源 ${view.hazardSources.length} 处，隐患点 ${view.hazardPoints.length} 处，` +
              `学校 ${view.schools.length} 所，医院 ${view.hospitals.length} 所`,
            data: {
              center: c,
              radiusKm: input.radiusKm,
              villages: vs.length,
              population: view.population,
              enterprises: view.enterprises.length,
              hazardSources: view.hazardSources.length,
              hazardPoints: view.hazardPoints.length,
              schools: view.schools.length,
              hospitals: view.hospitals.length,
            },
          });
          await audit(
            tx,
            actor,
            {
              action: 'incident.impact',
              entityType: 'incident',
              entityId: incidentId,
              regionCode: incident.regionCode,
              details: { center: c, radiusKm: input.radiusKm, villages: vs.length },
            },
            now,
          );
          return entry.seq;
        });
        view.recordedSeq = seq;
        publish([{ incidentId, regionCode: incident.regionCode, topic: 'timeline', seq }]);
      }
      return view;
    },

    /** The incident's situation reports. @throws forbidden | not_found */
    async listSitreps(actor: Actor, incidentId: string): Promise<SitrepView[]> {
      requirePermission(actor, 'incident:read');
      await visibleIncident(actor, incidentId);
      return (await sitrepsOfIncident(db, incidentId)).map(sitrepView);
    },

    sitrepView,

    /** The report as a .docx (态势报告). @throws forbidden | not_found */
    async sitrepDocument(actor: Actor, id: string): Promise<{ fileName: string; content: Buffer }> {
      requirePermission(actor, 'incident:read');
      const { s, incident } = await sitrepOf(actor, id);
      const content = await renderSitrepDocument({
        unitName: BUREAU_NAME,
        n: s.n,
        content: s.content as SitrepContent,
        compiledByName: s.compiledByName,
        compiledAt: s.compiledAt,
        approvedByName: s.approvedByName,
        approvedAt: s.approvedAt,
        publishedAt: s.publishedAt,
      });
      return { fileName: `${incident.title}态势报告第${s.n}期.docx`, content };
    },

    /** One situation report. @throws forbidden | not_found */
    async getSitrep(actor: Actor, id: string): Promise<SitrepView> {
      requirePermission(actor, 'incident:read');
      return sitrepView((await sitrepOf(actor, id)).s);
    },

    /**
     * Compiles a situation report (态势) from the incident's facts, figures, grade and level, the activation,
     * tasks, allocations and reports filed, as a draft. @throws forbidden | not_found | validation_failed
     */
    async compileSitrep(actor: Actor, incidentId: string, raw: unknown): Promise<SitrepView> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(CompileSitrepRequest, raw);
      await visibleIncident(actor, incidentId);
      const now = clock();
      const who = await nameOf(actor);
      const out = await db.transaction(async (tx) => {
        const incident = await lockIncident(tx, incidentId);
        if (!incident) throw notFound('事件');
        // One query at a time: a transaction is one connection.
        const tasks = await tasksOfIncident(tx, incidentId);
        const allocations = await allocationsOfIncident(tx, incidentId);
        const reports = await reportsOf(tx, [incidentId]);
        const activation = await activeActivation(tx, incidentId);
        const acks = activation ? await acksOfActivations(tx, [activation.id]) : [];
        const figures: Record<string, number> = {};
        for (const [k, v] of Object.entries((incident.figures ?? {}) as Record<string, unknown>))
          if (typeof v === 'number' && FIGURE_TEXT[k]) figures[FIGURE_TEXT[k]] = v;
        const done = tasks.filter((t) => t.state === 'completed').length;
        const open = tasks.filter((t) => ['pending_read', 'read', 'feedback'].includes(t.state)).length;
        const overdue = tasks.filter(
          (t) => ['pending_read', 'read', 'feedback'].includes(t.state) && t.dueAt && t.dueAt <= now,
        ).length;
        const n = await nextSitrepNumber(tx, incidentId);
        const type =
          incident.eventType && isEventTypeId(incident.eventType)
            ? describeEventType(incident.eventType)
            : '未分类';
        const bj = (d: Date) =>
          new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
        const figureText = Object.entries(figures)
          .map(([k, v]) => `${k} ${v}`)
          .join('，');
        const body = [
          `一、基本情况：${bj(incident.occurredAt)}（北京时间），${incident.description ?? incident.title}。事件类型：${type}。`,
          `二、灾情/伤亡：${figureText || '暂无人员伤亡和损失数字报告'}。${incident.grade ? `按规定定级为${incident.grade}。` : '尚未定级。'}`,
          `三、响应情况：${
            activation
              ? `${bj(activation.decidedAt)}启动${activation.level}级响应（${activation.decidedByName}决定：${activation.reason}），指挥部成员应答 ${acks.filter((k) => k.answeredAt).length}/${acks.length} 人。`
              : incident.responseLevel
                ? `响应级别 ${incident.responseLevel} 级。`
                : '尚未启动应急响应。'
          }`,
          `四、处置进展：下达任务 ${tasks.length} 项，已完成 ${done} 项，在办 ${open} 项${overdue ? `（超时 ${overdue} 项）` : ''}；调拨物资 ${allocations.length} 批（已到达 ${allocations.filter((x) => x.state === 'arrived').length} 批）；已报送信息 ${reports.length} 次。`,
          `五、下步工作：${input.text ?? '继续做好现场处置、监测预警和信息报送。'}`,
        ].join('\n');
        const content: SitrepContent = {
          title: `${incident.title}态势报告（第${n}期）`,
          body,
          figures,
          grade: incident.grade,
          responseLevel: incident.responseLevel,
          tasks: { open, done, overdue },
          allocations: allocations.length,
          reportsFiled: reports.length,
          nextSteps: input.text ?? '',
        };
        const s = await insertSitrep(tx, {
          incidentId,
          n,
          state: 'draft',
          content,
          compiledById: actorId(actor),
          compiledByName: who,
          compiledAt: now,
        });
        const entry = await appendTimeline(tx, {
          incidentId,
          at: now,
          kind: 'sitrep',
          actorId: actorId(actor),
          actorName: who,
          summary: `编制态势报告第${n}期（草稿）`,
          refId: s.id,
        });
        await audit(
          tx,
          actor,
          {
            action: 'incident.sitrep_compile',
            entityType: 'incident_sitrep',
            entityId: s.id,
            regionCode: incident.regionCode,
            details: { incidentId, n },
          },
          now,
        );
        return { s, incident, seq: entry.seq };
      });
      publish([
        { incidentId, regionCode: out.incident.regionCode, topic: 'sitrep', seq: out.seq, refId: out.s.id },
      ]);
      return sitrepView(out.s);
    },

    /** Edits a draft. @throws forbidden | not_found | validation_failed (not a draft) */
    async updateSitrep(actor: Actor, id: string, raw: unknown): Promise<SitrepView> {
      requirePermission(actor, 'incident:write');
      const input = parseInput(UpdateSitrepRequest, raw);
      const { incident } = await sitrepOf(actor, id);
      const now = clock();
      const s = await db.transaction(async (tx) => {
        const row = await lockSitrep(tx, id);
        if (!row) throw notFound('态势报告');
        if (row.state !== 'draft') rejectIfAny([{ path: 'state', message: '只有草稿可以修改' }]);
        const updated = await updateSitrep(tx, id, { content: input.content });
        await audit(
          tx,
          actor,
          {
            action: 'incident.sitrep_compile',
            entityType: 'incident_sitrep',
            entityId: id,
            regionCode: incident.regionCode,
            details: { incidentId: incident.id, n: row.n, edited: true },
          },
          now,
        );
        return updated;
      });
      publish([{ incidentId: incident.id, regionCode: incident.regionCode, topic: 'sitrep', refId: id }]);
      return sitrepView(s);
    },

    /**
     * Approves (审核) a draft: incident:command, and not the person who compiled it (four-eyes).
     * Publishes (发布) an approved one to the HQ members of the running activation: in-app push + timeline.
     * @throws forbidden | not_found | validation_failed
     */
    async sitrepStep(actor: Actor, id: string, step: 'approve' | 'publish'): Promise<SitrepView> {
      requirePermission(actor, 'incident:command');
      const { incident } = await sitrepOf(actor, id);
      const now = clock();
      const who = await nameOf(actor);
      const pushTo: string[] = [];
      const out = await db.transaction(async (tx) => {
        const row = await lockSitrep(tx, id);
        if (!row) throw notFound('态势报告');
        if (step === 'approve') {
          if (row.state !== 'draft') rejectIfAny([{ path: 'state', message: '只有草稿可以审核' }]);
          if (row.compiledById && row.compiledById === actorId(actor))
            throw new AppError('forbidden', '态势报告须由编制人以外的指挥人员审核');
        } else if (row.state !== 'approved')
          rejectIfAny([
            { path: 'state', message: row.state === 'draft' ? '态势报告须先审核再发布' : '已发布' },
          ]);
        const updated = await updateSitrep(
          tx,
          id,
          step === 'approve'
            ? { state: 'approved', approvedById: actorId(actor), approvedByName: who, approvedAt: now }
            : { state: 'published', publishedAt: now },
        );
        let recipients = 0;
        let texted = 0;
        if (step === 'publish') {
          const activation = await activeActivation(tx, incident.id);
          const acks = activation ? await acksOfActivations(tx, [activation.id]) : [];
          for (const k of acks) if (k.userId && !pushTo.includes(k.userId)) pushTo.push(k.userId);
          recipients = acks.length;
          // SMS to every member with a phone (the outbox row commits with the publication).
          const content = row.content as SitrepContent;
          const body = content.body.replace(/\s+/g, ' ').trim();
          texted = (
            await insertNotices(
              tx,
              uniqueRecipients(
                acks.map((k) => ({ key: k.recipientKey, name: k.personName, phone: k.phone ?? '' })),
              ).map((to) => ({
                incidentId: incident.id,
                kind: 'sitrep' as const,
                ref: id,
                recipient: to,
                text: `【态势报告第${row.n}期】${content.title}：${body.length > 200 ? `${body.slice(0, 199)}…` : body}`,
              })),
              now,
            )
          ).length;
        }
        const entry = await appendTimeline(tx, {
          incidentId: incident.id,
          at: now,
          kind: 'sitrep',
          actorId: actorId(actor),
          actorName: who,
          summary:
            step === 'approve'
              ? `审核通过态势报告第${row.n}期`
              : `发布态势报告第${row.n}期至指挥部成员 ${recipients} 人（短信 ${texted} 人，应用内 ${pushTo.length} 人）`,
          data: step === 'publish' ? { recipients, app: pushTo.length, sms: texted } : null,
          refId: id,
        });
        await audit(
          tx,
          actor,
          {
            action: step === 'approve' ? 'incident.sitrep_approve' : 'incident.sitrep_publish',
            entityType: 'incident_sitrep',
            entityId: id,
            regionCode: incident.regionCode,
            details: { incidentId: incident.id, n: row.n },
          },
          now,
        );
        return { updated, seq: entry.seq };
      });
      for (const userId of pushTo)
        a.pushToUser(userId, {
          kind: 'sitrep',
          incidentId: incident.id,
          sitrepId: id,
          text: (out.updated.content as SitrepContent).title,
        });
      publish([
        {
          incidentId: incident.id,
          regionCode: incident.regionCode,
          topic: 'sitrep',
          seq: out.seq,
          refId: id,
        },
      ]);
      return sitrepView(out.updated);
    },
  };
  return service;
}

export type CommandAnalysisService = ReturnType<typeof createCommandAnalysisService>;
