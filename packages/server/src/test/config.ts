/** Reading a refused environment's problems, for the configuration tests. */
import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

/** The problems `loadConfig` names for `env` (each `VARIABLE=…: why`); fails if it accepts it. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('loadConfig accepted a bad environment');
}
