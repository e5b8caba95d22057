/**
 * Test helpers of the command part (issue #6): an incident row with only what a test cares about, and the text of
 * a .docx (a zip: word/document.xml read with the central directory and inflated with node:zlib).
 */
import { inflateRawSync } from 'node:zlib';
import type { Db } from '../db/client.ts';
import { incidents } from '../db/schema/index.ts';
import type { IncidentRow } from '../repositories/incident-reports.repository.ts';
import { XINNING } from './context.ts';

export async function insertTestIncident(
  db: Db,
  o: Partial<typeof incidents.$inferInsert> & { occurredAt: Date },
): Promise<IncidentRow> {
  const [row] = await db
    .insert(incidents)
    .values({
      title: '测试滑坡',
      source: 'phone',
      status: 'reported',
      eventType: 'landslide',
      eventClass: 'natural_disaster',
      regionCode: XINNING,
      knownAt: o.occurredAt,
      createdAt: o.occurredAt,
      updatedAt: o.occurredAt,
      description: '山体滑坡，掩埋道路约 50 米',
      intake: {
        place: '新宁镇东城村后山',
        caller: { name: '王某', phone: '13900000000', unit: '东城村委会' },
      },
      figures: {},
      ...o,
    })
    .returning();
  if (!row) throw new Error('incident insert returned nothing');
  return row;
}

/** Files of a zip archive by name (stored or deflated entries). */
export function unzip(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i -= 1)
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new Error('not a zip archive');
  const count = buffer.readUInt16LE(eocd + 10);
  let p = buffer.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n += 1) {
    if (buffer.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buffer.readUInt16LE(p + 10);
    const compressed = buffer.readUInt32LE(p + 20);
    const nameLen = buffer.readUInt16LE(p + 28);
    const extraLen = buffer.readUInt16LE(p + 30);
    const commentLen = buffer.readUInt16LE(p + 32);
    const local = buffer.readUInt32LE(p + 42);
    const name = buffer.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + compressed);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

/** The visible text of a .docx (runs joined, paragraphs on lines). */
export function docxText(buffer: Buffer): string {
  const xml = unzip(buffer).get('word/document.xml')?.toString('utf8');
  if (!xml) throw new Error('no word/document.xml');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
