/**
 * Test database drivers. Every DB test runs once per driver:
 * - `pglite`: a fresh in-memory PGlite loaded from an image the global setup built;
 * - `postgres`: a fresh database `ningan_t_<random>` cloned from a template database the global setup
 *   built, dropped again by `close()`. Skipped (visibly) without TEST_DATABASE_URL, except under CI where
 *   it is mandatory.
 * Either starts as a `TestTemplate`: migrated and empty, or with the region pack and organisation loaded.
 * A test file opens its own database(s) and never sees another file's rows.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { SQL } from 'drizzle-orm';
import { describe, inject } from 'vitest';
import { openDatabase, type Database, type DbOrTx } from '../db/client.ts';
import { adminQuery, createDatabaseSql, databaseUrl, dropDatabaseSql, isCi } from './pg.ts';

export type DriverName = 'pglite' | 'postgres';

/**
 * What a test database starts as: `migrated` (and empty), or `regions`: migrated, with the 宁县 region pack
 * and organisation template loaded at T0 as a test context loads them (context.ts `loadRegions`).
 */
export type TestTemplate = 'migrated' | 'regions';

export interface TestDatabase extends Database {
  /** Connection URL of the PostgreSQL database (with credentials); null for PGlite. */
  url: string | null;
}

export interface TestDriver {
  name: DriverName;
  /** Why this driver's tests are skipped, or null when they run. */
  skipReason: string | null;
  /** A fresh database nobody else uses (migrated and empty by default); `close()` also drops it. */
  open(template?: TestTemplate): Promise<TestDatabase>;
}

function pgliteDriver(): TestDriver {
  const images = new Map<TestTemplate, Blob>();
  const image = (template: TestTemplate): Blob => {
    let blob = images.get(template);
    if (!blob) images.set(template, (blob = new Blob([fs.readFileSync(inject('pgliteImages')[template])])));
    return blob;
  };
  return {
    name: 'pglite',
    skipReason: null,
    open: async (template = 'migrated') => {
      // Migrations: a no-op here, as on PostgreSQL's template clone.
      const database = await openDatabase({
        databaseUrl: null,
        dataDir: '',
        command: 'test',
        memory: true,
        loadDataDir: image(template),
      });
      return { ...database, url: null };
    },
  };
}

function postgresDriver(): TestDriver {
  const postgres = inject('postgres');
  if (!postgres) {
    if (isCi())
      // The global setup already refuses this; keep the rule here too so a mis-wired config still fails.
      return {
        name: 'postgres',
        skipReason: null,
        open: () =>
          Promise.reject(new Error('CI=true requires TEST_DATABASE_URL: the PostgreSQL suite is mandatory')),
      };
    return {
      name: 'postgres',
      skipReason: 'TEST_DATABASE_URL is not set',
      open: () => Promise.reject(new Error('skipped')),
    };
  }
  const { serverUrl, templates } = postgres;
  return {
    name: 'postgres',
    skipReason: null,
    open: async (template = 'migrated') => {
      const name = `ningan_t_${randomBytes(6).toString('hex')}`;
      await adminQuery(serverUrl, [createDatabaseSql(name, templates[template])]);
      const url = databaseUrl(serverUrl, name);
      let database: Database;
      try {
        database = await openDatabase({ databaseUrl: url, dataDir: '', command: 'test' }); // migrations: a no-op here
      } catch (err) {
        await adminQuery(serverUrl, [dropDatabaseSql(name)]);
        throw err;
      }
      return {
        ...database,
        url,
        close: async () => {
          await database.close();
          await adminQuery(serverUrl, [dropDatabaseSql(name)]);
        },
      };
    },
  };
}

export function testDrivers(): TestDriver[] {
  return [pgliteDriver(), postgresDriver()];
}

export const drivers: TestDriver[] = testDrivers();

/**
 * `describe(title [driver])` once per driver; a skipped driver's suite says why in its title.
 * Tests run in file order, one file per worker, so a suite can share one database across its tests.
 */
export function forEachDriver(title: string, fn: (driver: TestDriver) => void): void {
  for (const driver of drivers) {
    const label = `${title} [${driver.name}]`;
    if (driver.skipReason) describe.skip(`${label} — skipped: ${driver.skipReason}`, () => fn(driver));
    else describe(label, () => fn(driver));
  }
}

/** Rows of a raw SQL statement (PGlite and node-postgres both answer `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  const result: unknown = await db.execute(statement);
  return (result as { rows: T[] }).rows;
}
