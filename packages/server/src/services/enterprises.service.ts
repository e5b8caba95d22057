/**
 * Enterprises (企业): the registry every work-safety module hangs on. Authorised by permission and
 * jurisdiction (county/township/village by region, department by supervision, enterprise by itself).
 */
import {
  AppError,
  CreateEnterpriseRequest,
  expiringItems,
  isInScope,
  type Actor,
  type AuditView,
  type EnterpriseView,
  type ErrorDetail,
  type ExpiryItem,
  type ListQuery,
  type Page,
  type UpdateEnterpriseRequest,
} from '@ningan/domain';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DbOrTx } from '../db/client.ts';
import type { Table } from '../lib/table-reader.ts';
import { listRegionCodes, regionDisplayNames } from '../repositories/regions.repository.ts';
import { writeXlsx } from '../lib/xlsx.ts';
import { csvCell, csvFile } from '../lib/csv.ts';
import { ENTERPRISE_COLUMNS, parseLicences, REQUIRED_HEADERS } from './enterprise-sheet.ts';
import { findAuditForEntity } from '../repositories/audit.repository.ts';
import {
  findEnterprises,
  getEnterpriseByCreditCode,
  getEnterpriseById,
  insertEnterprise,
  scopedEnterprise,
  streamEnterprises,
  toEnterpriseView,
  updateEnterprise,
  type EnterpriseFilter,
  type EnterpriseRow,
} from '../repositories/enterprises.repository.ts';
import { getOrgUnitById, insertOrgUnit, updateOrgUnit } from '../repositories/org-units.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import { audit, diff, ensureVisible, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

export interface ImportResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
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
  'regionCode' | 'lon' | 'lat' | 'creditCode' | 'supervisingDepartmentId'
>;

export function createEnterpriseService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  let countyShape: Polygon | MultiPolygon | null = null;

  /** What placement checks need to look up: from the database one by one, or preloaded for an import. */
  interface Lookups {
    regionExists(code: string): Promise<boolean>;
    byCreditCode(code: string): Promise<{ id: string } | null>;
    isDepartment(id: string): Promise<boolean>;
  }

  const dbLookups = (tx: DbOrTx): Lookups => ({
    regionExists: async (code) => (await getRegion(tx, code)) !== null,
    byCreditCode: (code) => getEnterpriseByCreditCode(tx, code),
    isDepartment: async (id) => {
      const dept = await getOrgUnitById(tx, id);
      return dept !== null && ['department', 'bureau_office', 'bureau'].includes(dept.kind);
    },
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

  /** Applies a change (keeping the org unit's name and region in step) and records it with its diff. */
  async function writeChange(
    tx: DbOrTx,
    actor: Actor,
    before: EnterpriseRow,
    patch: UpdateEnterpriseRequest,
    now: Date,
    source?: string,
  ): Promise<EnterpriseRow> {
    const changes = diff(toEnterpriseView(before), patch);
    const row = await updateEnterprise(tx, before.id, patch);
    if (row.name !== before.name || row.regionCode !== before.regionCode)
      await updateOrgUnit(tx, before.orgUnitId, { name: row.name, regionCode: row.regionCode });
    await audit(
      tx,
      actor,
      {
        action: 'enterprise.update',
        entityType: 'enterprise',
        entityId: row.id,
        regionCode: row.regionCode,
        details: { changes, source },
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
    async listEnterprises(actor: Actor, q: ListQuery & EnterpriseFilter): Promise<Page<EnterpriseView>> {
      requirePermission(actor, 'enterprise:read');
      const { items, total } = await findEnterprises(db, actor.scope, q);
      return { items: items.map(toEnterpriseView), total, page: q.page, pageSize: q.pageSize };
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
     * @throws forbidden | validation_failed
     */
    async importEnterprises(
      actor: Actor,
      table: Table,
      options: { dryRun: boolean; source: string },
    ): Promise<ImportResult> {
      requirePermission(actor, 'enterprise:write');
      if (actor.scope.level === 'enterprise') throw new AppError('forbidden', '企业用户不能批量导入企业');
      const problems: ErrorDetail[] = [];
      const missing = REQUIRED_HEADERS.filter((h) => !table.headers.includes(h));
      if (missing.length) problems.push({ path: 'headers', message: `缺少列：${missing.join('、')}` });
      if (!table.rows.length) problems.push({ path: 'rows', message: '没有数据行' });
      rejectIfAny(problems);

      // Preload what the checks need, so a 10,000-row sheet costs a handful of queries.
      const codes = new Set(await listRegionCodes(db, config.regionCode));
      // "新宁镇" and "新宁镇 · 东城居委会", as the export writes them.
      const nameToCode = new Map(
        [...(await regionDisplayNames(db, config.regionCode))].map(([code, name]) => [name, code]),
      );
      const existing = new Map<string, EnterpriseRow>();
      for await (const row of streamEnterprises(
        db,
        { level: 'county', regionCode: config.regionCode, orgUnitId: null },
        {},
      ))
        existing.set(row.creditCode, row);
      const shape = await countyGeometry(db);
      const lookups: Lookups = {
        regionExists: async (code) => codes.has(code),
        byCreditCode: async (code) => existing.get(code) ?? null,
        isDepartment: async (id) => await dbLookups(db).isDepartment(id),
      };

      const seen = new Map<string, number>();
      const creates: CreateEnterpriseRequest[] = [];
      const updates: { before: EnterpriseRow; input: CreateEnterpriseRequest }[] = [];
      let unchanged = 0;
      for (const { row, cells } of table.rows) {
        const prefix = `rows.${row}.`;
        const rowProblems: ErrorDetail[] = [];
        const raw = sheetRowToRequest(cells, nameToCode, (field, message) =>
          rowProblems.push({ path: prefix + field, message }),
        );
        const parsed = CreateEnterpriseRequest.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            rowProblems.push({ path: prefix + issue.path.map(String).join('.'), message: issue.message });
          problems.push(...rowProblems);
          continue;
        }
        // The sheet has no supervising-department column: an import never changes that field.
        const { supervisingDepartmentId: _unset, ...sheetFields } = parsed.data;
        const input = {
          ...sheetFields,
          supervisingDepartmentId: existing.get(parsed.data.creditCode)?.supervisingDepartmentId ?? null,
        };
        const dupRow = seen.get(input.creditCode);
        if (dupRow) rowProblems.push({ path: `${prefix}creditCode`, message: `与第 ${dupRow} 行重复` });
        seen.set(input.creditCode, row);
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
      await db.transaction(async (tx) => {
        for (const input of creates)
          await writeNew(tx, actor, input, now, { isDemo: false, source: options.source });
        for (const { before, input } of updates)
          await writeChange(tx, actor, before, input, now, options.source);
      });
      return result;
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
      const today = new Date(clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
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
