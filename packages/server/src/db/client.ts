/**
 * Opens the database: embedded PGlite in DATA_DIR by default, a PostgreSQL server when DATABASE_URL
 * is set. Same schema, same migrations, same code above this file.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../lib/paths.ts';
import { lockDataDir, type DirLock } from './lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; repositories accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Human-readable location without credentials. */
  location: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Shown to a second process that finds the data directory locked. */
  command: string;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  /** In-memory PGlite: start from this `dumpDataDir()` image (tests: a migrated template) instead of initdb. */
  loadDataDir?: Blob;
  migrate?: boolean;
}

const MIGRATION_LOCK_KEY = 7_621_026; // advisory lock id for migrations on a shared server

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : await openPglite(options.dataDir, options.command, options.memory ?? false, options.loadDataDir);
  if (options.migrate ?? true) {
    try {
      await database.migrate();
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  return database;
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c TimeZone=UTC' });
  pool.on('error', () => {
    // idle client errors surface on the next query; don't crash the process here
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const u = new URL(url);
  return {
    db,
    kind: 'postgres',
    location: `postgres://${u.hostname}:${u.port || '5432'}${u.pathname}`,
    migrate: async () => {
      // One dedicated connection, so the advisory lock serialises concurrent starters on one server.
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg(conn, { schema }), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(
  dataDir: string,
  command: string,
  memory: boolean,
  loadDataDir?: Blob,
): Promise<Database> {
  let lock: DirLock | null = null;
  let client: PGlite;
  if (memory) {
    client = await PGlite.create(loadDataDir ? { loadDataDir } : undefined);
  } else {
    lock = lockDataDir(dataDir, command);
    try {
      client = await PGlite.create(path.join(dataDir, 'pgdata'));
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  await client.exec(`SET TimeZone = 'UTC'`);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: memory ? 'pglite (memory)' : `pglite ${path.join(dataDir, 'pgdata')}`,
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_DIR }),
    close: async () => {
      await client.close();
      lock?.release();
    },
  };
}
