/**
 * Runs once per `vitest run` for the server project: builds the test databases' starting points (db.ts
 * `TestTemplate`: migrated and empty; migrated with the region pack and organisation loaded), so that a
 * test file's database is a copy instead of a migration and a region pack load of its own:
 * - PGlite: images of the data directory (`dumpDataDir`) that each PGlite test database loads (a few
 *   times faster than a fresh PGlite's start and migrations);
 * - PostgreSQL, with TEST_DATABASE_URL: template databases every test file clones (CREATE DATABASE …
 *   TEMPLATE is a file copy). With CI=true the PostgreSQL suite is mandatory: a missing URL or a server
 *   that cannot be reached fails the run instead of skipping it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../db/client.ts';
import { loadRegions, servicesAtT0 } from './context.ts';
import type { TestTemplate } from './db.ts';
import {
  adminQuery,
  createDatabaseSql,
  databaseUrl,
  dropDatabaseSql,
  isCi,
  redact,
  TEMPLATE_DATABASES,
} from './pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server and templates to clone, or null when the PostgreSQL variants are skipped. */
    postgres: { serverUrl: string; templates: Record<TestTemplate, string> } | null;
    /** Files holding PGlite data directories (`dumpDataDir`) to start from (`loadDataDir`). */
    pgliteImages: Record<TestTemplate, string>;
  }
}

/** Node reports a refused localhost connection as an AggregateError with an empty message. */
function describeError(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: unknown[] };
  if (e.message) return e.message;
  if (e.errors?.length) return e.errors.map(describeError).join('; ');
  return e.code ?? String(err);
}

/** Writes the in-memory PGlite's data directory to `file`. */
async function dumpPglite(database: Database, file: string): Promise<void> {
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const image = await client.dumpDataDir('none');
  fs.writeFileSync(file, Buffer.from(await image.arrayBuffer()));
}

/** Migrates an in-memory PGlite, images it, loads the region pack and organisation, images it again. */
async function buildPgliteImages(): Promise<Record<TestTemplate, string>> {
  const files: Record<TestTemplate, string> = {
    migrated: path.join(os.tmpdir(), `ningan-pglite-template-${process.pid}.tar`),
    regions: path.join(os.tmpdir(), `ningan-pglite-template-regions-${process.pid}.tar`),
  };
  const database = await openDatabase({ databaseUrl: null, dataDir: '', command: 'test', memory: true });
  try {
    await dumpPglite(database, files.migrated);
    await loadRegions(servicesAtT0(database));
    await dumpPglite(database, files.regions);
  } finally {
    await database.close();
  }
  return files;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [pglite, postgres] = await Promise.allSettled([buildPgliteImages(), setupPostgres(project)]);
  const removeImages = () => {
    if (pglite.status === 'fulfilled')
      for (const file of Object.values(pglite.value)) fs.rmSync(file, { force: true });
  };
  if (pglite.status === 'rejected' || postgres.status === 'rejected') {
    removeImages();
    if (postgres.status === 'fulfilled') await postgres.value?.();
    throw pglite.status === 'rejected' ? pglite.reason : (postgres as PromiseRejectedResult).reason;
  }
  project.provide('pgliteImages', pglite.value);
  return async () => {
    removeImages();
    await postgres.value?.();
  };
}

async function setupPostgres(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    if (isCi())
      throw new Error(
        'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite is mandatory in CI ' +
          '(e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres).',
      );
    console.warn(
      '[server tests] TEST_DATABASE_URL is not set: the PostgreSQL variants are SKIPPED, only PGlite runs. ' +
        'Set TEST_DATABASE_URL=postgres://user@host:port/db to run them.',
    );
    project.provide('postgres', null);
    return undefined;
  }

  const { migrated, regions } = TEMPLATE_DATABASES;
  const drop = () => adminQuery(serverUrl, [dropDatabaseSql(regions), dropDatabaseSql(migrated)]);
  try {
    await adminQuery(serverUrl, [
      dropDatabaseSql(regions),
      dropDatabaseSql(migrated),
      createDatabaseSql(migrated),
    ]);
    const template = await openDatabase({
      databaseUrl: databaseUrl(serverUrl, migrated),
      dataDir: '',
      command: 'test',
    });
    await template.close();
    await adminQuery(serverUrl, [createDatabaseSql(regions, migrated)]);
    const withRegions = await openDatabase({
      databaseUrl: databaseUrl(serverUrl, regions),
      dataDir: '',
      command: 'test',
    });
    try {
      await loadRegions(servicesAtT0(withRegions));
    } finally {
      await withRegions.close();
    }
  } catch (err) {
    await drop().catch(() => undefined);
    throw new Error(
      `cannot prepare the PostgreSQL test templates on ${redact(serverUrl)} (TEST_DATABASE_URL): ${describeError(err)}`,
      { cause: err },
    );
  }
  project.provide('postgres', { serverUrl, templates: TEMPLATE_DATABASES });
  return drop;
}
