/**
 * The declarative ledger registries (domain `REGISTRIES`): list, detail, create, change, delete, history,
 * import/export and map features for any registry, authorised by permission and jurisdiction, every
 * change audited in its transaction. Derived results (GB 18218 grading, LEC, due dates) are computed by
 * the domain on every write, stored with the record and shown as the working.
 */
import {
  AppError,
  createRequestSchema,
  DEFAULT_MAJOR_HAZARD_CONFIG,
  deriveRecord,
  filterFields,
  findRegistry,
  hasPermission,
  isInScope,
  LedgerGeometry,
  recordKey,
  REGISTRIES,
  updateRequestSchema,
  type Actor,
  type AuditView,
  type DeriveContext,
  type ErrorDetail,
  type ImportProgress,
  type ImportResult,
  type LedgerCreateRequest,
  type LedgerRecordView,
  type ListQuery,
  type Page,
  type RegistryDef,
  worstRiskColor,
} from '@ningan/domain';
import { booleanPointInPolygon, point, pointOnFeature } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DbOrTx } from '../db/client.ts';
import type { Table } from '../lib/table-reader.ts';
import { writeXlsx } from '../lib/xlsx.ts';
import { deleteAttachmentsOfRecord, lockRecord } from '../repositories/attachments.repository.ts';
import { appendAuditBatch, findAuditForEntity, type AuditEntry } from '../repositories/audit.repository.ts';
import { getEnterpriseById, streamEnterprises } from '../repositories/enterprises.repository.ts';
import {
  countLedgerByGrade,
  countLedgerOfEnterprise,
  deleteLedgerRecord,
  findLedgerFeatures,
  findLedgerRecords,
  findLedgerRefs,
  findReferrers,
  getLedgerRecordById,
  getLedgerRecordByKey,
  insertLedgerRecords,
  listLedgerRecords,
  scopedRecord,
  searchEnterprises,
  searchLedgerRecords,
  searchRegions,
  streamLedgerRecords,
  toLedgerView,
  updateLedgerRecord,
  type LedgerFilter,
  type LedgerRow,
  type NewLedgerRow,
} from '../repositories/ledger.repository.ts';
import { getOrgUnitById, listDepartments } from '../repositories/org-units.repository.ts';
import { hasStockRecords } from '../repositories/stock.repository.ts';
import { csvCell, csvFile } from '../lib/csv.ts';
import { getRegion, listRegionCodes, regionDisplayNames } from '../repositories/regions.repository.ts';
import {
  audit,
  auditEntryOf,
  beijingDate,
  diff,
  ensureVisible,
  rejectIfAny,
  requirePermission,
  zodProblems,
  type ServiceDeps,
} from './context.ts';
import { attachmentAuditDetails } from './attachments.service.ts';
import {
  ledgerColumns,
  requiredHeaders,
  sheetRowToRequest,
  type SheetLookups,
  type SheetNames,
} from './ledger-sheet.ts';

export type LedgerImportResult = ImportResult;

/**
 * Rows checked between two `validated` reports of an import; records written between two `written` ones
 * (also the rows of one multi-row INSERT).
 */
const VALIDATE_PROGRESS_EVERY = 1000;
const WRITE_PROGRESS_EVERY = 100;

export interface SearchResult {
  kind: 'enterprise' | 'record' | 'region';
  registry: string;
  id: string;
  name: string;
  subtitle: string | null;
  regionCode: string;
  lon: number | null;
  lat: number | null;
}

const DEPARTMENT_KINDS = ['department', 'bureau_office', 'bureau'];

/** Lower-cased name and searchable fields. */
/** What the registries' derivations need: today's Beijing date and the configured rules. */
export function deriveContextOf(config: ServiceDeps['config'], now: Date): DeriveContext {
  return {
    today: beijingDate(now),
    lec: config.ledger.lec,
    majorHazard: DEFAULT_MAJOR_HAZARD_CONFIG,
    planReviewYears: config.ledger.planReviewYears,
    expiringWithinDays: config.ledger.expiringWithinDays,
  };
}

export function searchTextOf(def: RegistryDef, name: string, attrs: Record<string, unknown>): string {
  const parts = [name];
  for (const f of def.fields)
    if ((f.search || f.key === def.keyField) && typeof attrs[f.key] === 'string')
      parts.push(attrs[f.key] as string);
  return parts.join(' ').toLowerCase();
}

/** A representative point of a line or polygon (labels, search results). */
export function pointOf(g: LedgerGeometry): [number, number] {
  if (g.type === 'LineString') return g.coordinates[Math.floor(g.coordinates.length / 2)]!;
  return pointOnFeature({ type: 'Feature', properties: {}, geometry: g }).geometry.coordinates as [
    number,
    number,
  ];
}

/** What placement checks look up: the database one by one, or preloaded for an import. */
interface Lookups {
  regionExists(code: string): Promise<boolean>;
  enterprise(
    id: string,
  ): Promise<{ orgUnitId: string; regionCode: string; supervisorId: string | null } | null>;
  isDepartment(id: string): Promise<boolean>;
  ref(id: string): Promise<{
    registry: string;
    regionCode: string;
    orgUnitId: string | null;
    supervisorId: string | null;
  } | null>;
  byKey(registry: string, key: string): Promise<{ id: string } | null>;
}

export function createLedgerService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  let countyShape: Polygon | MultiPolygon | null | undefined;

  function registry(key: string): RegistryDef {
    const def = findRegistry(key);
    if (!def) throw new AppError('not_found', `没有名为 ${key} 的台账`);
    return def;
  }

  const deriveContext = () => deriveContextOf(config, clock());

  async function countyGeometry(tx: DbOrTx): Promise<Polygon | MultiPolygon | null> {
    if (countyShape === undefined)
      countyShape =
        ((await getRegion(tx, config.regionCode))?.geometry as Polygon | MultiPolygon | null) ?? null;
    return countyShape;
  }

  const dbLookups = (tx: DbOrTx): Lookups => ({
    regionExists: async (code) => (await getRegion(tx, code)) !== null,
    enterprise: async (id) => {
      const e = await getEnterpriseById(tx, id);
      return (
        e && { orgUnitId: e.orgUnitId, regionCode: e.regionCode, supervisorId: e.supervisingDepartmentId }
      );
    },
    isDepartment: async (id) => {
      const unit = await getOrgUnitById(tx, id);
      return unit !== null && DEPARTMENT_KINDS.includes(unit.kind);
    },
    ref: async (id) => {
      const [r] = await findLedgerRefs(tx, [id]);
      return r ? { ...r, supervisorId: r.supervisingDepartmentId } : null;
    },
    byKey: (registryKey, key) => getLedgerRecordByKey(tx, registryKey, key),
  });

  /**
   * Every problem with a complete request: place, enterprise, department, references, derived checks,
   * uniqueness and jurisdiction. Returns the row to store. `prefix` places problems in a sheet row.
   */
  async function prepare(
    def: RegistryDef,
    lookups: Lookups,
    shape: Polygon | MultiPolygon | null,
    actor: Actor,
    input: LedgerCreateRequest,
    self: { id: string } | null,
    prefix = '',
  ): Promise<{ problems: ErrorDetail[]; row: Omit<NewLedgerRow, 'createdAt' | 'updatedAt' | 'isDemo'> }> {
    const problems: ErrorDetail[] = [];
    const at = (path: string) => `${prefix}${path}`;
    if (!input.regionCode.startsWith(config.regionCode) || !(await lookups.regionExists(input.regionCode)))
      problems.push({ path: at('regionCode'), message: `区划 ${input.regionCode} 不是本县的乡镇或村(社区)` });
    let lon = input.lon;
    let lat = input.lat;
    if (lon !== null && lat !== null && shape && !booleanPointInPolygon(point([lon, lat]), shape))
      problems.push({ path: at('lon'), message: `位置 (${lon}, ${lat}) 不在本县范围内` });
    if (input.geometry) {
      const coords =
        input.geometry.type === 'LineString' ? input.geometry.coordinates : input.geometry.coordinates.flat();
      const outside = shape ? coords.filter((c) => !booleanPointInPolygon(point(c), shape)).length : 0;
      if (outside) problems.push({ path: at('geometry'), message: `有 ${outside} 个坐标点不在本县范围内` });
      [lon, lat] = pointOf(input.geometry);
    }
    let orgUnitId: string | null = null;
    if (input.enterpriseId) {
      const e = await lookups.enterprise(input.enterpriseId);
      if (!e) problems.push({ path: at('enterpriseId'), message: '所属企业不存在' });
      else if (
        !isInScope(actor.scope, {
          regionCode: e.regionCode,
          orgUnitId: e.orgUnitId,
          supervisorId: e.supervisorId,
        })
      )
        problems.push({ path: at('enterpriseId'), message: '所属企业不在本人管辖范围内' });
      else orgUnitId = e.orgUnitId;
    }
    if (input.supervisingDepartmentId && !(await lookups.isDepartment(input.supervisingDepartmentId)))
      problems.push({ path: at('supervisingDepartmentId'), message: '监管部门不存在' });
    for (const f of def.fields) {
      if (f.type !== 'ref') continue;
      const id = input.attrs[f.key];
      if (typeof id !== 'string') continue;
      const target = await lookups.ref(id);
      if (!target || target.registry !== f.to || !isInScope(actor.scope, target))
        problems.push({ path: at(`attrs.${f.key}`), message: `${f.zh}不存在或不在管辖范围内` });
    }
    const derivation = deriveRecord(def, { attrs: input.attrs, geometry: input.geometry }, deriveContext());
    problems.push(...derivation.problems.map((p) => ({ path: at(`attrs.${p.path}`), message: p.message })));
    const key = recordKey(def, input);
    const same = await lookups.byKey(def.key, key);
    if (same && same.id !== self?.id)
      problems.push({
        path: at(def.keyField ? `attrs.${def.keyField}` : 'name'),
        message: def.keyField
          ? `${def.fields.find((f) => f.key === def.keyField)!.zh}已登记`
          : `同一地点已有同名的${def.zh}记录`,
      });
    if (def.enterprise === 'none' || !input.enterpriseId) {
      if (actor.scope.level === 'enterprise')
        problems.push({ path: at('enterpriseId'), message: '企业用户只能登记本企业的记录' });
    }
    if (
      !isInScope(actor.scope, {
        regionCode: input.regionCode,
        orgUnitId,
        supervisorId: input.supervisingDepartmentId,
      })
    )
      problems.push({ path: at('regionCode'), message: '超出本人管辖范围' });
    return {
      problems,
      row: {
        registry: def.key,
        recordKey: key,
        name: input.name,
        regionCode: input.regionCode,
        lon,
        lat,
        geometry: input.geometry,
        enterpriseId: input.enterpriseId,
        orgUnitId,
        supervisingDepartmentId: input.supervisingDepartmentId,
        attrs: input.attrs,
        derived: derivation.derived,
        grade: derivation.grade,
        searchText: searchTextOf(def, input.name, input.attrs),
      },
    };
  }

  /**
   * What differs between a stored record and a prepared row, as {field: [before, after]}: top-level
   * parts by name, registry fields as `attrs.<key>` (jsonb does not keep key order), and the grade.
   */
  function changesOf(
    before: LedgerRow,
    next: Omit<NewLedgerRow, 'createdAt' | 'updatedAt' | 'isDemo'>,
  ): Record<string, [unknown, unknown]> {
    const { attrs: a, ...top } = requestOf(before);
    const { attrs: b, ...nextTop } = requestOf(next as LedgerRow);
    const changes = diff({ ...top, grade: before.grade }, { ...nextTop, grade: next.grade ?? null });
    const beforeAttrs = a;
    const nextAttrs = b;
    for (const [key, change] of Object.entries(diff(beforeAttrs, nextAttrs)))
      changes[`attrs.${key}`] = change;
    return changes;
  }

  /**
   * The place checks that can still run when other fields failed their schema (so one answer lists
   * every problem): a well-formed region code that is not the county's, a point outside the county.
   */
  async function roughPlacement(
    raw: unknown,
    known: ErrorDetail[],
    lookups: Pick<Lookups, 'regionExists'>,
    prefix = '',
  ): Promise<ErrorDetail[]> {
    const r = (raw ?? {}) as Record<string, unknown>;
    const problems: ErrorDetail[] = [];
    const has = (path: string) => known.some((p) => p.path === prefix + path);
    const code = r.regionCode;
    if (typeof code === 'string' && /^\d{6}$|^\d{9}$|^\d{12}$/.test(code) && !has('regionCode'))
      if (!code.startsWith(config.regionCode) || !(await lookups.regionExists(code)))
        problems.push({ path: `${prefix}regionCode`, message: `区划 ${code} 不是本县的乡镇或村(社区)` });
    const shape = await countyGeometry(db);
    const { lon, lat } = r;
    if (
      shape &&
      typeof lon === 'number' &&
      typeof lat === 'number' &&
      Math.abs(lon) <= 180 &&
      Math.abs(lat) <= 90 &&
      !has('lon') &&
      !booleanPointInPolygon(point([lon, lat]), shape)
    )
      problems.push({ path: `${prefix}lon`, message: `位置 (${lon}, ${lat}) 不在本县范围内` });
    return problems;
  }

  function requestOf(r: LedgerRow): LedgerCreateRequest {
    return {
      name: r.name,
      regionCode: r.regionCode,
      lon: r.geometry ? null : r.lon,
      lat: r.geometry ? null : r.lat,
      geometry: (r.geometry as LedgerGeometry | null) ?? null,
      enterpriseId: r.enterpriseId,
      supervisingDepartmentId: r.supervisingDepartmentId,
      attrs: r.attrs as Record<string, unknown>,
    };
  }

  async function loadVisible(actor: Actor, def: RegistryDef, id: string) {
    const row = await getLedgerRecordById(db, id);
    return ensureVisible(actor, row && row.registry === def.key ? scopedRecord(row) : null, def.zh);
  }

  function parseCreate(
    def: RegistryDef,
    raw: unknown,
    prefix = '',
  ): { value?: LedgerCreateRequest; problems: ErrorDetail[] } {
    const parsed = createRequestSchema(def).safeParse(raw);
    return parsed.success
      ? { value: parsed.data, problems: [] }
      : { problems: zodProblems(parsed.error, prefix) };
  }

  async function writeNew(
    tx: DbOrTx,
    actor: Actor,
    def: RegistryDef,
    row: NewLedgerRow,
    now: Date,
    source?: string,
  ) {
    const [inserted] = await insertLedgerRecords(tx, [row]);
    await audit(
      tx,
      actor,
      {
        action: 'ledger.create',
        entityType: def.entityType,
        entityId: inserted!.id,
        regionCode: inserted!.regionCode,
        details: { registry: def.key, name: inserted!.name, grade: inserted!.grade, source },
      },
      now,
    );
    return inserted!;
  }

  async function writeChange(
    tx: DbOrTx,
    actor: Actor,
    def: RegistryDef,
    before: LedgerRow,
    next: Omit<NewLedgerRow, 'createdAt' | 'updatedAt' | 'isDemo'>,
    now: Date,
    source?: string,
  ) {
    const changes = changesOf(before, next);
    const row = await updateLedgerRecord(tx, before.id, next, now);
    await audit(
      tx,
      actor,
      {
        action: 'ledger.update',
        entityType: def.entityType,
        entityId: row.id,
        regionCode: row.regionCode,
        details: { registry: def.key, changes, source },
      },
      now,
    );
    return row;
  }

  const writePermission = (def: RegistryDef) => def.writePermission;

  const COMMON_QUERY_KEYS = new Set(['page', 'pageSize', 'sort', 'q', 'regionCode', 'enterpriseId', 'grade']);

  /** The query's field filters checked against the registry: unknown fields and values listed. */
  function filtersOf<Q extends LedgerFilter>(def: RegistryDef, query: Q): Q {
    const problems: ErrorDetail[] = [];
    const fields: Record<string, string | boolean> = {};
    const allowed = filterFields(def);
    for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
      if (COMMON_QUERY_KEYS.has(key) || value === undefined || value === '') continue;
      const field = allowed.find((f) => f.key === key);
      if (!field) {
        problems.push({
          path: key,
          message: `${def.zh}不能按 ${key} 筛选（可用：${allowed.map((f) => f.key).join('、') || '无'}）`,
        });
        continue;
      }
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (field.type === 'bool') {
        if (text !== 'true' && text !== 'false')
          problems.push({ path: key, message: `${field.zh}应为 true 或 false` });
        fields[key] = text === 'true';
      } else if ((field.type === 'enum' || field.type === 'multi') && !field.options.includes(text))
        problems.push({ path: key, message: `${field.zh}应为：${field.options.join('、')}` });
      else fields[key] = text;
    }
    if (query.grade && def.grades && !def.grades.some((g) => g.key === query.grade))
      problems.push({ path: 'grade', message: `等级应为：${def.grades.map((g) => g.key).join('、')}` });
    rejectIfAny(problems);
    return { ...query, fields };
  }

  return {
    registry,

    async list(actor: Actor, key: string, q: ListQuery & LedgerFilter): Promise<Page<LedgerRecordView>> {
      const def = registry(key);
      requirePermission(actor, 'ledger:read');
      const { items, total } = await findLedgerRecords(db, def, actor.scope, filtersOf(def, q));
      return { items: items.map(toLedgerView), total, page: q.page, pageSize: q.pageSize };
    },

    async get(actor: Actor, key: string, id: string): Promise<LedgerRecordView> {
      const def = registry(key);
      requirePermission(actor, 'ledger:read');
      return toLedgerView(await loadVisible(actor, def, id));
    },

    /** @throws forbidden | validation_failed | not_found (registry) */
    async create(
      actor: Actor,
      key: string,
      raw: unknown,
      options: { source?: string } = {},
    ): Promise<LedgerRecordView> {
      const def = registry(key);
      requirePermission(actor, writePermission(def));
      const { value, problems } = parseCreate(def, raw);
      if (!value) rejectIfAny([...problems, ...(await roughPlacement(raw, problems, dbLookups(db)))]);
      const now = clock();
      const shape = await countyGeometry(db);
      const row = await db.transaction(async (tx) => {
        const prepared = await prepare(def, dbLookups(tx), shape, actor, value!, null);
        rejectIfAny(prepared.problems);
        return writeNew(
          tx,
          actor,
          def,
          { ...prepared.row, isDemo: false, createdAt: now, updatedAt: now },
          now,
          options.source,
        );
      });
      return toLedgerView({
        ...row,
        enterpriseName: (await getLedgerRecordById(db, row.id))?.enterpriseName ?? null,
      });
    },

    /** Applies the given parts; `attrs` keys not given keep their values. @throws forbidden | not_found | validation_failed */
    async update(actor: Actor, key: string, id: string, raw: unknown): Promise<LedgerRecordView> {
      const def = registry(key);
      requirePermission(actor, writePermission(def));
      const patch = updateRequestSchema(def).safeParse(raw);
      if (!patch.success) rejectIfAny(zodProblems(patch.error));
      const before = await loadVisible(actor, def, id);
      const p = patch.data as Partial<LedgerCreateRequest>;
      const merged = {
        ...requestOf(before),
        ...p,
        attrs: { ...(before.attrs as Record<string, unknown>), ...(p.attrs ?? {}) },
      };
      const { value, problems } = parseCreate(def, merged);
      if (!value) rejectIfAny([...problems, ...(await roughPlacement(merged, problems, dbLookups(db)))]);
      const now = clock();
      const shape = await countyGeometry(db);
      await db.transaction(async (tx) => {
        const prepared = await prepare(def, dbLookups(tx), shape, actor, value!, before);
        rejectIfAny(prepared.problems);
        await writeChange(tx, actor, def, before, prepared.row, now);
      });
      return toLedgerView((await getLedgerRecordById(db, id))!);
    },

    /**
     * Deletes a record nothing refers to; the audit row keeps its last content. Its attachments (plans,
     * drills) go with it, each removal audited (`ledger.attachment_remove`, reason `record_deleted`, with
     * name, size and SHA-256) in the same transaction, and listed in the delete's audit row.
     * @throws forbidden | not_found | conflict
     */
    async remove(actor: Actor, key: string, id: string): Promise<void> {
      const def = registry(key);
      requirePermission(actor, writePermission(def));
      const before = await loadVisible(actor, def, id);
      const refs = REGISTRIES.flatMap((r) =>
        r.fields
          .filter((f) => f.type === 'ref' && f.to === def.key)
          .map((f) => ({ registry: r.key, key: f.key })),
      );
      const now = clock();
      await db.transaction(async (tx) => {
        if (def.key === 'warehouses' && (await hasStockRecords(tx, id)))
          throw new AppError('conflict', `“${before.name}”有库存或出入库记录，不能删除（台账须保留）`);
        const referrers = await findReferrers(tx, refs, id);
        if (referrers.length)
          throw new AppError(
            'conflict',
            `仍有 ${referrers.length} 条记录引用“${before.name}”，请先修改它们`,
            {
              details: referrers.map((r) => ({
                path: `${r.registry}.${r.id}`,
                message: `${findRegistry(r.registry)?.zh ?? r.registry}：${r.name}`,
              })),
            },
          );
        // Locked first, so no file can be added between removing the files and the record.
        await lockRecord(tx, id, 'update');
        const files = await deleteAttachmentsOfRecord(tx, id);
        for (const file of files)
          await audit(
            tx,
            actor,
            {
              action: 'ledger.attachment_remove',
              entityType: def.entityType,
              entityId: id,
              regionCode: before.regionCode,
              details: attachmentAuditDetails(def, file, 'remove', 'record_deleted'),
            },
            now,
          );
        await deleteLedgerRecord(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'ledger.delete',
            entityType: def.entityType,
            entityId: id,
            regionCode: before.regionCode,
            details: {
              registry: def.key,
              record: { ...requestOf(before), grade: before.grade },
              ...(files.length
                ? { attachments: files.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256 })) }
                : {}),
            },
          },
          now,
        );
      });
    },

    async history(
      actor: Actor,
      key: string,
      id: string,
      page: { page: number; pageSize: number },
    ): Promise<Page<AuditView>> {
      const def = registry(key);
      requirePermission(actor, 'ledger:read');
      await loadVisible(actor, def, id);
      const { items, total } = await findAuditForEntity(db, def.entityType, id, page);
      return { items: items.map(({ prevHash: _p, ...row }) => row), total, ...page };
    },

    /** A GeoJSON layer of the matching records in the actor's jurisdiction. */
    async features(actor: Actor, key: string, f: LedgerFilter) {
      const def = registry(key);
      requirePermission(actor, 'ledger:read');
      if (def.geometry === 'none') throw new AppError('not_found', `${def.zh}没有地图图层`);
      const rows = await findLedgerFeatures(db, def, actor.scope, filtersOf(def, f));
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({
          type: 'Feature' as const,
          properties: { id: r.id, name: r.name, grade: r.grade, regionCode: r.regionCode, isDemo: r.isDemo },
          geometry: (r.geometry as object | null) ?? { type: 'Point', coordinates: [r.lon, r.lat] },
        })),
      };
    },

    /**
     * What the ledger holds for one enterprise: counts per registry and grade, and its overall risk
     * colour — the worst of its risk points (安全风险分级管控: an enterprise is as red as its worst point).
     */
    async enterpriseLedger(actor: Actor, enterpriseId: string) {
      requirePermission(actor, 'enterprise:read');
      const e = await getEnterpriseById(db, enterpriseId);
      ensureVisible(actor, e ? { ...e, supervisorId: e.supervisingDepartmentId } : null, '企业');
      const rows = await countLedgerOfEnterprise(db, enterpriseId);
      const colours = rows.filter((r) => r.registry === 'risk-points').map((r) => r.grade);
      const riskColor = worstRiskColor(colours);
      const registries = [...new Set(rows.map((r) => r.registry))];
      return {
        enterpriseId,
        riskColor,
        registries: registries.map((registry) => {
          const mine = rows.filter((r) => r.registry === registry);
          return {
            registry,
            total: mine.reduce((n, r) => n + r.n, 0),
            byGrade: Object.fromEntries(mine.filter((r) => r.grade !== null).map((r) => [r.grade!, r.n])),
          };
        }),
      };
    },

    /** Counts per registry and grade within the actor's jurisdiction. */
    async summary(actor: Actor) {
      requirePermission(actor, 'ledger:read');
      const rows = await countLedgerByGrade(db, actor.scope);
      return {
        items: REGISTRIES.map((def) => {
          const mine = rows.filter((r) => r.registry === def.key);
          return {
            registry: def.key,
            total: mine.reduce((s, r) => s + r.n, 0),
            byGrade: Object.fromEntries(mine.filter((r) => r.grade !== null).map((r) => [r.grade!, r.n])),
          };
        }),
      };
    },

    /** Enterprises, ledger records and townships/villages whose name contains `q`, within jurisdiction. */
    async search(actor: Actor, q: string, limit: number): Promise<{ items: SearchResult[] }> {
      const items: SearchResult[] = [];
      if (hasPermission(actor.roles, 'region:read')) {
        const regions = await searchRegions(db, config.regionCode, q, Math.min(5, limit));
        // "新宁镇 · 东城居委会" for villages: loaded only when the answer has one (this runs per keystroke).
        const names = regions.some((r) => r.level === 'village')
          ? await regionDisplayNames(db, config.regionCode)
          : new Map<string, string>();
        for (const r of regions)
          items.push({
            kind: 'region',
            registry: 'regions',
            id: r.code,
            name: r.name,
            subtitle:
              r.level === 'township'
                ? '乡镇'
                : r.level === 'village'
                  ? (names.get(r.code) ?? '村(社区)')
                  : null,
            regionCode: r.code,
            lon: r.lon,
            lat: r.lat,
          });
      }
      if (hasPermission(actor.roles, 'enterprise:read'))
        for (const e of await searchEnterprises(db, actor.scope, q, limit))
          items.push({
            kind: 'enterprise',
            registry: 'enterprises',
            id: e.id,
            name: e.name,
            subtitle: e.industry,
            regionCode: e.regionCode,
            lon: e.lon,
            lat: e.lat,
          });
      if (hasPermission(actor.roles, 'ledger:read'))
        for (const r of await searchLedgerRecords(db, actor.scope, q, limit))
          items.push({
            kind: 'record',
            registry: r.registry,
            id: r.id,
            name: r.name,
            subtitle: findRegistry(r.registry)?.zh ?? null,
            regionCode: r.regionCode,
            lon: r.lon,
            lat: r.lat,
          });
      return { items: items.slice(0, limit) };
    },

    /** The filtered list as .xlsx / UTF-8 CSV (the import's columns plus the grade) or GeoJSON. */
    async export(
      actor: Actor,
      key: string,
      f: LedgerFilter & { sort?: string },
      format: 'xlsx' | 'csv' | 'geojson',
    ): Promise<Buffer> {
      const def = registry(key);
      requirePermission(actor, 'ledger:read');
      if (format === 'geojson' && def.geometry === 'none')
        throw new AppError('validation_failed', `${def.zh}没有空间位置，不能导出 GeoJSON`, {
          details: [{ path: 'format', message: '请选择 xlsx 或 csv' }],
        });
      const filters = filtersOf(def, f);
      const names = await sheetNames(def);
      const rows = async function* () {
        for await (const row of streamLedgerRecords(db, def, actor.scope, filters)) yield toLedgerView(row);
      };
      const columns = ledgerColumns(def);
      switch (format) {
        case 'xlsx':
          return writeXlsx(
            def.zh,
            columns.map((c) => ({
              header: c.header,
              width: c.width,
              value: (r: LedgerRecordView) => c.toCell(r, names),
            })),
            rows(),
          );
        case 'csv': {
          const lines = [columns.map((c) => csvCell(c.header)).join(',')];
          for await (const r of rows()) lines.push(columns.map((c) => csvCell(c.toCell(r, names))).join(','));
          return csvFile(lines);
        }
        case 'geojson': {
          const features = [];
          for await (const r of rows())
            features.push({
              type: 'Feature',
              properties: Object.fromEntries(
                columns
                  .filter(
                    (c) =>
                      !c.header.startsWith('经度') &&
                      !c.header.startsWith('纬度') &&
                      !c.header.startsWith('坐标'),
                  )
                  .map((c) => [c.header, c.toCell(r, names)]),
              ),
              geometry: r.geometry ?? { type: 'Point', coordinates: [r.lon, r.lat] },
            });
          return Buffer.from(JSON.stringify({ type: 'FeatureCollection', name: def.zh, features }), 'utf8');
        }
      }
    },

    /** An empty sheet with the registry's Chinese headers. */
    async template(key: string): Promise<Buffer> {
      const def = registry(key);
      const columns = ledgerColumns(def).filter((c) => !c.exportOnly);
      return writeXlsx(
        def.zh,
        columns.map((c) => ({ header: c.header, width: c.width, value: () => null })),
        (async function* () {})(),
      );
    },

    /**
     * Imports a sheet (the export's columns) or a GeoJSON FeatureCollection whose properties use the same
     * headers: all-or-nothing, every problem listed by row and field. Rows are matched to records by the
     * registry's key; identical rows change nothing, so importing the same file twice changes nothing.
     * `onProgress` hears every {@link VALIDATE_PROGRESS_EVERY} rows checked (and the last), then every
     * {@link WRITE_PROGRESS_EVERY} records written (and the last) — the enterprise import's phases; a
     * promise it returns is awaited.
     * @throws forbidden | validation_failed | not_found (registry)
     */
    async import(
      actor: Actor,
      key: string,
      table: Table,
      options: {
        dryRun: boolean;
        source: string;
        onProgress?: (progress: ImportProgress) => void | Promise<void>;
      },
    ): Promise<LedgerImportResult> {
      const def = registry(key);
      requirePermission(actor, writePermission(def));
      const problems: ErrorDetail[] = [];
      const missing = requiredHeaders(def).filter((h) => !table.headers.includes(h));
      if (missing.length) problems.push({ path: 'headers', message: `缺少列：${missing.join('、')}` });
      if (!table.rows.length) problems.push({ path: 'rows', message: '没有数据行' });
      rejectIfAny(problems);
      const report = options.onProgress ?? (() => {});

      // Preload what the checks need, so a large sheet costs a handful of queries.
      const codes = new Set(await listRegionCodes(db, config.regionCode));
      const nameToCode = new Map(
        [...(await regionDisplayNames(db, config.regionCode))].map(([code, name]) => [name, code]),
      );
      const county = { level: 'county' as const, regionCode: config.regionCode, orgUnitId: null };
      const enterpriseRows = new Map<
        string,
        { id: string; orgUnitId: string; regionCode: string; supervisorId: string | null }
      >();
      const enterpriseByText = new Map<string, string | null>();
      for await (const e of streamEnterprises(db, county, {})) {
        enterpriseRows.set(e.id, {
          id: e.id,
          orgUnitId: e.orgUnitId,
          regionCode: e.regionCode,
          supervisorId: e.supervisingDepartmentId,
        });
        enterpriseByText.set(e.creditCode, e.id);
        enterpriseByText.set(e.name, enterpriseByText.has(e.name) ? null : e.id);
      }
      const departments = await listDepartments(db);
      const shape = await countyGeometry(db);
      const existing = new Map((await listLedgerRecords(db, def.key)).map((r) => [r.recordKey, r]));
      const refTargets = new Map<string, LedgerRow[]>();
      for (const f of def.fields)
        if (f.type === 'ref' && !refTargets.has(f.to))
          refTargets.set(f.to, await listLedgerRecords(db, f.to));
      const refById = new Map([...refTargets.values()].flat().map((r) => [r.id, r]));
      const sheetLookups: SheetLookups = {
        regionByName: (name) => nameToCode.get(name) ?? null,
        enterpriseByCreditCodeOrName: (text) =>
          enterpriseByText.get(text.toUpperCase()) ?? enterpriseByText.get(text) ?? null,
        departmentByName: (name) => {
          const found = departments.filter((d) => d.name === name);
          return found.length === 1 ? found[0]!.id : null;
        },
        recordByName: (registryKey, name) => {
          const found = (refTargets.get(registryKey) ?? []).filter((r) => r.name === name);
          return found.length === 1 ? found[0]!.id : null;
        },
      };
      const lookups: Lookups = {
        regionExists: async (code) => codes.has(code),
        enterprise: async (id) => enterpriseRows.get(id) ?? null,
        isDepartment: async (id) => departments.some((d) => d.id === id),
        ref: async (id) => {
          const r = refById.get(id);
          return r
            ? {
                registry: r.registry,
                regionCode: r.regionCode,
                orgUnitId: r.orgUnitId,
                supervisorId: r.supervisingDepartmentId,
              }
            : null;
        },
        byKey: async (_registry, k) => existing.get(k) ?? null,
      };

      const seen = new Map<string, number>();
      const creates: NewLedgerRow[] = [];
      const updates: { before: LedgerRow; row: Omit<NewLedgerRow, 'createdAt' | 'updatedAt' | 'isDemo'> }[] =
        [];
      let unchanged = 0;
      const rowCount = table.rows.length;
      for (const [index, { row, cells }] of table.rows.entries()) {
        if (index > 0 && index % VALIDATE_PROGRESS_EVERY === 0)
          await report({ phase: 'validated', done: index, total: rowCount });
        const prefix = `rows.${row}.`;
        const rowProblems: ErrorDetail[] = [];
        const raw = sheetRowToRequest(def, cells, sheetLookups, (field, message) =>
          rowProblems.push({ path: prefix + field, message }),
        );
        const { value, problems: schemaProblems } = parseCreate(def, raw, prefix);
        rowProblems.push(...schemaProblems);
        if (!value) rowProblems.push(...(await roughPlacement(raw, rowProblems, lookups, prefix)));
        if (!value) {
          problems.push(...rowProblems);
          continue;
        }
        const k = recordKey(def, value);
        const dup = seen.get(k);
        if (dup)
          rowProblems.push({
            path: `${prefix}${def.keyField ? `attrs.${def.keyField}` : 'name'}`,
            message: `与第 ${dup} 行重复`,
          });
        seen.set(k, row);
        const before = existing.get(k) ?? null;
        if (before && !isInScope(actor.scope, scopedRecord(before))) {
          rowProblems.push({ path: `${prefix}name`, message: `该记录已由其他辖区登记` });
          problems.push(...rowProblems);
          continue;
        }
        const prepared = await prepare(def, lookups, shape, actor, value, before, prefix);
        rowProblems.push(...prepared.problems);
        problems.push(...rowProblems);
        if (rowProblems.length) continue;
        if (!before) creates.push({ ...prepared.row, isDemo: false });
        else if (Object.keys(changesOf(before, prepared.row)).length)
          updates.push({ before, row: prepared.row });
        else unchanged += 1;
      }
      await report({ phase: 'validated', done: rowCount, total: rowCount });
      rejectIfAny(problems);
      const result = {
        total: table.rows.length,
        created: creates.length,
        updated: updates.length,
        unchanged,
        dryRun: options.dryRun,
      };
      if (options.dryRun) return result;
      const now = clock();
      const toWrite = creates.length + updates.length;
      // One transaction: new records in multi-row inserts, changes one by one, and the audit rows (the
      // ones single writes append: ledger.create / ledger.update per record) in one batch at the end.
      await db.transaction(async (tx) => {
        const entries: AuditEntry[] = [];
        for (let i = 0; i < creates.length; i += WRITE_PROGRESS_EVERY) {
          const part = creates
            .slice(i, i + WRITE_PROGRESS_EVERY)
            .map((row) => ({ ...row, createdAt: now, updatedAt: now }));
          for (const inserted of await insertLedgerRecords(tx, part))
            entries.push(
              auditEntryOf(actor, {
                action: 'ledger.create',
                entityType: def.entityType,
                entityId: inserted.id,
                regionCode: inserted.regionCode,
                details: {
                  registry: def.key,
                  name: inserted.name,
                  grade: inserted.grade,
                  source: options.source,
                },
              }),
            );
          await report({ phase: 'written', done: i + part.length, total: toWrite });
        }
        for (const [k, { before, row }] of updates.entries()) {
          const changes = changesOf(before, row);
          const updated = await updateLedgerRecord(tx, before.id, row, now);
          entries.push(
            auditEntryOf(actor, {
              action: 'ledger.update',
              entityType: def.entityType,
              entityId: updated.id,
              regionCode: updated.regionCode,
              details: { registry: def.key, changes, source: options.source },
            }),
          );
          const done = creates.length + k + 1;
          if (done % WRITE_PROGRESS_EVERY === 0 || done === toWrite)
            await report({ phase: 'written', done, total: toWrite });
        }
        await appendAuditBatch(tx, entries, now);
      });
      return result;
    },
  };

  async function sheetNames(def: RegistryDef): Promise<SheetNames> {
    const regionNames = await regionDisplayNames(db, config.regionCode);
    const county = { level: 'county' as const, regionCode: config.regionCode, orgUnitId: null };
    const enterprisesById = new Map<string, { name: string; creditCode: string }>();
    if (def.enterprise !== 'none')
      for await (const e of streamEnterprises(db, county, {}))
        enterprisesById.set(e.id, { name: e.name, creditCode: e.creditCode });
    const departments = new Map((await listDepartments(db)).map((u) => [u.id, u.name]));
    const refNames = new Map<string, string>();
    for (const f of def.fields)
      if (f.type === 'ref') for (const r of await listLedgerRecords(db, f.to)) refNames.set(r.id, r.name);
    return {
      region: (code) => regionNames.get(code) ?? code,
      enterprise: (id) => enterprisesById.get(id) ?? null,
      department: (id) => departments.get(id) ?? null,
      record: (id) => refNames.get(id) ?? null,
    };
  }
}

export type LedgerService = ReturnType<typeof createLedgerService>;
