/** Issue #2 part 9: configuration is parsed once; a bad value stops start-up naming the variable. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { problemsOf } from './test/config.ts';

describe('loadConfig', () => {
  it('issue #2 part 9: names every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'abc', DATA_DIR: '', DATABASE_URL: 'mysql://x' });
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('PORT='))).toBe(true);
    expect(problems.some((p) => p.startsWith('DATABASE_URL='))).toBe(true);
  });

  it('lists every problem, not just the first one', () => {
    const problems = problemsOf({
      PORT: '70000',
      DATABASE_URL: 'mysql://x',
      REGION_CODE: '62',
      SESSION_IDLE_MINUTES: '0',
      PASSWORD_MIN_LENGTH: '4',
      LOG_LEVEL: 'loud',
      COOKIE_SECURE: 'maybe',
    });
    const names = problems.map((p) => p.slice(0, p.indexOf('=')));
    expect(names.sort()).toEqual(
      [
        'COOKIE_SECURE',
        'DATABASE_URL',
        'LOG_LEVEL',
        'PASSWORD_MIN_LENGTH',
        'PORT',
        'REGION_CODE',
        'SESSION_IDLE_MINUTES',
      ].sort(),
    );
  });

  it('the error message names the variable and the value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
  });

  it('an empty variable counts as unset and takes its default', () => {
    const config = loadConfig({ DATA_DIR: '', DATABASE_URL: '', PORT: '' });
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeNull();
    expect(config.port).toBe(8080);
  });

  it('parses a good environment', () => {
    const config = loadConfig({
      PORT: '9090',
      DATA_DIR: '/tmp/ningan-data',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ningan',
      SESSION_IDLE_MINUTES: '20',
      COOKIE_SECURE: 'yes',
    });
    expect(config).toMatchObject({
      port: 9090,
      dataDir: '/tmp/ningan-data',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/ningan',
      regionCode: '621026',
      session: { idleMinutes: 20, maxHours: 12, cookieSecure: true },
      login: { maxFailures: 5, lockMinutes: 15 },
      password: { minLength: 10, minClasses: 3, hashCost: 15 },
    });
  });
});
