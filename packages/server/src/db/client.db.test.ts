/**
 * Issue #2 part 2: the same migrations apply on embedded PGlite and on a PostgreSQL server, and
 * applying them again (a second start) is a no-op.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR } from '../lib/paths.ts';
import { forEachDriver, queryRows } from '../test/db.ts';
import { adminQuery, createDatabaseSql, databaseUrl, dropDatabaseSql } from '../test/pg.ts';
import { openDatabase, type Database } from './client.ts';
import { meta } from './schema/index.ts';

const TABLES = [
  'alarm_events',
  'alarm_rule_states',
  'alarm_rule_versions',
  'alarm_rules',
  'alarms',
  'audit_head',
  'audit_log',
  'broadcast_terminals',
  'command_notices',
  'contacts',
  'duty_handovers',
  'duty_log',
  'duty_shifts',
  'duty_sign_ins',
  'enterprises',
  'external_warnings',
  'incident_acks',
  'incident_activations',
  'incident_allocations',
  'incident_deadline_firings',
  'incident_files',
  'incident_findings',
  'incident_reports',
  'incident_sitreps',
  'incident_task_feedback',
  'incident_tasks',
  'incident_timeline',
  'incidents',
  'ingest_connectors',
  'ingest_quarantine',
  'ingest_tokens',
  'ledger_attachments',
  'ledger_records',
  'map_features',
  'meta',
  'nil_report_chases',
  'nil_reports',
  'org_unit_members',
  'org_units',
  'outbox',
  // Partitioned by time (migration 0008): the parents and their default partitions; the dated partitions
  // are made by the time-series job at start, not by the migrations.
  'readings',
  'readings_1h',
  'readings_1m',
  'readings_1m_default',
  'readings_default',
  'regions',
  'sensors',
  'sessions',
  'station_health',
  'stations',
  'stock_lots',
  'stock_minimums',
  'stock_movements',
  'users',
  'warning_calls',
  'warning_deliveries',
  'warning_recipient_sets',
  'warning_sequences',
  'warning_subscribers',
  'warnings',
];

const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

async function tables(database: Database): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    database.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function appliedMigrations(database: Database): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(
    database.db,
    sql`select count(*) as n from drizzle.__drizzle_migrations`,
  );
  return Number(rows[0]?.n);
}

forEachDriver('migrations', (driver) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  /** An empty database (no template) on this driver, migrated by openDatabase. */
  async function openFromScratch(): Promise<{ database: Database; reopen: () => Promise<Database> }> {
    if (driver.name === 'pglite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-migrate-test-'));
      cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      const open = () => openDatabase({ databaseUrl: null, dataDir: dir, command: 'test' });
      return { database: await open(), reopen: open };
    }
    const postgres = inject('postgres')!;
    const name = `ningan_t_scratch_${process.pid}_${Date.now().toString(36)}`;
    await adminQuery(postgres.serverUrl, [createDatabaseSql(name)]);
    cleanup.push(() => adminQuery(postgres.serverUrl, [dropDatabaseSql(name)]));
    const open = () =>
      openDatabase({ databaseUrl: databaseUrl(postgres.serverUrl, name), dataDir: '', command: 'test' });
    return { database: await open(), reopen: open };
  }

  it('issue #2 part 2: the committed migrations create every table on an empty database', async () => {
    const { database } = await openFromScratch();
    try {
      expect(database.kind).toBe(driver.name);
      expect(await tables(database)).toEqual(TABLES);
      expect(await appliedMigrations(database)).toBe(journal.entries.length);
    } finally {
      await database.close();
    }
  });

  it('issue #2 part 2: opening the same database again applies nothing and keeps the data', async () => {
    const { database, reopen } = await openFromScratch();
    await database.db.insert(meta).values({ key: 'probe', value: { written: 'before' } });
    // PGlite: the data directory is locked while open, so the second start follows the first one.
    // PostgreSQL: two processes share a server, so the second opens while the first is still open.
    if (driver.name === 'pglite') await database.close();
    const again = await reopen();
    try {
      expect(await appliedMigrations(again)).toBe(journal.entries.length);
      expect(await tables(again)).toEqual(TABLES);
      const rows = await again.db.select().from(meta);
      expect(rows.map((r) => [r.key, r.value])).toEqual([['probe', { written: 'before' }]]);
    } finally {
      await again.close();
      if (driver.name === 'postgres') await database.close();
    }
  });

  it('the per-file test database is migrated and empty', async () => {
    const database = await driver.open();
    try {
      expect(await tables(database)).toEqual(TABLES);
      expect(await database.db.select().from(meta)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
