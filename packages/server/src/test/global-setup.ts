/**
 * Runs once per `vitest run` for the server project. With TEST_DATABASE_URL it builds the migrated
 * template database that every test file clones (CREATE DATABASE … TEMPLATE is a file copy, far
 * faster than migrating each time). With CI=true the PostgreSQL suite is mandatory: a missing URL or
 * a server that cannot be reached fails the run instead of skipping it.
 */
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client.ts';
import {
  adminQuery,
  createDatabaseSql,
  databaseUrl,
  dropDatabaseSql,
  isCi,
  redact,
  TEMPLATE_DATABASE,
} from './pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server and template to clone, or null when the PostgreSQL variants are skipped. */
    postgres: { serverUrl: string; template: string } | null;
  }
}

/** Node reports a refused localhost connection as an AggregateError with an empty message. */
function describeError(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: unknown[] };
  if (e.message) return e.message;
  if (e.errors?.length) return e.errors.map(describeError).join('; ');
  return e.code ?? String(err);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
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

  try {
    await adminQuery(serverUrl, [dropDatabaseSql(TEMPLATE_DATABASE), createDatabaseSql(TEMPLATE_DATABASE)]);
    const template = await openDatabase({
      databaseUrl: databaseUrl(serverUrl, TEMPLATE_DATABASE),
      dataDir: '',
      command: 'test',
    });
    await template.close();
  } catch (err) {
    throw new Error(
      `cannot prepare the PostgreSQL test template on ${redact(serverUrl)} (TEST_DATABASE_URL): ${describeError(err)}`,
      { cause: err },
    );
  }
  project.provide('postgres', { serverUrl, template: TEMPLATE_DATABASE });
  return async () => {
    await adminQuery(serverUrl, [dropDatabaseSql(TEMPLATE_DATABASE)]);
  };
}
