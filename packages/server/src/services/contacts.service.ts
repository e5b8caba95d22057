/** Responsible persons and contacts (责任人/联系人): the people warnings and 叫应 will reach. */
import {
  isBodyKind,
  isBodyPosition,
  isInScope,
  isMemberPosition,
  type Actor,
  type ContactDuty,
  type ContactView,
  type CreateContactRequest,
  type ErrorDetail,
  type ListQuery,
  type Page,
  type UpdateContactRequest,
} from '@ningan/domain';
import type { DbOrTx } from '../db/client.ts';
import {
  deleteContact,
  findContacts,
  getContactById,
  insertContact,
  toContactView,
  updateContact,
  type ContactRow,
} from '../repositories/contacts.repository.ts';
import { getMembership } from '../repositories/directory.repository.ts';
import { getOrgUnitById, scopedOrgUnit } from '../repositories/org-units.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import { audit, diff, ensureVisible, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

export function createContactService(deps: ServiceDeps) {
  const { db, clock } = deps;

  /**
   * Every problem of a contact as it would be stored. The 三委四部 positions tie a contact to its unit:
   * a body's leadership and office belong to the body itself (orgUnitId = a committee/headquarters,
   * no bodyId); a member unit's 分管领导/联络员 belong to the member unit, and when they serve one body
   * only (bodyId), the unit must be a member of it.
   */
  async function checkContact(
    tx: DbOrTx,
    actor: Actor,
    c: { regionCode: string; orgUnitId: string | null; bodyId: string | null; duty: ContactDuty },
  ): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    if (!(await getRegion(tx, c.regionCode)))
      problems.push({ path: 'regionCode', message: `区划代码 ${c.regionCode} 不存在` });
    let unit = c.orgUnitId ? await getOrgUnitById(tx, c.orgUnitId) : null;
    if (c.orgUnitId && (!unit || !isInScope(actor.scope, scopedOrgUnit(unit)))) {
      problems.push({ path: 'orgUnitId', message: '所属单位不存在' });
      unit = null;
    }
    if (isBodyPosition(c.duty)) {
      if (!c.orgUnitId) problems.push({ path: 'orgUnitId', message: '请指定所属委员会或指挥部' });
      else if (unit && !isBodyKind(unit.kind))
        problems.push({ path: 'orgUnitId', message: '该职务只属于委员会或指挥部' });
      if (c.bodyId) problems.push({ path: 'bodyId', message: '委员会或指挥部的领导不另指定服务机构' });
    } else if (isMemberPosition(c.duty) && !c.orgUnitId)
      problems.push({ path: 'orgUnitId', message: '分管领导和联络员须指定所属单位' });
    if (c.bodyId) {
      const body = await getOrgUnitById(tx, c.bodyId);
      if (!body || !isBodyKind(body.kind) || !isInScope(actor.scope, scopedOrgUnit(body)))
        problems.push({ path: 'bodyId', message: '委员会或指挥部不存在' });
      else if (!isMemberPosition(c.duty) && !isBodyPosition(c.duty))
        problems.push({ path: 'duty', message: '只有分管领导和联络员按委员会或指挥部分别指定' });
      else if (unit && !(await getMembership(tx, body.id, unit.id)))
        problems.push({ path: 'bodyId', message: `${unit.name}不是${body.name}的成员单位` });
    }
    if (!isInScope(actor.scope, c)) problems.push({ path: 'regionCode', message: '超出本人管辖范围' });
    return problems;
  }

  async function loadVisible(actor: Actor, id: string): Promise<ContactRow> {
    return ensureVisible(actor, await getContactById(db, id), '联系人');
  }

  return {
    async listContacts(
      actor: Actor,
      q: ListQuery & { regionCode?: string; duty?: ContactDuty },
    ): Promise<Page<ContactView>> {
      requirePermission(actor, 'contact:read');
      const { items, total } = await findContacts(db, actor.scope, q);
      return { items: items.map(toContactView), total, page: q.page, pageSize: q.pageSize };
    },

    async getContact(actor: Actor, id: string): Promise<ContactView> {
      requirePermission(actor, 'contact:read');
      return toContactView(await loadVisible(actor, id));
    },

    /** @throws forbidden | validation_failed */
    async createContact(
      actor: Actor,
      input: CreateContactRequest,
      options: { isDemo?: boolean } = {},
    ): Promise<ContactView> {
      requirePermission(actor, 'contact:write');
      const now = clock();
      return db.transaction(async (tx) => {
        rejectIfAny(await checkContact(tx, actor, input));
        const row = await insertContact(tx, {
          ...input,
          isDemo: options.isDemo ?? false,
          createdAt: now,
          updatedAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'contact.create',
            entityType: 'contact',
            entityId: row.id,
            regionCode: row.regionCode,
            details: input,
          },
          now,
        );
        return toContactView(row);
      });
    },

    /** @throws forbidden | not_found | validation_failed */
    async updateContact(actor: Actor, id: string, input: UpdateContactRequest): Promise<ContactView> {
      requirePermission(actor, 'contact:write');
      const before = await loadVisible(actor, id);
      const now = clock();
      return db.transaction(async (tx) => {
        const merged = {
          regionCode: input.regionCode ?? before.regionCode,
          orgUnitId: input.orgUnitId === undefined ? before.orgUnitId : input.orgUnitId,
          bodyId: input.bodyId === undefined ? before.bodyId : input.bodyId,
          duty: input.duty ?? (before.duty as ContactDuty),
        };
        rejectIfAny(await checkContact(tx, actor, merged));
        const changes = diff(before, input);
        const row = await updateContact(tx, id, input);
        await audit(
          tx,
          actor,
          {
            action: 'contact.update',
            entityType: 'contact',
            entityId: id,
            regionCode: row.regionCode,
            details: { changes },
          },
          now,
        );
        return toContactView(row);
      });
    },

    /** @throws forbidden | not_found */
    async deleteContact(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'contact:write');
      const before = await loadVisible(actor, id);
      const now = clock();
      await db.transaction(async (tx) => {
        await deleteContact(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'contact.delete',
            entityType: 'contact',
            entityId: id,
            regionCode: before.regionCode,
            details: toContactView(before),
          },
          now,
        );
      });
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
