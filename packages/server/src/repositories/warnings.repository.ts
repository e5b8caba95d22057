/**
 * Warnings (issue #5 parts 1–4, 8, 9): the messages and their chains, the day's identifier sequence, the
 * places a warning can target, the public feed's query and CAP warnings received from outside. All SQL of
 * warning issuance lives here; dissemination's tables have their own repositories.
 */
import type { Scope, TargetPlaces, WarningPhase } from '@ningan/domain';
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DbOrTx } from '../db/client.ts';
import {
  alarmRules,
  alarms,
  externalWarnings,
  regions,
  stations,
  users,
  warnings,
  warningSequences,
} from '../db/schema/index.ts';
import { codePrefix } from './scope.ts';

export type WarningRow = typeof warnings.$inferSelect;
export type NewWarningRow = typeof warnings.$inferInsert;
export type ExternalWarningRow = typeof externalWarnings.$inferSelect;
export type NewExternalWarningRow = typeof externalWarnings.$inferInsert;

/** A warning with the names a view shows. */
export interface WarningListRow {
  warning: WarningRow;
  regionName: string | null;
  authorName: string | null;
}

const author = alias(users, 'warning_author');

const jsonHas = (path: 'townshipCodes' | 'villageCodes', code: string): SQL =>
  sql`(${warnings.targets} -> ${path}) @> jsonb_build_array(${code}::text)`;

/** SQL form of `isWarningVisible` (domain warning/api.ts). */
export function warningScopeWhere(scope: Scope, actorId: string): SQL {
  const own = eq(warnings.authorId, actorId);
  const published = eq(warnings.state, 'published');
  switch (scope.level) {
    case 'county':
      return or(own, codePrefix(warnings.regionCode, scope.regionCode))!;
    case 'township':
      return or(
        own,
        codePrefix(warnings.regionCode, scope.regionCode),
        and(published, jsonHas('townshipCodes', scope.regionCode)),
      )!;
    case 'village':
      return or(
        own,
        codePrefix(warnings.regionCode, scope.regionCode),
        and(
          published,
          or(
            jsonHas('townshipCodes', scope.regionCode.slice(0, 9)),
            jsonHas('villageCodes', scope.regionCode),
          ),
        ),
      )!;
    case 'department':
      return or(own, and(published, codePrefix(warnings.regionCode, scope.regionCode.slice(0, 6))))!;
    case 'enterprise':
      return own;
  }
}

/** SQL form of the domain's `phaseOf` for published messages at `now`. */
export function phaseWhere(phase: WarningPhase, now: Date): SQL {
  const published = eq(warnings.state, 'published');
  const notCancelled = and(ne(warnings.msgType, 'Cancel'), isNull(warnings.cancelledAt));
  switch (phase) {
    case 'cancelled':
      return and(published, or(eq(warnings.msgType, 'Cancel'), sql`${warnings.cancelledAt} <= ${now}`))!;
    case 'superseded':
      return and(published, notCancelled, sql`${warnings.supersededAt} <= ${now}`)!;
    case 'expired':
      return and(
        published,
        notCancelled,
        isNull(warnings.supersededAt),
        sql`${warnings.expiresAt} <= ${now}`,
      )!;
    case 'active':
      return and(published, notCancelled, isNull(warnings.supersededAt), gt(warnings.expiresAt, now))!;
  }
}

export async function insertWarning(tx: DbOrTx, row: NewWarningRow): Promise<WarningRow> {
  const [inserted] = await tx.insert(warnings).values(row).returning();
  return inserted!;
}

export async function getWarningById(db: DbOrTx, id: string): Promise<WarningRow | null> {
  const [row] = await db.select().from(warnings).where(eq(warnings.id, id));
  return row ?? null;
}

/** The row locked for an action (`FOR UPDATE`): a second action waits and then sees the first's result. */
export async function lockWarning(tx: DbOrTx, id: string): Promise<WarningRow | null> {
  const [row] = await tx.select().from(warnings).where(eq(warnings.id, id)).for('update');
  return row ?? null;
}

export async function updateWarning(
  tx: DbOrTx,
  id: string,
  patch: Partial<NewWarningRow>,
): Promise<WarningRow> {
  const [row] = await tx.update(warnings).set(patch).where(eq(warnings.id, id)).returning();
  return row!;
}

/** Deletes a row only while it is unpublished; true when deleted. */
export async function deleteDraftWarning(tx: DbOrTx, id: string): Promise<boolean> {
  const rows = await tx
    .delete(warnings)
    .where(and(eq(warnings.id, id), ne(warnings.state, 'published')))
    .returning({ id: warnings.id });
  return rows.length > 0;
}

/** Every message of a chain, oldest first (creation order). */
export async function listChain(db: DbOrTx, chainId: string): Promise<WarningRow[]> {
  return db
    .select()
    .from(warnings)
    .where(eq(warnings.chainId, chainId))
    .orderBy(asc(warnings.createdAt), asc(warnings.sentAt));
}

/**
 * Locks every row of a chain (`FOR UPDATE`, in id order so two signers never deadlock) and returns them
 * oldest first. Signing an Update/Cancel, and drafting one, take this lock.
 */
export async function lockChain(tx: DbOrTx, chainId: string): Promise<WarningRow[]> {
  await tx
    .select({ id: warnings.id })
    .from(warnings)
    .where(eq(warnings.chainId, chainId))
    .orderBy(asc(warnings.id))
    .for('update');
  return listChain(tx, chainId);
}

/**
 * The next `_N` of the national identifier for a Beijing day (0 for the day's first), taken atomically:
 * the row is created at 0 or incremented, and the value returned, in one statement.
 */
export async function takeWarningSequence(tx: DbOrTx, day: string): Promise<number> {
  const [row] = await tx
    .insert(warningSequences)
    .values({ day, last: 0 })
    .onConflictDoUpdate({ target: warningSequences.day, set: { last: sql`${warningSequences.last} + 1` } })
    .returning({ last: warningSequences.last });
  return row!.last;
}

/** Marks the earlier messages of a chain as replaced by `byId` at `at` (those not marked yet). */
export async function stampSuperseded(
  tx: DbOrTx,
  ids: readonly string[],
  byId: string,
  at: Date,
): Promise<void> {
  if (!ids.length) return;
  await tx
    .update(warnings)
    .set({ supersededAt: at, supersededById: byId, updatedAt: at })
    .where(and(inArray(warnings.id, [...ids]), isNull(warnings.supersededAt)));
}

/** A Cancel ends the whole chain: every published message gets `cancelled_at`. */
export async function stampCancelled(tx: DbOrTx, chainId: string, at: Date): Promise<void> {
  await tx
    .update(warnings)
    .set({ cancelledAt: at, updatedAt: at })
    .where(and(eq(warnings.chainId, chainId), eq(warnings.state, 'published'), isNull(warnings.cancelledAt)));
}

export interface WarningFilter {
  page: number;
  pageSize: number;
  states?: string[];
  phase?: WarningPhase;
  hazard?: string;
  levels?: string[];
  msgType?: string;
  q?: string;
  now: Date;
}

export async function findWarnings(
  db: DbOrTx,
  scope: Scope,
  actorId: string,
  f: WarningFilter,
): Promise<{ items: WarningListRow[]; total: number }> {
  const where = and(
    warningScopeWhere(scope, actorId),
    f.states?.length ? inArray(warnings.state, f.states) : undefined,
    f.phase ? phaseWhere(f.phase, f.now) : undefined,
    f.hazard ? eq(warnings.hazard, f.hazard) : undefined,
    f.levels?.length ? inArray(warnings.level, f.levels) : undefined,
    f.msgType ? eq(warnings.msgType, f.msgType) : undefined,
    f.q ? or(ilike(warnings.headline, `%${f.q}%`), ilike(warnings.identifier, `%${f.q}%`)) : undefined,
  );
  const [totalRow] = await db.select({ n: count() }).from(warnings).where(where);
  const items = await db
    .select({ warning: warnings, regionName: regions.name, authorName: author.displayName })
    .from(warnings)
    .leftJoin(regions, eq(regions.code, warnings.regionCode))
    .leftJoin(author, eq(author.id, warnings.authorId))
    .where(where)
    .orderBy(desc(warnings.updatedAt), desc(warnings.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items, total: totalRow?.n ?? 0 };
}

/** The view names of one warning: its region, author, reviewer and signer. */
export async function warningNames(
  db: DbOrTx,
  w: WarningRow,
): Promise<{
  regionName: string | null;
  authorName: string | null;
  reviewedByName: string | null;
  signedByName: string | null;
}> {
  const ids = [w.authorId, w.reviewedById, w.signedById].filter((x): x is string => x !== null);
  const people = ids.length
    ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids))
    : [];
  const name = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? null) : null);
  const [region] = await db
    .select({ name: regions.name })
    .from(regions)
    .where(eq(regions.code, w.regionCode));
  return {
    regionName: region?.name ?? null,
    authorName: name(w.authorId),
    reviewedByName: name(w.reviewedById),
    signedByName: name(w.signedById),
  };
}

/** Published, Actual, in force at `now` (not expired, cancelled or superseded), newest first. */
export async function findPublicWarnings(db: DbOrTx, now: Date): Promise<WarningRow[]> {
  return db
    .select()
    .from(warnings)
    .where(and(phaseWhere('active', now), eq(warnings.capStatus, 'Actual')))
    .orderBy(desc(warnings.sentAt));
}

/** A published message by its CAP identifier (any status; the caller decides what is public). */
export async function getPublishedByIdentifier(db: DbOrTx, identifier: string): Promise<WarningRow | null> {
  const [row] = await db
    .select()
    .from(warnings)
    .where(and(eq(warnings.identifier, identifier), eq(warnings.state, 'published')));
  return row ?? null;
}

// ---- places ----

const isArea = (g: unknown): g is Polygon | MultiPolygon =>
  typeof g === 'object' &&
  g !== null &&
  ((g as { type?: unknown }).type === 'Polygon' || (g as { type?: unknown }).type === 'MultiPolygon');

/**
 * The county's townships (those with a zone geometry) and villages (those with a point), with their
 * populations, for `resolveTargets`.
 */
export async function findTargetPlaces(db: DbOrTx, countyCode: string): Promise<TargetPlaces> {
  const rows = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      parentCode: regions.parentCode,
      lon: regions.lon,
      lat: regions.lat,
      geometry: regions.geometry,
      population: regions.population,
    })
    .from(regions)
    .where(and(codePrefix(regions.code, countyCode), inArray(regions.level, ['township', 'village'])))
    .orderBy(asc(regions.code));
  return {
    townships: rows.flatMap((r) =>
      r.level === 'township' && isArea(r.geometry)
        ? [{ code: r.code, name: r.name, zone: r.geometry, population: r.population }]
        : [],
    ),
    villages: rows.flatMap((r) =>
      r.level === 'village' && r.lon !== null && r.lat !== null
        ? [
            {
              code: r.code,
              name: r.name,
              townshipCode: r.parentCode ?? r.code.slice(0, 9),
              lon: r.lon,
              lat: r.lat,
              population: r.population,
            },
          ]
        : [],
    ),
  };
}

/** Names of divisions by code (unknown codes left out). */
export async function regionNamesOf(db: DbOrTx, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The zone geometries (WGS84) of townships, by code. */
export async function townshipZones(
  db: DbOrTx,
  codes: readonly string[],
): Promise<Map<string, Polygon | MultiPolygon>> {
  if (!codes.length) return new Map();
  const rows = await db
    .select({ code: regions.code, geometry: regions.geometry })
    .from(regions)
    .where(inArray(regions.code, [...new Set(codes)]));
  return new Map(rows.flatMap((r) => (isArea(r.geometry) ? [[r.code, r.geometry] as const] : [])));
}

// ---- alarms (a warning's source) ----

export interface AlarmSource {
  id: string;
  level: string;
  regionCode: string;
  orgUnitId: string | null;
  ownerDepartmentId: string | null;
  ruleName: string;
  subject: string;
  template: string | null;
  stationKind: string | null;
}

export async function getAlarmSource(db: DbOrTx, alarmId: string): Promise<AlarmSource | null> {
  const [row] = await db
    .select({
      id: alarms.id,
      level: alarms.level,
      regionCode: alarms.regionCode,
      orgUnitId: alarms.orgUnitId,
      ownerDepartmentId: alarms.ownerDepartmentId,
      ruleName: alarms.ruleName,
      subject: alarms.subject,
      template: alarmRules.template,
      stationKind: stations.kind,
    })
    .from(alarms)
    .leftJoin(alarmRules, eq(alarmRules.id, alarms.ruleId))
    .leftJoin(stations, eq(stations.id, alarms.stationId))
    .where(eq(alarms.id, alarmId));
  return row ?? null;
}

// ---- external warnings ----

/** Inserts unless (sender, identifier) was received before; null then (read it with `getExternalByKey`). */
export async function insertExternalWarning(
  tx: DbOrTx,
  row: NewExternalWarningRow,
): Promise<ExternalWarningRow | null> {
  const [inserted] = await tx.insert(externalWarnings).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function getExternalByKey(
  db: DbOrTx,
  sender: string,
  identifier: string,
): Promise<ExternalWarningRow | null> {
  const [row] = await db
    .select()
    .from(externalWarnings)
    .where(and(eq(externalWarnings.sender, sender), eq(externalWarnings.identifier, identifier)));
  return row ?? null;
}

export async function getExternalById(db: DbOrTx, id: string): Promise<ExternalWarningRow | null> {
  const [row] = await db.select().from(externalWarnings).where(eq(externalWarnings.id, id));
  return row ?? null;
}

export async function lockExternal(tx: DbOrTx, id: string): Promise<ExternalWarningRow | null> {
  const [row] = await tx.select().from(externalWarnings).where(eq(externalWarnings.id, id)).for('update');
  return row ?? null;
}

export async function updateExternal(
  tx: DbOrTx,
  id: string,
  patch: Partial<NewExternalWarningRow>,
): Promise<ExternalWarningRow> {
  const [row] = await tx.update(externalWarnings).set(patch).where(eq(externalWarnings.id, id)).returning();
  return row!;
}

export async function findExternalWarnings(
  db: DbOrTx,
  scope: Scope,
  f: { page: number; pageSize: number; status?: string },
): Promise<{ items: ExternalWarningRow[]; total: number }> {
  const where = and(
    codePrefix(externalWarnings.regionCode, scope.regionCode.slice(0, 6)),
    f.status ? eq(externalWarnings.status, f.status) : undefined,
  );
  const [totalRow] = await db.select({ n: count() }).from(externalWarnings).where(where);
  const items = await db
    .select()
    .from(externalWarnings)
    .where(where)
    .orderBy(desc(externalWarnings.receivedAt), desc(externalWarnings.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items, total: totalRow?.n ?? 0 };
}
