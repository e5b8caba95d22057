/** SQL of ledger record attachments (table `ledger_attachments`). Lists never read the content column. */
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { ledgerAttachments, ledgerRecords } from '../db/schema/index.ts';

export type AttachmentRow = typeof ledgerAttachments.$inferSelect;
export type AttachmentMeta = Omit<AttachmentRow, 'content'>;

const META = {
  id: ledgerAttachments.id,
  recordId: ledgerAttachments.recordId,
  fileName: ledgerAttachments.fileName,
  contentType: ledgerAttachments.contentType,
  size: ledgerAttachments.size,
  sha256: ledgerAttachments.sha256,
  uploadedById: ledgerAttachments.uploadedById,
  uploadedBy: ledgerAttachments.uploadedBy,
  createdAt: ledgerAttachments.createdAt,
};

/**
 * The record attachments hang on, locked for the rest of the transaction: `share` while a file is added
 * (the record cannot be deleted under it), `update` before the record and its files are deleted (no
 * file can be added in between).
 */
export async function lockRecord(
  tx: DbOrTx,
  id: string,
  mode: 'share' | 'update',
): Promise<typeof ledgerRecords.$inferSelect | null> {
  const [row] = await tx.select().from(ledgerRecords).where(eq(ledgerRecords.id, id)).for(mode);
  return row ?? null;
}

export async function insertAttachment(
  db: DbOrTx,
  row: typeof ledgerAttachments.$inferInsert,
): Promise<AttachmentMeta> {
  const [inserted] = await db.insert(ledgerAttachments).values(row).returning(META);
  return inserted!;
}

/** A record's attachments, oldest first, without their content. */
export async function findAttachmentsOfRecord(db: DbOrTx, recordId: string): Promise<AttachmentMeta[]> {
  return db
    .select(META)
    .from(ledgerAttachments)
    .where(eq(ledgerAttachments.recordId, recordId))
    .orderBy(asc(ledgerAttachments.createdAt), asc(ledgerAttachments.id));
}

/** One attachment of a record, with its content. */
export async function getAttachment(db: DbOrTx, recordId: string, id: string): Promise<AttachmentRow | null> {
  const [row] = await db
    .select()
    .from(ledgerAttachments)
    .where(and(eq(ledgerAttachments.id, id), eq(ledgerAttachments.recordId, recordId)));
  return row ?? null;
}

/** Removes one attachment of a record; returns what it was (null when there was none). */
export async function deleteAttachment(
  db: DbOrTx,
  recordId: string,
  id: string,
): Promise<AttachmentMeta | null> {
  const [row] = await db
    .delete(ledgerAttachments)
    .where(and(eq(ledgerAttachments.id, id), eq(ledgerAttachments.recordId, recordId)))
    .returning(META);
  return row ?? null;
}

/** Removes every attachment of a record (before the record itself); returns what they were. */
export async function deleteAttachmentsOfRecord(db: DbOrTx, recordId: string): Promise<AttachmentMeta[]> {
  return db.delete(ledgerAttachments).where(eq(ledgerAttachments.recordId, recordId)).returning(META);
}
