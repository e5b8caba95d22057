/**
 * Bulk inserts for imports and bulk loads: each column travels as one array parameter and `unnest`
 * turns the arrays back into rows. Against a multi-row VALUES list that is one parameter per column
 * instead of per value, nothing built per value in JS, and no 65,535-parameter limit — about half the
 * CPU time for 10,000 enterprises on PGlite. Same statement on PGlite and on a PostgreSQL server.
 */
import { sql, type SQL, type SQLChunk } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.ts';

/**
 * One column: its element type (`text`, `uuid`, `jsonb`…), the row's value — a string, number, boolean
 * or null; jsonb as JSON text, times as ISO strings — and, for columns with an SQL default such as
 * `gen_random_uuid()` or `now()`, that default, taken where the value is null.
 */
export interface BulkColumn<R> {
  column: AnyPgColumn;
  type: string;
  value: (row: R) => string | number | boolean | null;
  defaultSql?: SQL;
}

export async function insertUnnest<R>(
  db: DbOrTx,
  table: PgTable,
  columns: BulkColumn<R>[],
  rows: R[],
): Promise<void> {
  if (!rows.length) return;
  const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `);
  const names = list(columns.map((c) => sql.identifier(c.column.name)));
  const values = list(
    columns.map((c) => {
      const name = sql`t.${sql.identifier(c.column.name)}`;
      return c.defaultSql ? sql`coalesce(${name}, ${c.defaultSql})` : name;
    }),
  );
  const arrays = list(columns.map((c) => sql`${sql.param(rows.map(c.value))}::${sql.raw(c.type)}[]`));
  await db.execute(
    sql`insert into ${table} (${names}) select ${values} from unnest(${arrays}) as t(${names})`,
  );
}

/** A Date as the ISO string a timestamptz array element takes; null stays null. */
export function isoTime(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}
