/**
 * Enterprises (企业): the registry every work-safety module hangs on. Authorised by permission and
 * jurisdiction (county/township/village by region, department by supervision, enterprise by itself).
 */
import {
  AppError,
  buildClusterIndex,
  CreateEnterpriseRequest,
  encodePointTile,
  ENTERPRISE_TILES,
  industryGroup,
  tileNodes,
  type ClusterIndex,
  type MvtPoint,
  expiringItems,
  isInScope,
  type Actor,
  type AuditView,
  type EnterpriseListItem,
  type EnterpriseView,
  type ErrorDetail,
  type ExpiryItem,
  type ImportProgress,
  type ImportResult,
  type ListQuery,
  type Page,
  type UpdateEnterpriseRequest,
} from '@ningan/domain';
import { randomUUID } from 'node:crypto';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DbOrTx } from '../db/client.ts';
import { jsonDocument, vectorTileDocument, type EncodedDocument } from '../lib/document.ts';
import type { Table } from '../lib/table-reader.ts';
import { listRegionCodes, regionDisplayNames } from '../repositories/regions.repository.ts';
import { writeXlsx } from '../lib/xlsx.ts';
import { csvCell, csvFile } from '../lib/csv.ts';
import { ENTERPRISE_COLUMNS, parseLicences, REQUIRED_HEADERS } from './enterprise-sheet.ts';
import { appendAuditBatch, findAuditForEntity, type AuditEntry } from '../repositories/audit.repository.ts';
import {
  findEnterprisePoints,
  findEnterprises,
  findEnterprisesByCreditCodes,
  getEnterpriseByCreditCode,
  getEnterpriseById,
  getEnterprisesVersion,
  insertEnterprise,
  insertEnterprises,
  scopedEnterprise,
  streamEnterprises,
  toEnterpriseView,
  updateEnterprise,
  vacuumEnterprises,
  type EnterpriseFilter,
  riskColorsOf,
  type EnterpriseRow,
} from '../repositories/enterprises.repository.ts';
import {
  findOrgUnitsByNames,
  getOrgUnitById,
  getOrgUnitByNameAndRegion,
  insertOrgUnit,
  insertOrgUnitRows,
  listDepartments,
  updateOrgUnit,
} from '../repositories/org-units.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import {
  audit,
  auditEntryOf,
  beijingDate,
  diff,
  ensureVisible,
  rejectIfAny,
  requirePermission,
  type ServiceDeps,
} from './context.ts';

/** Rows per multi-row INSERT of an import (org units, enterprises) and how often progress is reported. */
const IMPORT_CHUNK = 500;
const PROGRESS_EVERY = 1000;
/** An import that writes this many records refreshes statistics and the visibility map afterwards. */
const VACUUM_AFTER = 1000;
/** Map layers kept (the county's, a few townships'…): points, clusters, GeoJSON when asked for. */
const LAYER_CACHE_ENTRIES = 8;
/** Changes with the layer's format (GeoJSON features, tiles), so browsers holding the old revalidate. */
const LAYER_FORMAT = 2;

/** Degrees to 1e-5 (about 1 m on the ground): what a map point needs, in a third of the digits. */
function roundDegrees(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

/** One sheet row → the create request's raw shape; cell-level problems go to `problem`. */
function sheetRowToRequest(
  cells: Record<string, string>,
  nameToCode: Map<string, string>,
  problem: (field: string, message: string) => void,
): Record<string, unknown> {
  const text = (header: string) => cells[header]?.trim() ?? '';
  const optional = (header: string) => text(header) || null;
  const number = (header: string) => (text(header) === '' ? undefined : Number(text(header)));
  let regionCode = text('区划代码');
  if (!regionCode && text('所在乡镇/村')) {
    regionCode = nameToCode.get(text('所在乡镇/村').replace(/\s*[·・]\s*/, ' · ')) ?? '';
    if (!regionCode) problem('regionCode', `未知的乡镇/村：${text('所在乡镇/村')}`);
  }
  const insuredText = text('安全生产责任保险');
  if (insuredText && insuredText !== '已投保' && insuredText !== '未投保')
    problem('insured', '应为“已投保”或“未投保”');
  const licences = parseLicences(text('许可证'));
  if (licences === null) problem('licences', '许可证格式应为“名称 证号（至 YYYY-MM-DD）”，多个以“；”分隔');
  return {
    name: text('企业名称'),
    creditCode: text('统一社会信用代码'),
    industry: text('行业类别'),
    scale: text('规模'),
    regionCode,
    lon: number('经度'),
    lat: number('纬度'),
    address: optional('地址'),
    legalRepresentative: optional('法定代表人'),
    safetyManager: optional('安全管理人员'),
    safetyManagerPhone: optional('联系电话'),
    standardizationGrade: text('安全生产标准化等级') || undefined,
    insured: insuredText === '已投保',
    insuranceExpiresOn: optional('保险到期日'),
    licences: licences ?? [],
  };
}

type Placement = Pick<
  CreateEnterpriseRequest,
  'name' | 'regionCode' | 'lon' | 'lat' | 'creditCode' | 'supervisingDepartmentId'
>;

/** The sheet row a problem path names (`rows.12.name` → 12), 0 for the whole file. */
const rowOf = (path: string) => Number(/^rows\.(\d+)\./.exec(path)?.[1] ?? 0);

/** The key of an org unit's name within its region (`org_units_name_region_uq`). */
const unitKey = (name: string, regionCode: string) => `${regionCode}\u0000${name}`;

/** Hears an import's progress; a returned promise is awaited (a streamed answer lets the socket flush). */
export type ImportProgressListener = (progress: ImportProgress) => void | Promise<void>;

/**
 * One cached map layer: its points, and — each made when first asked for — its clusters (the tiles) and
 * its GeoJSON document.
 */
interface LayerEntry {
  version: string | null;
  /** What determines the layer: format, jurisdiction and filter, version (its entity tags' source). */
  identity: string;
  points: { id: string; industry: string; lon: number; lat: number }[];
  doc: EncodedDocument | null;
  clusters: ClusterIndex | null;
}

export function createEnterpriseService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  let countyShape: Polygon | MultiPolygon | null = null;
  /** Map layers by jurisdiction and filter, with the table version they were read at. */
  const layerCache = new Map<string, LayerEntry>();

  /** The cached map layer of this jurisdiction and filter, read and encoded again after any write. */
  async function layerOf(actor: Actor, f: Omit<EnterpriseFilter, 'q'>): Promise<LayerEntry> {
    requirePermission(actor, 'enterprise:read');
    const { level, regionCode, orgUnitId } = actor.scope;
    const key = JSON.stringify([level, regionCode, orgUnitId, f.industry, f.scale, f.regionCode]);
    const version = await getEnterprisesVersion(db);
    const hit = layerCache.get(key);
    if (hit && hit.version === version) return hit;
    // Read after the version: a write in between makes the next request reload, never serve stale.
    const points = await findEnterprisePoints(db, actor.scope, f);
    const identity = JSON.stringify([LAYER_FORMAT, key, version]);
    const entry: LayerEntry = { version, identity, points, doc: null, clusters: null };
    layerCache.delete(key);
    layerCache.set(key, entry);
    for (const old of layerCache.keys()) {
      if (layerCache.size <= LAYER_CACHE_ENTRIES) break;
      layerCache.delete(old); // least recently stored first
    }
    return entry;
  }

  /** What placement checks need to look up: from the database one by one, or preloaded for an import. */
  interface Lookups {
    regionExists(code: string): Promise<boolean>;
    byCreditCode(code: string): Promise<{ id: string } | null>;
    isDepartment(id: string): Promise<boolean>;
    /** The id of the org unit that holds this name in this region, if any. */
    unitNamed(name: string, regionCode: string): Promise<string | null>;
  }

  const dbLookups = (tx: DbOrTx): Lookups => ({
    regionExists: async (code) => (await getRegion(tx, code)) !== null,
    byCreditCode: (code) => getEnterpriseByCreditCode(tx, code),
    isDepartment: async (id) => {
      const dept = await getOrgUnitById(tx, id);
      return dept !== null && ['department', 'bureau_office', 'bureau'].includes(dept.kind);
    },
    unitNamed: async (name, regionCode) =>
      (await getOrgUnitByNameAndRegion(tx, name, regionCode))?.id ?? null,
  });

  async function countyGeometry(tx: DbOrTx): Promise<Polygon | MultiPolygon | null> {
    countyShape ??=
      ((await getRegion(tx, config.regionCode))?.geometry as Polygon | MultiPolygon | null) ?? null;
    return countyShape;
  }

  /** Every problem with where an enterprise is and who may hold it; `prefix` places them in a sheet row. */
  async function checkPlacement(
    lookups: Lookups,
    shape: Polygon | MultiPolygon | null,
    actor: Actor,
    e: Placement,
    self: { id: string; orgUnitId: string } | null,
    prefix = '',
  ): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    const at = (field: string) => `${prefix}${field}`;
    if (!e.regionCode.startsWith(config.regionCode) || !(await lookups.regionExists(e.regionCode)))
      problems.push({ path: at('regionCode'), message: `区划 ${e.regionCode} 不是本县的乡镇或村(社区)` });
    if (shape && !booleanPointInPolygon(point([e.lon, e.lat]), shape))
      problems.push({ path: at('lon'), message: `位置 (${e.lon}, ${e.lat}) 不在本县范围内` });
    const sameCode = await lookups.byCreditCode(e.creditCode);
    if (sameCode && sameCode.id !== self?.id)
      problems.push({ path: at('creditCode'), message: `统一社会信用代码 ${e.creditCode} 已登记` });
    // The enterprise's own org unit takes its name in its region, where unit names are unique.
    const holder = await lookups.unitNamed(e.name, e.regionCode);
    if (holder && holder !== self?.orgUnitId)
      problems.push({ path: at('name'), message: `同一区划内已有名为“${e.name}”的单位（企业或机构）` });
    if (e.supervisingDepartmentId && !(await lookups.isDepartment(e.supervisingDepartmentId)))
      problems.push({ path: at('supervisingDepartmentId'), message: '监管部门不存在' });
    const record = {
      regionCode: e.regionCode,
      orgUnitId: self?.orgUnitId ?? null,
      supervisorId: e.supervisingDepartmentId,
    };
    if (!isInScope(actor.scope, record))
      problems.push({ path: at('regionCode'), message: '超出本人管辖范围' });
    return problems;
  }

  /** Inserts the enterprise and its own org unit, and records it; inside the caller's transaction. */
  async function writeNew(
    tx: DbOrTx,
    actor: Actor,
    input: CreateEnterpriseRequest,
    now: Date,
    extra: { isDemo: boolean; source?: string },
  ): Promise<EnterpriseRow> {
    const unit = await insertOrgUnit(tx, {
      name: input.name,
      kind: 'enterprise',
      regionCode: input.regionCode,
      isDemo: extra.isDemo,
      createdAt: now,
      updatedAt: now,
    });
    const row = await insertEnterprise(tx, {
      ...input,
      orgUnitId: unit.id,
      isDemo: extra.isDemo,
      createdAt: now,
      updatedAt: now,
    });
    await audit(
      tx,
      actor,
      {
        action: 'enterprise.create',
        entityType: 'enterprise',
        entityId: row.id,
        regionCode: row.regionCode,
        details: { name: row.name, creditCode: row.creditCode, industry: row.industry, source: extra.source },
      },
      now,
    );
    return row;
  }

  /** Applies a change, keeping the org unit's name and region in step; returns the row and its diff. */
  async function applyChange(
    tx: DbOrTx,
    before: EnterpriseRow,
    patch: UpdateEnterpriseRequest,
  ): Promise<{ row: EnterpriseRow; changes: Record<string, [unknown, unknown]> }> {
    const changes = diff(toEnterpriseView(before), patch);
    const row = await updateEnterprise(tx, before.id, patch);
    if (row.name !== before.name || row.regionCode !== before.regionCode)
      await updateOrgUnit(tx, before.orgUnitId, { name: row.name, regionCode: row.regionCode });
    return { row, changes };
  }

  /** Applies a change and records it with its diff. */
  async function writeChange(
    tx: DbOrTx,
    actor: Actor,
    before: EnterpriseRow,
    patch: UpdateEnterpriseRequest,
    now: Date,
  ): Promise<EnterpriseRow> {
    const { row, changes } = await applyChange(tx, before, patch);
    await audit(
      tx,
      actor,
      {
        action: 'enterprise.update',
        entityType: 'enterprise',
        entityId: row.id,
        regionCode: row.regionCode,
        details: { changes },
      },
      now,
    );
    return row;
  }

  async function loadVisible(actor: Actor, id: string): Promise<EnterpriseRow> {
    const row = await getEnterpriseById(db, id);
    return ensureVisible(actor, row ? scopedEnterprise(row) : null, '企业');
  }

  return {
    /** A page of the list, each enterprise with its overall risk colour (its worst 风险点). */
    async listEnterprises(actor: Actor, q: ListQuery & EnterpriseFilter): Promise<Page<EnterpriseListItem>> {
      requirePermission(actor, 'enterprise:read');
      const { items, total } = await findEnterprises(db, actor.scope, q);
      const colours = await riskColorsOf(
        db,
        items.map((e) => e.id),
      );
      return {
        items: items.map((e) => ({ ...toEnterpriseView(e), riskColor: colours.get(e.id) ?? null })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async getEnterprise(actor: Actor, id: string): Promise<EnterpriseView> {
      requirePermission(actor, 'enterprise:read');
      return toEnterpriseView(await loadVisible(actor, id));
    },

    /** Every matching enterprise in the actor's jurisdiction (export, map layer). */
    async *streamEnterprises(
      actor: Actor,
      f: EnterpriseFilter & { sort?: string },
    ): AsyncGenerator<EnterpriseView> {
      requirePermission(actor, 'enterprise:read');
      for await (const row of streamEnterprises(db, actor.scope, f)) yield toEnterpriseView(row);
    },

    /**
     * Registers an enterprise and its own org unit (the scope of its users), in one transaction.
     * @throws forbidden | validation_failed
     */
    async createEnterprise(
      actor: Actor,
      input: CreateEnterpriseRequest,
      options: { isDemo?: boolean } = {},
    ): Promise<EnterpriseView> {
      requirePermission(actor, 'enterprise:write');
      const now = clock();
      return db.transaction(async (tx) => {
        const problems = await checkPlacement(dbLookups(tx), await countyGeometry(tx), actor, input, null);
        if (actor.scope.level === 'enterprise')
          problems.push({ path: '', message: '企业用户不能登记其他企业' });
        rejectIfAny(problems);
        const row = await writeNew(tx, actor, input, now, { isDemo: options.isDemo ?? false });
        return toEnterpriseView(row);
      });
    },

    /** @throws forbidden | not_found | validation_failed */
    async updateEnterprise(
      actor: Actor,
      id: string,
      input: UpdateEnterpriseRequest,
    ): Promise<EnterpriseView> {
      requirePermission(actor, 'enterprise:write');
      const before = await loadVisible(actor, id);
      const now = clock();
      return db.transaction(async (tx) => {
        const merged = {
          name: input.name ?? before.name,
          regionCode: input.regionCode ?? before.regionCode,
          lon: input.lon ?? before.lon,
          lat: input.lat ?? before.lat,
          creditCode: input.creditCode ?? before.creditCode,
          supervisingDepartmentId:
            input.supervisingDepartmentId === undefined
              ? before.supervisingDepartmentId
              : input.supervisingDepartmentId,
        };
        const problems = await checkPlacement(dbLookups(tx), await countyGeometry(tx), actor, merged, before);
        const insured = input.insured ?? before.insured;
        const expires =
          input.insuranceExpiresOn === undefined ? before.insuranceExpiresOn : input.insuranceExpiresOn;
        if (insured && !expires)
          problems.push({ path: 'insuranceExpiresOn', message: '已投保时须填写保险到期日' });
        rejectIfAny(problems);
        const row = await writeChange(tx, actor, before, input, now);
        return toEnterpriseView(row);
      });
    },

    /**
     * Imports a sheet (the export's columns): all-or-nothing, every problem listed by row and field.
     * Rows are keyed by credit code: new ones are created, changed ones updated, identical ones left
     * alone, so importing the same file twice changes nothing. `dryRun` validates and counts only.
     * The write is one transaction: org units and enterprises in multi-row inserts, one audit row per
     * created or updated enterprise (the same rows one-by-one creation would append). `onProgress`
     * hears every {@link PROGRESS_EVERY} rows validated (and the last) and every chunk written.
     * Two rows whose enterprises would share a name in one township/village (their org units' natural
     * key) are both named in the problems.
     * @throws forbidden | validation_failed
     */
    async importEnterprises(
      actor: Actor,
      table: Table,
      options: { dryRun: boolean; source: string; onProgress?: ImportProgressListener },
    ): Promise<ImportResult> {
      requirePermission(actor, 'enterprise:write');
      if (actor.scope.level === 'enterprise') throw new AppError('forbidden', '企业用户不能批量导入企业');
      const problems: ErrorDetail[] = [];
      const missing = REQUIRED_HEADERS.filter((h) => !table.headers.includes(h));
      if (missing.length) problems.push({ path: 'headers', message: `缺少列：${missing.join('、')}` });
      if (!table.rows.length) problems.push({ path: 'rows', message: '没有数据行' });
      rejectIfAny(problems);
      const report = options.onProgress ?? (() => {});

      // Preload what the checks need, so a 10,000-row sheet costs a handful of queries.
      const codes = new Set(await listRegionCodes(db, config.regionCode));
      // "新宁镇" and "新宁镇 · 东城居委会", as the export writes them.
      const nameToCode = new Map(
        [...(await regionDisplayNames(db, config.regionCode))].map(([code, name]) => [name, code]),
      );
      // Every row through the sheet mapping and the request schema first, for the credit codes to look up.
      const parsed = table.rows.map(({ row, cells }) => {
        const prefix = `rows.${row}.`;
        const rowProblems: ErrorDetail[] = [];
        const raw = sheetRowToRequest(cells, nameToCode, (field, message) =>
          rowProblems.push({ path: prefix + field, message }),
        );
        const result = CreateEnterpriseRequest.safeParse(raw);
        if (!result.success)
          for (const issue of result.error.issues)
            rowProblems.push({ path: prefix + issue.path.map(String).join('.'), message: issue.message });
        return { row, prefix, rowProblems, data: result.success ? result.data : null };
      });
      const existing = new Map(
        (
          await findEnterprisesByCreditCodes(
            db,
            parsed.flatMap((p) => (p.data ? [p.data.creditCode] : [])),
          )
        ).map((row) => [row.creditCode, row]),
      );
      const departments = new Set((await listDepartments(db)).map((d) => d.id));
      const shape = await countyGeometry(db);
      const units = new Map(
        (
          await findOrgUnitsByNames(
            db,
            parsed.flatMap((p) => (p.data ? [p.data.name] : [])),
          )
        ).map((u) => [unitKey(u.name, u.regionCode), u.id]),
      );
      const lookups: Lookups = {
        regionExists: async (code) => codes.has(code),
        byCreditCode: async (code) => existing.get(code) ?? null,
        isDepartment: async (id) => departments.has(id),
        unitNamed: async (name, regionCode) => units.get(unitKey(name, regionCode)) ?? null,
      };

      const seen = new Map<string, number>();
      /** Sheet rows by the (region, name) their enterprise's org unit will hold. */
      const unitRows = new Map<string, number[]>();
      const creates: CreateEnterpriseRequest[] = [];
      const updates: { before: EnterpriseRow; input: CreateEnterpriseRequest }[] = [];
      let unchanged = 0;
      for (const [index, { row, prefix, rowProblems, data }] of parsed.entries()) {
        if ((index + 1) % PROGRESS_EVERY === 0)
          await report({ phase: 'validated', done: index + 1, total: parsed.length });
        if (!data) {
          problems.push(...rowProblems);
          continue;
        }
        // The sheet has no supervising-department column: an import never changes that field.
        const { supervisingDepartmentId: _unset, ...sheetFields } = data;
        const input = {
          ...sheetFields,
          supervisingDepartmentId: existing.get(data.creditCode)?.supervisingDepartmentId ?? null,
        };
        const dupRow = seen.get(input.creditCode);
        if (dupRow) rowProblems.push({ path: `${prefix}creditCode`, message: `与第 ${dupRow} 行重复` });
        seen.set(input.creditCode, row);
        const unit = unitKey(input.name, input.regionCode);
        unitRows.set(unit, [...(unitRows.get(unit) ?? []), row]);
        const before = existing.get(input.creditCode) ?? null;
        if (before && !isInScope(actor.scope, scopedEnterprise(before)))
          rowProblems.push({
            path: `${prefix}creditCode`,
            message: `统一社会信用代码 ${input.creditCode} 已由其他辖区登记`,
          });
        else rowProblems.push(...(await checkPlacement(lookups, shape, actor, input, before, prefix)));
        problems.push(...rowProblems);
        if (rowProblems.length) continue;
        if (!before) creates.push(input);
        else if (Object.keys(diff(toEnterpriseView(before), input)).length) updates.push({ before, input });
        else unchanged += 1;
      }
      // Two enterprises of one name in one township/village: each row names the others.
      for (const [unit, rows] of unitRows) {
        if (rows.length < 2) continue;
        const name = unit.slice(unit.indexOf('\u0000') + 1);
        for (const row of rows) {
          const others = rows.filter((r) => r !== row).join('、');
          problems.push({
            path: `rows.${row}.name`,
            message: `与第 ${others} 行的企业同名（“${name}”）且在同一乡镇/村，同一区划内单位名称不能重复`,
          });
        }
      }
      if (parsed.length % PROGRESS_EVERY !== 0)
        await report({ phase: 'validated', done: parsed.length, total: parsed.length });
      problems.sort((a, b) => rowOf(a.path) - rowOf(b.path));
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
      await db.transaction(async (tx) => {
        const entries: AuditEntry[] = [];
        for (let i = 0; i < creates.length; i += IMPORT_CHUNK) {
          const part = creates
            .slice(i, i + IMPORT_CHUNK)
            .map((input) => ({ input, id: randomUUID(), orgUnitId: randomUUID() }));
          // Each enterprise gets its own org unit (the scope of its users).
          await insertOrgUnitRows(
            tx,
            part.map(({ input, orgUnitId }) => ({
              id: orgUnitId,
              name: input.name,
              kind: 'enterprise' as const,
              regionCode: input.regionCode,
              isDemo: false,
              createdAt: now,
              updatedAt: now,
            })),
          );
          await insertEnterprises(
            tx,
            part.map(({ input, id, orgUnitId }) => ({
              ...input,
              id,
              orgUnitId,
              isDemo: false,
              createdAt: now,
              updatedAt: now,
            })),
          );
          for (const { input, id } of part)
            entries.push(
              auditEntryOf(actor, {
                action: 'enterprise.create',
                entityType: 'enterprise',
                entityId: id,
                regionCode: input.regionCode,
                details: {
                  name: input.name,
                  creditCode: input.creditCode,
                  industry: input.industry,
                  source: options.source,
                },
              }),
            );
          await report({ phase: 'written', done: i + part.length, total: toWrite });
        }
        for (const [k, { before, input }] of updates.entries()) {
          const { row, changes } = await applyChange(tx, before, input);
          entries.push(
            auditEntryOf(actor, {
              action: 'enterprise.update',
              entityType: 'enterprise',
              entityId: row.id,
              regionCode: row.regionCode,
              details: { changes, source: options.source },
            }),
          );
          if ((k + 1) % IMPORT_CHUNK === 0 || k + 1 === updates.length)
            await report({ phase: 'written', done: creates.length + k + 1, total: toWrite });
        }
        await appendAuditBatch(tx, entries, now);
      });
      if (toWrite >= VACUUM_AFTER)
        try {
          await vacuumEnterprises(db);
        } catch (err) {
          deps.log.warn({ err }, 'vacuum after the enterprise import failed (the import is committed)');
        }
      return result;
    },

    /**
     * The map layer as GeoJSON (for API clients; the console draws {@link enterpriseTile}s of it): every
     * matching enterprise in the actor's jurisdiction as a point carrying what a map draws — `id` (a popup
     * loads the rest) and `industry` (the colour) — with coordinates to 1e-5° (about a metre). Kept per jurisdiction and filter until any
     * enterprise changes (the table's version stamp, so writes by other processes count too): tens of
     * thousands of points are read and encoded once, not on every map view. The document's entity tag
     * names the jurisdiction, the filter, the version and the format, so a browser that holds the layer
     * revalidates it without a download.
     */
    async enterpriseLayer(actor: Actor, f: Omit<EnterpriseFilter, 'q'>): Promise<EncodedDocument> {
      const layer = await layerOf(actor, f);
      if (!layer.doc) {
        const features = layer.points.map(
          (p) =>
            `{"type":"Feature","properties":{"id":"${p.id}","industry":${JSON.stringify(p.industry)}},` +
            `"geometry":{"type":"Point","coordinates":[${roundDegrees(p.lon)},${roundDegrees(p.lat)}]}}`,
        );
        layer.doc = jsonDocument(
          `{"type":"FeatureCollection","features":[${features.join(',')}]}`,
          layer.identity,
        );
      }
      return layer.doc;
    },

    /**
     * One vector tile (z/x/y, Web Mercator) of the map layer: the layer's clusters at that zoom
     * (`cluster`, `cluster_id`, `point_count`, `hazchem` — how many are hazardous-chemical firms —,
     * `expansion_zoom`), and above {@link ENTERPRISE_TILES}.clusterMaxZoom its points (`id`, `industry`).
     * The clusters are computed once per cached layer, so the map receives only what is in view.
     */
    async enterpriseTile(
      actor: Actor,
      f: Omit<EnterpriseFilter, 'q'>,
      tile: { z: number; x: number; y: number },
    ): Promise<EncodedDocument> {
      const layer = await layerOf(actor, f);
      layer.clusters ??= buildClusterIndex(
        layer.points,
        (i) => industryGroup(layer.points[i]!.industry) === 'hazchem',
        {
          radius: ENTERPRISE_TILES.clusterRadius,
          tileSize: ENTERPRISE_TILES.tileSize,
          maxZoom: ENTERPRISE_TILES.clusterMaxZoom,
        },
      );
      const nodes = tileNodes(layer.clusters, tile.z, tile.x, tile.y);
      const bytes = encodePointTile(
        ENTERPRISE_TILES.layer,
        nodes.map(({ node, x, y }): MvtPoint => {
          if (node.id === 0) {
            const p = layer.points[node.index]!;
            return { x, y, properties: { id: p.id, industry: p.industry } };
          }
          return {
            id: node.id,
            x,
            y,
            properties: {
              cluster: true,
              cluster_id: node.id,
              point_count: node.count,
              hazchem: node.marked,
              expansion_zoom: node.expansionZoom,
            },
          };
        }),
      );
      return vectorTileDocument(bytes, JSON.stringify([layer.identity, tile.z, tile.x, tile.y]));
    },

    /** The filtered list as a file: .xlsx or UTF-8 CSV (the import's columns), or GeoJSON points. */
    async exportEnterprises(
      actor: Actor,
      f: EnterpriseFilter & { sort?: string },
      format: 'xlsx' | 'csv' | 'geojson',
    ): Promise<Buffer> {
      requirePermission(actor, 'enterprise:read');
      const names = await regionDisplayNames(db, config.regionCode);
      async function* rows() {
        for await (const row of streamEnterprises(db, actor.scope, f)) {
          const e = toEnterpriseView(row);
          yield { ...e, regionName: names.get(e.regionCode) ?? e.regionCode };
        }
      }
      switch (format) {
        case 'xlsx':
          return writeXlsx(
            '企业',
            ENTERPRISE_COLUMNS.map((c) => ({ header: c.header, width: c.width, value: c.toCell })),
            rows(),
          );
        case 'csv': {
          const lines = [ENTERPRISE_COLUMNS.map((c) => csvCell(c.header)).join(',')];
          for await (const e of rows())
            lines.push(ENTERPRISE_COLUMNS.map((c) => csvCell(c.toCell(e))).join(','));
          return csvFile(lines);
        }
        case 'geojson': {
          const features = [];
          for await (const e of rows())
            features.push({
              type: 'Feature',
              properties: {
                id: e.id,
                name: e.name,
                creditCode: e.creditCode,
                industry: e.industry,
                scale: e.scale,
                regionCode: e.regionCode,
                regionName: e.regionName,
                isDemo: e.isDemo,
              },
              geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
            });
          return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }), 'utf8');
        }
      }
    },

    /** The enterprise's 变更记录 from the audit trail (visible to whoever may see the enterprise). */
    async getHistory(
      actor: Actor,
      id: string,
      page: { page: number; pageSize: number },
    ): Promise<Page<AuditView>> {
      requirePermission(actor, 'enterprise:read');
      await loadVisible(actor, id);
      const { items, total } = await findAuditForEntity(db, 'enterprise', id, page);
      return { items: items.map(({ prevHash: _p, ...row }) => row), total, ...page };
    },

    /** Licences and insurance expiring within `days` (or expired), soonest first. Dates are Beijing dates. */
    async listExpiring(actor: Actor, days: number): Promise<ExpiryItem[]> {
      requirePermission(actor, 'enterprise:read');
      // Beijing (UTC+8) calendar date: licences expire at the end of a local day.
      const today = beijingDate(clock());
      const items: ExpiryItem[] = [];
      for await (const row of streamEnterprises(db, actor.scope, {}))
        items.push(...expiringItems(toEnterpriseView(row), today, days));
      return items.sort(
        (a, b) => a.daysLeft - b.daysLeft || a.enterpriseName.localeCompare(b.enterpriseName, 'zh'),
      );
    },
  };
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;
