/**
 * Attachments of ledger records (应急预案附件; issue #3: plans keep "attachments"): upload, list, download,
 * remove, for the registries declared with `attachments` (plans, drills). Authorised like the record:
 * reading needs `ledger:read`, changing the registry's write permission, and the record must be in the
 * actor's jurisdiction (outside it, record and files are "not found"). Files are checked by content
 * (domain `checkAttachment`), stored in the database and audited on the record (`ledger.attachment_add`
 * / `ledger.attachment_remove`) in the same transaction.
 */
import { createHash } from 'node:crypto';
import {
  AppError,
  ATTACHMENT_ACCEPT,
  checkAttachment,
  cleanFileName,
  findRegistry,
  notFound,
  type Actor,
  type AttachmentList,
  type AttachmentView,
  type RegistryDef,
} from '@ningan/domain';
import type { DbOrTx } from '../db/client.ts';
import {
  deleteAttachment,
  findAttachmentsOfRecord,
  getAttachment,
  insertAttachment,
  lockRecord,
  type AttachmentMeta,
} from '../repositories/attachments.repository.ts';
import { getLedgerRecordById, scopedRecord } from '../repositories/ledger.repository.ts';
import { audit, ensureVisible, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

export function toAttachmentView(row: AttachmentMeta): AttachmentView {
  return {
    id: row.id,
    recordId: row.recordId,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit row of an added or removed file says: the file, and the record's change as a diff. */
export function attachmentAuditDetails(
  def: RegistryDef,
  row: AttachmentMeta,
  change: 'add' | 'remove',
  reason?: string,
) {
  return {
    registry: def.key,
    attachmentId: row.id,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    ...(reason ? { reason } : {}),
    // The record's 变更记录 shows it as a change of its attachments.
    changes: { attachments: change === 'add' ? [null, row.fileName] : [row.fileName, null] },
  };
}

export function createAttachmentService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const maxBytes = config.ledger.attachmentMaxBytes;

  /** The registry, if its records keep files; otherwise "not found" (there is nothing to find). */
  function registry(key: string): RegistryDef {
    const def = findRegistry(key);
    if (!def) throw new AppError('not_found', `没有名为 ${key} 的台账`);
    if (!def.attachments) throw new AppError('not_found', `${def.zh}没有附件`);
    return def;
  }

  async function visibleRecord(tx: DbOrTx, actor: Actor, def: RegistryDef, id: string) {
    const row = await getLedgerRecordById(tx, id);
    return ensureVisible(actor, row && row.registry === def.key ? scopedRecord(row) : null, def.zh);
  }

  return {
    /** A record's files (without content) and what an upload must satisfy. @throws forbidden | not_found */
    async list(actor: Actor, key: string, recordId: string): Promise<AttachmentList> {
      const def = registry(key);
      requirePermission(actor, 'ledger:read');
      await visibleRecord(db, actor, def, recordId);
      const rows = await findAttachmentsOfRecord(db, recordId);
      return { items: rows.map(toAttachmentView), maxBytes, accept: ATTACHMENT_ACCEPT };
    },

    /**
     * Keeps a file with a record: name cleaned, size, type and content checked (every problem listed),
     * stored with its SHA-256, audited on the record in the same transaction.
     * @throws forbidden | not_found | validation_failed
     */
    async add(
      actor: Actor,
      key: string,
      recordId: string,
      upload: { fileName: string; content: Buffer },
    ): Promise<AttachmentView> {
      const def = registry(key);
      requirePermission(actor, def.writePermission);
      await visibleRecord(db, actor, def, recordId);
      const fileName = cleanFileName(upload.fileName);
      const { problems, type } = checkAttachment(fileName, upload.content, maxBytes);
      rejectIfAny(problems);
      const sha256 = createHash('sha256').update(upload.content).digest('hex');
      const now = clock();
      return db.transaction(async (tx) => {
        // Locked against a concurrent delete; still there and still visible.
        const record = await lockRecord(tx, recordId, 'share');
        ensureVisible(actor, record && record.registry === def.key ? scopedRecord(record) : null, def.zh);
        const row = await insertAttachment(tx, {
          recordId,
          fileName,
          contentType: type!.contentType,
          size: upload.content.length,
          sha256,
          content: upload.content,
          uploadedById: actor.via !== 'system' && actor.via !== 'cli' ? actor.userId : null,
          uploadedBy: actor.username,
          createdAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'ledger.attachment_add',
            entityType: def.entityType,
            entityId: recordId,
            regionCode: record!.regionCode,
            details: attachmentAuditDetails(def, row, 'add'),
          },
          now,
        );
        return toAttachmentView(row);
      });
    },

    /** One file with its content, for download. @throws forbidden | not_found */
    async download(
      actor: Actor,
      key: string,
      recordId: string,
      attachmentId: string,
    ): Promise<{ fileName: string; contentType: string; content: Buffer }> {
      const def = registry(key);
      requirePermission(actor, 'ledger:read');
      await visibleRecord(db, actor, def, recordId);
      const row = await getAttachment(db, recordId, attachmentId);
      if (!row) throw notFound('附件');
      return { fileName: row.fileName, contentType: row.contentType, content: row.content };
    },

    /** Removes one file, audited on the record in the same transaction. @throws forbidden | not_found */
    async remove(actor: Actor, key: string, recordId: string, attachmentId: string): Promise<void> {
      const def = registry(key);
      requirePermission(actor, def.writePermission);
      const record = await visibleRecord(db, actor, def, recordId);
      const now = clock();
      await db.transaction(async (tx) => {
        const row = await deleteAttachment(tx, recordId, attachmentId);
        if (!row) throw notFound('附件');
        await audit(
          tx,
          actor,
          {
            action: 'ledger.attachment_remove',
            entityType: def.entityType,
            entityId: recordId,
            regionCode: record.regionCode,
            details: attachmentAuditDetails(def, row, 'remove'),
          },
          now,
        );
      });
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
