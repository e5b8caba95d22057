/** Organisation units (组织机构): bureau, 三委四部, departments, township offices, village posts, enterprises. */
import {
  isInScope,
  type Actor,
  type CreateOrgUnitRequest,
  type ErrorDetail,
  type ListQuery,
  type OrgUnitKind,
  type OrgUnitView,
  type Page,
  type UpdateOrgUnitRequest,
} from '@ningan/domain';
import type { DbOrTx } from '../db/client.ts';
import {
  findOrgUnits,
  getOrgUnitById,
  getOrgUnitsByIds,
  insertOrgUnit,
  scopedOrgUnit,
  setOrgUnitMembers,
  toOrgUnitViews,
  updateOrgUnit,
  type OrgUnitRow,
} from '../repositories/org-units.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import { audit, diff, ensureVisible, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

const GROUP_KINDS: OrgUnitKind[] = ['committee', 'headquarters'];

export function createOrgUnitService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function checkUnit(
    tx: DbOrTx,
    actor: Actor,
    unit: { kind: OrgUnitKind; regionCode: string; parentId: string | null; memberIds: string[] },
    selfId: string | null,
  ): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    if (!(await getRegion(tx, unit.regionCode)))
      problems.push({ path: 'regionCode', message: `区划代码 ${unit.regionCode} 不存在` });
    else if (!isInScope(actor.scope, { regionCode: unit.regionCode, orgUnitId: selfId }))
      problems.push({ path: 'regionCode', message: '超出本人管辖范围' });
    if (unit.kind === 'township_office' && unit.regionCode.length !== 9)
      problems.push({ path: 'regionCode', message: '乡镇应急办须对应 9 位乡镇代码' });
    if (unit.kind === 'village_post' && unit.regionCode.length !== 12)
      problems.push({ path: 'regionCode', message: '村级站点须对应 12 位村(社区)代码' });
    if (unit.parentId) {
      if (unit.parentId === selfId) problems.push({ path: 'parentId', message: '上级单位不能是本单位' });
      const parent = await getOrgUnitById(tx, unit.parentId);
      if (!parent || !isInScope(actor.scope, scopedOrgUnit(parent)))
        problems.push({ path: 'parentId', message: '上级单位不存在' });
    }
    if (unit.memberIds.length) {
      if (!GROUP_KINDS.includes(unit.kind))
        problems.push({ path: 'memberIds', message: '只有委员会和指挥部有成员单位' });
      const found = await getOrgUnitsByIds(tx, unit.memberIds);
      for (const id of unit.memberIds)
        if (!found.some((f) => f.id === id))
          problems.push({ path: 'memberIds', message: `成员单位 ${id} 不存在` });
    }
    return problems;
  }

  async function loadVisible(actor: Actor, id: string): Promise<OrgUnitRow> {
    const row = await getOrgUnitById(db, id);
    ensureVisible(actor, row && scopedOrgUnit(row), '单位');
    return row!;
  }

  return {
    async listOrgUnits(
      actor: Actor,
      q: ListQuery & { kind?: OrgUnitKind; regionCode?: string },
    ): Promise<Page<OrgUnitView>> {
      requirePermission(actor, 'org:read');
      const { items, total } = await findOrgUnits(db, actor.scope, q);
      return { items: await toOrgUnitViews(db, items), total, page: q.page, pageSize: q.pageSize };
    },

    async getOrgUnit(actor: Actor, id: string): Promise<OrgUnitView> {
      requirePermission(actor, 'org:read');
      const [view] = await toOrgUnitViews(db, [await loadVisible(actor, id)]);
      return view!;
    },

    /** @throws forbidden | validation_failed | conflict */
    async createOrgUnit(
      actor: Actor,
      input: CreateOrgUnitRequest,
      options: { isDemo?: boolean } = {},
    ): Promise<OrgUnitView> {
      requirePermission(actor, 'org:write');
      const now = clock();
      return db.transaction(async (tx) => {
        rejectIfAny(await checkUnit(tx, actor, input, null));
        const row = await insertOrgUnit(tx, {
          name: input.name,
          kind: input.kind,
          parentId: input.parentId,
          regionCode: input.regionCode,
          isDemo: options.isDemo ?? false,
          createdAt: now,
          updatedAt: now,
        });
        await setOrgUnitMembers(tx, row.id, input.memberIds);
        await audit(
          tx,
          actor,
          {
            action: 'org_unit.create',
            entityType: 'org_unit',
            entityId: row.id,
            regionCode: row.regionCode,
            details: input,
          },
          now,
        );
        const [view] = await toOrgUnitViews(tx, [row]);
        return view!;
      });
    },

    /** @throws forbidden | not_found | validation_failed | conflict */
    async updateOrgUnit(actor: Actor, id: string, input: UpdateOrgUnitRequest): Promise<OrgUnitView> {
      requirePermission(actor, 'org:write');
      const before = await loadVisible(actor, id);
      const now = clock();
      return db.transaction(async (tx) => {
        const [beforeView] = await toOrgUnitViews(tx, [before]);
        const merged = {
          kind: input.kind ?? before.kind,
          regionCode: input.regionCode ?? before.regionCode,
          parentId: input.parentId === undefined ? before.parentId : input.parentId,
          memberIds: input.memberIds ?? beforeView!.memberIds,
        };
        rejectIfAny(await checkUnit(tx, actor, merged, id));
        const changes = diff(beforeView!, input);
        const row = await updateOrgUnit(tx, id, {
          name: input.name,
          kind: merged.kind,
          regionCode: merged.regionCode,
          parentId: merged.parentId,
        });
        if (input.memberIds) await setOrgUnitMembers(tx, id, input.memberIds);
        await audit(
          tx,
          actor,
          {
            action: 'org_unit.update',
            entityType: 'org_unit',
            entityId: id,
            regionCode: row.regionCode,
            details: { changes },
          },
          now,
        );
        const [view] = await toOrgUnitViews(tx, [row]);
        return view!;
      });
    },
  };
}

export type OrgUnitService = ReturnType<typeof createOrgUnitService>;
