/** What the fan-out, the dispatcher and the 叫应 scheduler are built from. */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { getMeta, setMeta } from '../repositories/meta.repository.ts';
import type { Clock } from '../services/context.ts';

/** Where dissemination events go after commit (the live stream). */
export interface DisseminationEvents {
  /** `warning` / `call` event to the streams of accounts whose jurisdiction covers `regionCode`. */
  broadcast(event: 'warning' | 'call', data: unknown, regionCode: string): void;
  /** An event to one account's streams; how many streams got it. */
  pushToUser(userId: string, event: 'warning' | 'call', data: unknown): number;
}

export const noEvents: DisseminationEvents = { broadcast: () => undefined, pushToUser: () => 0 };

export interface DisseminationDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  events: DisseminationEvents;
}

const SECRET_KEY = 'dissemination_call_token_secret';

/**
 * The key of the 叫应 answer-link tokens: CALL_TOKEN_SECRET, or a random key created once and kept in
 * `meta` (so links stay valid across restarts without configuration).
 */
export async function callTokenSecret(db: Db, config: Config): Promise<string> {
  if (config.dissemination.callTokenSecret) return config.dissemination.callTokenSecret;
  const kept = await getMeta<{ secret: string }>(db, SECRET_KEY);
  if (kept?.secret) return kept.secret;
  const secret = randomBytes(32).toString('base64url');
  await setMeta(db, SECRET_KEY, { secret });
  return (await getMeta<{ secret: string }>(db, SECRET_KEY))?.secret ?? secret;
}

/** The platform's address as recipients and gateways reach it. */
export const publicBaseUrl = (config: Config): string =>
  (config.dissemination.publicBaseUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');

/** The system actor of dissemination's audit rows. */
export const DISSEMINATION_ACTOR = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system:dissemination',
  via: 'system' as const,
};
