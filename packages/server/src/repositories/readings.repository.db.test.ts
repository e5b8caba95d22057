/**
 * The group-commit write of readings with their rollups (issue #4 part 3, ADR 0007) on both drivers. A
 * large batch in a transaction is first written as all-new readings (a binary COPY on PGlite, a plain
 * INSERT on PostgreSQL) with rollups summed in the process; a batch repeating a stored reading falls back
 * to the INSERT … ON CONFLICT statement. Either way a reading is stored once, keeps its millisecond, and is
 * counted once in the minute and hour rollups — the same rows the statement alone (outside a transaction,
 * where the fast path is never tried) writes.
 */
import { asc, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readings, readings1h, readings1m } from '../db/schema/index.ts';
import { useTestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { insertReadingsWithRollups, type ReadingColumns } from './readings.repository.ts';

const T = Date.UTC(2026, 2, 2, 0, 58, 30, 123);

/** `n` readings of each series, `stepMs` apart from `from`, with values that are not round in binary. */
function batchOf(series: number[], n: number, from = T, stepMs = 7_001): ReadingColumns {
  const b: ReadingColumns = { series: [], at: [], values: [] };
  for (let i = 0; i < n; i += 1)
    for (const s of series) {
      b.series.push(s);
      b.at.push(from + i * stepMs);
      b.values.push(((i * 37 + s) % 101) / 10 + 0.05);
    }
  return b;
}

const shift = (b: ReadingColumns, by: number): ReadingColumns => ({
  ...b,
  series: b.series.map((s) => s + by),
});

forEachDriver('readings: group-commit write and rollups (issue #4 part 3)', (driver) => {
  const ctx = useTestContext(driver);

  const inTransaction = (b: ReadingColumns) => ctx.db.transaction((tx) => insertReadingsWithRollups(tx, b));

  async function stored(series: number[]) {
    const rows = await ctx.db
      .select()
      .from(readings)
      .where(inArray(readings.seriesId, series))
      .orderBy(asc(readings.seriesId), asc(readings.ts));
    return rows.map((r) => ({ series: r.seriesId, at: r.ts.getTime(), value: r.value }));
  }

  async function rollups(table: typeof readings1m | typeof readings1h, series: number[]) {
    const rows = await ctx.db
      .select()
      .from(table)
      .where(inArray(table.seriesId, series))
      .orderBy(asc(table.seriesId), asc(table.bucket));
    return rows.map((r) => ({ ...r, bucket: r.bucket.getTime() }));
  }

  /** Rollups of `a` and of `b` (its series shifted by `by`) hold the same buckets and figures. */
  async function expectSameRollups(a: number[], by: number) {
    for (const table of [readings1m, readings1h]) {
      const x = await rollups(table, a);
      const y = await rollups(
        table,
        a.map((s) => s + by),
      );
      expect(x.length).toBeGreaterThan(0);
      expect(y.map((r) => [r.seriesId - by, r.bucket, r.min, r.max, r.count])).toEqual(
        x.map((r) => [r.seriesId, r.bucket, r.min, r.max, r.count]),
      );
      y.forEach((r, i) => expect(r.sum).toBeCloseTo(x[i]!.sum, 9));
    }
  }

  describe('a batch of new readings', () => {
    it('is stored once each, to the millisecond, with the rollups the statement writes', async () => {
      const series = [1001, 1002, 1003, 1004, 1005];
      const batch = batchOf(series, 300);
      expect(await inTransaction(batch)).toBe(1500);
      // The same readings under other series ids through the statement alone.
      expect(await insertReadingsWithRollups(ctx.db, shift(batch, 1000))).toBe(1500);
      const rows = await stored(series);
      expect(rows).toHaveLength(1500);
      const want = batch.series
        .map((s, i) => ({ series: s, at: batch.at[i]!, value: batch.values[i]! }))
        .sort((p, q) => p.series - q.series || p.at - q.at);
      expect(rows).toEqual(want);
      expect(
        (await stored(series.map((s) => s + 1000))).map((r) => ({ ...r, series: r.series - 1000 })),
      ).toEqual(want);
      await expectSameRollups(series, 1000);
      // 300 readings 7.001 s apart from 00:58:30.123: 13 in the 00:00 hour (to 00:59:54.136), 287 after.
      const hours = await rollups(readings1h, [1001]);
      expect(hours.map((h) => [new Date(h.bucket).toISOString(), h.count])).toEqual([
        ['2026-03-02T00:00:00.000Z', 13],
        ['2026-03-02T01:00:00.000Z', 287],
      ]);
    });

    it('times before 2000 and odd milliseconds survive the binary encoding', async () => {
      const batch = batchOf([1101, 1102], 200, Date.UTC(1999, 11, 31, 23, 59, 58, 999), 1);
      expect(await inTransaction(batch)).toBe(400);
      const rows = await stored([1101]);
      expect(rows[0]!.at).toBe(Date.UTC(1999, 11, 31, 23, 59, 58, 999));
      expect(rows.at(-1)!.at).toBe(Date.UTC(1999, 11, 31, 23, 59, 58, 999) + 199);
      expect(rows.map((r) => r.value)).toEqual(batch.values.filter((_, i) => batch.series[i] === 1101));
    });
  });

  describe('repeats', () => {
    it('a re-sent batch with new readings among it stores and counts only the new ones', async () => {
      const series = [1201, 1202, 1203];
      const first = batchOf(series, 200);
      expect(await inTransaction(first)).toBe(600);
      const more = batchOf(series, 300); // the first 200 of each again, 100 new
      expect(await inTransaction(more)).toBe(300);
      expect(await inTransaction(more)).toBe(0);
      expect(await stored(series)).toHaveLength(900);
      // The statement alone, fed the same two batches under other ids, ends with the same rollups.
      await insertReadingsWithRollups(ctx.db, shift(first, 1000));
      await insertReadingsWithRollups(ctx.db, shift(more, 1000));
      await expectSameRollups(series, 1000);
      const counted = (await rollups(readings1m, series)).reduce((a, r) => a + r.count, 0);
      expect(counted).toBe(900);
    });

    it('a reading twice in one batch is stored and counted once', async () => {
      const once = batchOf([1301, 1302], 200);
      const twice: ReadingColumns = {
        series: [...once.series, ...once.series.slice(0, 50)],
        at: [...once.at, ...once.at.slice(0, 50)],
        values: [...once.values, ...once.values.slice(0, 50)],
      };
      expect(await inTransaction(twice)).toBe(400);
      expect(await stored([1301, 1302])).toHaveLength(400);
      const counted = (await rollups(readings1h, [1301, 1302])).reduce((a, r) => a + r.count, 0);
      expect(counted).toBe(400);
    });
  });
});
