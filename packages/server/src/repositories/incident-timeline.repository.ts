/**
 * The incident record (事件时间线, issue #6 part 8): every service that does something to an incident appends
 * here in the same transaction as the change and its audit row. Append-only.
 */
import type { TimelineKind } from '@ningan/domain';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { incidentTimeline } from '../db/schema/index.ts';

export type TimelineRow = typeof incidentTimeline.$inferSelect;

export interface TimelineEntryInput {
  incidentId: string;
  at: Date;
  kind: TimelineKind;
  /** null for the system (timers, the rule runtime). */
  actorId: string | null;
  actorName: string;
  summary: string;
  data?: unknown;
  refId?: string | null;
}

export async function appendTimeline(tx: DbOrTx, entry: TimelineEntryInput): Promise<TimelineRow> {
  const [row] = await tx
    .insert(incidentTimeline)
    .values({
      incidentId: entry.incidentId,
      at: entry.at,
      kind: entry.kind,
      actorId: entry.actorId,
      actorName: entry.actorName,
      summary: entry.summary,
      data: entry.data ?? null,
      refId: entry.refId ?? null,
    })
    .returning();
  if (!row) throw new Error('timeline insert returned nothing');
  return row;
}

/** The incident's entries in order, after `afterSeq` when given. */
export async function listTimeline(
  tx: DbOrTx,
  incidentId: string,
  afterSeq = 0,
  limit = 5000,
): Promise<TimelineRow[]> {
  return tx
    .select()
    .from(incidentTimeline)
    .where(and(eq(incidentTimeline.incidentId, incidentId), gt(incidentTimeline.seq, afterSeq)))
    .orderBy(asc(incidentTimeline.seq))
    .limit(limit);
}
