/**
 * Delivery coverage (issue #5 part 7): delivered / targeted, overall, per township, per channel and per
 * audience; the public's share is the plan's 公众覆盖率 ("显著提高…社会公众覆盖率").
 *
 * Every delivery row counts as targeted — also one skipped for want of an address or expired before it could
 * go: the person was meant to be reached and was not, which is exactly what the rate must show. Only
 * `delivered` (a receipt came back) counts as reached; `sent` without a receipt is still pending.
 */
import type { WarningAudience, WarningChannel, DeliveryState } from './dissemination.ts';

export interface CoverageRow {
  townshipCode: string;
  audience: WarningAudience;
  channel: WarningChannel;
  state: DeliveryState;
  /** rows this stands for (a GROUP BY count); default 1 */
  count?: number | undefined;
}

export interface Cover {
  targeted: number;
  delivered: number;
  failed: number;
  /** queued, sending, or sent and awaiting a receipt */
  pending: number;
  /** expired, cancelled or skipped: will not be sent */
  notSent: number;
  /** delivered / targeted, 0…1; null when nothing was targeted */
  rate: number | null;
}

export interface Coverage {
  overall: Cover;
  /** audience 社会公众 only: 公众覆盖率 */
  public: Cover;
  byTownship: Record<string, Cover>;
  /** audience 社会公众 only, per township */
  publicByTownship: Record<string, Cover>;
  byChannel: Partial<Record<WarningChannel, Cover>>;
  byAudience: Partial<Record<WarningAudience, Cover>>;
}

type Tally = Omit<Cover, 'rate'>;
const empty = (): Tally => ({ targeted: 0, delivered: 0, failed: 0, pending: 0, notSent: 0 });

function add(t: Tally, state: DeliveryState, n: number): void {
  t.targeted += n;
  switch (state) {
    case 'delivered':
      t.delivered += n;
      break;
    case 'failed':
      t.failed += n;
      break;
    case 'queued':
    case 'sending':
    case 'sent':
      t.pending += n;
      break;
    case 'expired':
    case 'cancelled':
    case 'skipped':
      t.notSent += n;
      break;
  }
}

const cover = (t: Tally): Cover => ({ ...t, rate: t.targeted === 0 ? null : t.delivered / t.targeted });

function tallyInto<K extends string>(map: Map<K, Tally>, key: K, state: DeliveryState, n: number): void {
  let t = map.get(key);
  if (!t) {
    t = empty();
    map.set(key, t);
  }
  add(t, state, n);
}

const toRecord = <K extends string>(map: Map<K, Tally>): Record<K, Cover> =>
  Object.fromEntries(
    [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, t]) => [k, cover(t)]),
  ) as Record<K, Cover>;

/** Coverage of one warning (or several) from its delivery rows. */
export function computeCoverage(rows: readonly CoverageRow[]): Coverage {
  const overall = empty();
  const pub = empty();
  const byTownship = new Map<string, Tally>();
  const publicByTownship = new Map<string, Tally>();
  const byChannel = new Map<WarningChannel, Tally>();
  const byAudience = new Map<WarningAudience, Tally>();
  for (const r of rows) {
    const n = r.count ?? 1;
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`computeCoverage: count ${n} is not a whole number ≥ 0`);
    add(overall, r.state, n);
    tallyInto(byTownship, r.townshipCode, r.state, n);
    tallyInto(byChannel, r.channel, r.state, n);
    tallyInto(byAudience, r.audience, r.state, n);
    if (r.audience === 'public') {
      add(pub, r.state, n);
      tallyInto(publicByTownship, r.townshipCode, r.state, n);
    }
  }
  return {
    overall: cover(overall),
    public: cover(pub),
    byTownship: toRecord(byTownship),
    publicByTownship: toRecord(publicByTownship),
    byChannel: toRecord(byChannel),
    byAudience: toRecord(byAudience),
  };
}
