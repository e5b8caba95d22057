/** Shared CLI plumbing: configuration from env + flags, opening the platform with a clear lock message. */
import os from 'node:os';
import type { Actor } from '@ningan/domain';
import {
  ConfigError,
  DataDirLockedError,
  loadConfig,
  openPlatform,
  type Config,
  type Platform,
} from '@ningan/server';
import pino from 'pino';
import { CliError, EXIT } from './exit.ts';

export interface GlobalFlags {
  dataDir?: string;
  databaseUrl?: string;
}

export function configFrom(flags: GlobalFlags, overrides: Partial<Config> = {}): Config {
  try {
    const env = { ...process.env };
    if (flags.dataDir) env.DATA_DIR = flags.dataDir;
    if (flags.databaseUrl) env.DATABASE_URL = flags.databaseUrl;
    return loadConfig(env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

export async function withPlatform<T>(
  config: Config,
  command: string,
  fn: (p: Platform) => Promise<T>,
): Promise<T> {
  let platform: Platform;
  try {
    platform = await openPlatform(config, { command, log: pino({ level: 'warn' }, pino.destination(2)) });
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(err.message, EXIT.unavailable);
    const code = (err as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01')
      throw new CliError(
        `无法连接数据库 / cannot connect to the database: ${(err as Error).message}`,
        EXIT.unavailable,
      );
    throw err;
  }
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

/**
 * The local operator: someone with shell access to the installation (and so to its data), recorded as
 * such in the audit log; holds the rights the CLI's commands need.
 */
export function cliActor(config: Config): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: `cli:${os.userInfo().username}`,
    roles: ['system_admin', 'security_admin', 'duty_officer'],
    scope: { level: 'county', regionCode: config.regionCode, orgUnitId: null },
    via: 'cli',
  };
}
