/**
 * The PostgreSQL side of the test drivers: which server to use (TEST_DATABASE_URL), whether it is
 * mandatory (CI), and small admin helpers for creating and dropping test databases.
 */
import pg from 'pg';

/**
 * The templates test files clone (db.ts `TestTemplate`: migrated; migrated with the region pack and
 * organisation), one set per test run (the run's process id), so runs side by side on one server (several
 * worktrees, several developers) do not drop each other's templates.
 */
export const TEMPLATE_DATABASES = {
  migrated: `ningan_template_${process.pid}`,
  regions: `ningan_template_regions_${process.pid}`,
} as const;

/** CI=true (or 1/yes) makes the PostgreSQL suite mandatory: missing or unreachable fails the run. */
export function isCi(env: Record<string, string | undefined> = process.env): boolean {
  const v = (env.CI ?? '').toLowerCase();
  return v !== '' && v !== '0' && v !== 'false' && v !== 'no';
}

/** The same server URL pointed at another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The URL without credentials, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
}

/** Runs admin statements (CREATE/DROP DATABASE) on the server's maintenance database. */
export async function adminQuery(serverUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

export function createDatabaseSql(name: string, template?: string): string {
  return `create database ${quoteIdent(name)}${template ? ` template ${quoteIdent(template)}` : ''}`;
}

export function dropDatabaseSql(name: string): string {
  return `drop database if exists ${quoteIdent(name)} with (force)`;
}
