/**
 * Enterprises (企业): the registry every work-safety module hangs on. Authorised by permission and
 * jurisdiction (county/township/village by region, department by supervision, enterprise by itself).
 */
import {
  expiringItems,
  isInScope,
  type Actor,
  type AuditView,
  type CreateEnterpriseRequest,
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

type Placement = Pick<
  CreateEnterpriseRequest,
  'regionCode' | 'lon' | 'lat' | 'creditCode' | 'supervisingDepartmentId'
>;

export function createEnterpriseService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  let countyShape: Polygon | MultiPolygon | null = null;

  async function checkPlacement(
    tx: DbOrTx,
    actor: Actor,
    e: Placement,
    self: { id: string; orgUnitId: string } | null,
  ): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    const region = await getRegion(tx, e.regionCode);
    if (!region || !e.regionCode.startsWith(config.regionCode))
      problems.push({ path: 'regionCode', message: `区划 ${e.regionCode} 不是本县的乡镇或村(社区)` });
    countyShape ??=
      ((await getRegion(tx, config.regionCode))?.geometry as Polygon | MultiPolygon | null) ?? null;
    if (countyShape && !booleanPointInPolygon(point([e.lon, e.lat]), countyShape))
      problems.push({ path: 'lon', message: `位置 (${e.lon}, ${e.lat}) 不在本县范围内` });
    const sameCode = await getEnterpriseByCreditCode(tx, e.creditCode);
    if (sameCode && sameCode.id !== self?.id)
      problems.push({
        path: 'creditCode',
        message: `统一社会信用代码 ${e.creditCode} 已登记（${sameCode.name}）`,
      });
    if (e.supervisingDepartmentId) {
      const dept = await getOrgUnitById(tx, e.supervisingDepartmentId);
      if (!dept || (dept.kind !== 'department' && dept.kind !== 'bureau_office' && dept.kind !== 'bureau'))
        problems.push({ path: 'supervisingDepartmentId', message: '监管部门不存在' });
    }
    const record = {
      regionCode: e.regionCode,
      orgUnitId: self?.orgUnitId ?? null,
      supervisorId: e.supervisingDepartmentId,
    };
    if (!isInScope(actor.scope, record)) problems.push({ path: 'regionCode', message: '超出本人管辖范围' });
    return problems;
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
        const problems = await checkPlacement(tx, actor, input, null);
        if (actor.scope.level === 'enterprise')
          problems.push({ path: '', message: '企业用户不能登记其他企业' });
        rejectIfAny(problems);
        const unit = await insertOrgUnit(tx, {
          name: input.name,
          kind: 'enterprise',
          regionCode: input.regionCode,
          isDemo: options.isDemo ?? false,
          createdAt: now,
          updatedAt: now,
        });
        const row = await insertEnterprise(tx, {
          ...input,
          orgUnitId: unit.id,
          isDemo: options.isDemo ?? false,
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
            details: { name: row.name, creditCode: row.creditCode, industry: row.industry },
          },
          now,
        );
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
        const problems = await checkPlacement(tx, actor, merged, before);
        const insured = input.insured ?? before.insured;
        const expires =
          input.insuranceExpiresOn === undefined ? before.insuranceExpiresOn : input.insuranceExpiresOn;
        if (insured && !expires)
          problems.push({ path: 'insuranceExpiresOn', message: '已投保时须填写保险到期日' });
        rejectIfAny(problems);
        const changes = diff(toEnterpriseView(before), input);
        const row = await updateEnterprise(tx, id, input);
        if (input.name || input.regionCode)
          await updateOrgUnit(tx, before.orgUnitId, { name: row.name, regionCode: row.regionCode });
        await audit(
          tx,
          actor,
          {
            action: 'enterprise.update',
            entityType: 'enterprise',
            entityId: id,
            regionCode: row.regionCode,
            details: { changes },
          },
          now,
        );
        return toEnterpriseView(row);
      });
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
