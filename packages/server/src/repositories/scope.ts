/** SQL form of the domain's jurisdiction rule (`isInScope`), for lists that must never include others' rows. */
import type { Scope } from '@ningan/domain';
import { and, eq, gte, like, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * "Starts with `prefix`" for division codes, which are digit strings: as a range (`>= 621026103 and
 * < 621026104`), which a btree index answers on any collation and without matching a pattern per row
 * (a LIKE prefix uses an index only on the C collation: PGlite's, not a server's C.UTF-8 or en_US).
 * Anything else, or a prefix of nines, as LIKE.
 */
export function codePrefix(column: AnyColumn, prefix: string): SQL {
  if (!/^\d+$/.test(prefix) || !/[0-8]/.test(prefix)) return like(column, `${prefix}%`);
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return and(gte(column, prefix), lt(column, next))!;
}

/**
 * `orgCol` is the owning unit; `supervisorCol` (when the table has one) the supervising department,
 * which a department scope also sees.
 */
export function scopeWhere(
  scope: Scope,
  regionCol: AnyColumn,
  orgCol: AnyColumn | null,
  supervisorCol: AnyColumn | null = null,
): SQL {
  switch (scope.level) {
    case 'county':
    case 'township':
    case 'village':
      return codePrefix(regionCol, scope.regionCode);
    case 'department':
      if (!scope.orgUnitId) return sql`false`;
      if (orgCol && supervisorCol)
        return or(eq(orgCol, scope.orgUnitId), eq(supervisorCol, scope.orgUnitId))!;
      return orgCol ? eq(orgCol, scope.orgUnitId) : sql`false`;
    case 'enterprise':
      return orgCol && scope.orgUnitId ? eq(orgCol, scope.orgUnitId) : sql`false`;
  }
}

/** `ORDER BY` from a `sort` query value (`name` or `-name`) restricted to known columns. */
export function sortBy(sort: string | undefined, columns: Record<string, AnyColumn>, fallback: SQL): SQL {
  if (!sort) return fallback;
  const desc = sort.startsWith('-');
  const col = columns[desc ? sort.slice(1) : sort];
  if (!col) return fallback;
  return desc ? sql`${col} desc` : sql`${col} asc`;
}
