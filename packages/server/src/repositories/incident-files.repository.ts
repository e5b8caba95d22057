/**
 * Photos of an incident (field reports, task feedback; issue #6): stored in the database row with their size and
 * SHA-256. `saveIncidentFile` is the one way in: it checks the declared type against the allowed list and the
 * bytes' own signature, and the size, before anything is written.
 */
import { createHash } from 'node:crypto';
import { AppError, FIELD_PHOTO_MAX_BYTES, FIELD_PHOTO_TYPES, type ErrorDetail } from '@ningan/domain';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { incidentFiles } from '../db/schema/index.ts';

export type IncidentFileRow = typeof incidentFiles.$inferSelect;
export type IncidentFileMeta = Omit<IncidentFileRow, 'content'>;

export interface NewIncidentFile {
  /** null for a file not (yet) tied to an incident. */
  incidentId: string | null;
  fileName: string;
  contentType: string;
  content: Buffer;
  uploadedById: string | null;
  uploadedByName: string;
  createdAt: Date;
}

export interface IncidentFileLimits {
  maxBytes: number;
  contentTypes: readonly string[];
}

export const PHOTO_LIMITS: IncidentFileLimits = {
  maxBytes: FIELD_PHOTO_MAX_BYTES,
  contentTypes: FIELD_PHOTO_TYPES,
};

/** Does `bytes` start like a file of `contentType` (JPEG SOI, PNG signature, RIFF…WEBP)? */
export function matchesSignature(contentType: string, bytes: Buffer): boolean {
  switch (contentType) {
    case 'image/jpeg':
      return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    case 'image/png':
      return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/webp':
      return (
        bytes.length >= 12 &&
        bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
        bytes.subarray(8, 12).toString('latin1') === 'WEBP'
      );
    default:
      return false;
  }
}

/** Every problem with a file before it is stored (`path` places the problems in the request). */
export function incidentFileProblems(
  file: Pick<NewIncidentFile, 'contentType' | 'content' | 'fileName'>,
  path: string,
  limits: IncidentFileLimits = PHOTO_LIMITS,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!limits.contentTypes.includes(file.contentType))
    problems.push({ path: `${path}.contentType`, message: `文件类型应为 ${limits.contentTypes.join('、')}` });
  else if (!matchesSignature(file.contentType, file.content))
    problems.push({ path: `${path}.dataBase64`, message: '文件内容与声明的类型不符' });
  if (file.content.length === 0) problems.push({ path: `${path}.dataBase64`, message: '文件为空' });
  if (file.content.length > limits.maxBytes)
    problems.push({
      path: `${path}.dataBase64`,
      message: `文件不能超过 ${(limits.maxBytes / 1_000_000).toFixed(1)} MB`,
    });
  return problems;
}

/**
 * Stores a file inside `tx`, after checking its type and size.
 * @throws validation_failed listing every problem (nothing written)
 */
export async function saveIncidentFile(
  tx: DbOrTx,
  file: NewIncidentFile,
  limits: IncidentFileLimits = PHOTO_LIMITS,
): Promise<IncidentFileMeta> {
  const problems = incidentFileProblems(file, 'file', limits);
  if (problems.length) throw new AppError('validation_failed', '文件不符合要求', { details: problems });
  const [row] = await tx
    .insert(incidentFiles)
    .values({
      incidentId: file.incidentId,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: file.content,
      uploadedById: file.uploadedById,
      uploadedByName: file.uploadedByName,
      createdAt: file.createdAt,
    })
    .returning({
      id: incidentFiles.id,
      incidentId: incidentFiles.incidentId,
      fileName: incidentFiles.fileName,
      contentType: incidentFiles.contentType,
      size: incidentFiles.size,
      sha256: incidentFiles.sha256,
      uploadedById: incidentFiles.uploadedById,
      uploadedByName: incidentFiles.uploadedByName,
      createdAt: incidentFiles.createdAt,
    });
  if (!row) throw new Error('incident file insert returned nothing');
  return row;
}

export async function getIncidentFile(db: DbOrTx, id: string): Promise<IncidentFileRow | null> {
  const [row] = await db.select().from(incidentFiles).where(eq(incidentFiles.id, id));
  return row ?? null;
}
