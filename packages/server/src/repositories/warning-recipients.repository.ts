/**
 * Who a warning reaches (issue #5 parts 4–5): for a message's targets (township and village codes), its
 * audiences and channels, the recipients as SQL sources — counted for the composer's preview and expanded
 * into `warning_deliveries` (and `warning_calls` for the responsible persons, 叫应) with set-based
 * `INSERT … SELECT … ON CONFLICT DO NOTHING`, one township at a time.
 *
 * Recipients per (audience, channel):
 * - public · sms: `warning_subscribers` whose region is a targeted village or township, one per phone
 *   (recipient key `phone:<number>`: a number on the list of two villages gets one message) — written at
 *   fan-out as recipient SETS (`warning_recipient_sets`, one per village, `insertRecipientSets`), not rows:
 *   the dispatcher materialises them into delivery rows a slice at a time (ADR 0009);
 * - public · broadcast: `broadcast_terminals` of the targeted villages and townships (`terminal:<id>`);
 * - responsible · sms: `contacts` with a responsible duty (乡镇主要负责人, 应急办, 村支书, 村主任, 灾害信息员,
 *   网格员, 隐患点监测员) in a targeted village or township (`contact:<id>`), and the monitoring officers of
 *   geohazard points / evacuation officers of flash-flood zones in the ledger (`ledger:<record id>`);
 * - responsible · app: enabled accounts scoped to a targeted village or township (`user:<id>`);
 * - enterprise · sms: enterprises in the area with a safety manager phone (`enterprise:<id>`);
 *   enterprise · app: the enterprises' accounts;
 * - department · sms: contacts of the 三委四部 bodies relevant to the hazard (`contact:<id>`);
 *   department · email: the configured mailboxes (`email:<address>`);
 * - webhook (any audience, recorded under the first audience asked for): the configured receivers.
 * `channelAllowed` (domain) decides which pairs exist at all: Test/Exercise never reach public channels —
 * those rows are not created.
 */
import { createHash, createHmac } from 'node:crypto';
import { channelAllowed, type CapStatus, type WarningAudience, type WarningChannel } from '@ningan/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

/** Contact duties that make a person a responsible person (责任人) of a village or township. */
export const RESPONSIBLE_DUTIES = [
  'township_leader',
  'township_emergency',
  'village_secretary',
  'village_director',
  'disaster_info_officer',
  'grid_officer',
  'hazard_monitor',
] as const;

/** Leader duties a 叫应 escalates to at the township step. */
export const TOWNSHIP_LEADER_DUTIES = ['township_leader', 'township_emergency'] as const;

/** Ledger registries whose records name a responsible person, and the attribute holding name/phone. */
const LEDGER_PERSONS = [
  { registry: 'geo-hazards', field: 'monitor' },
  { registry: 'flood-zones', field: 'responsible' },
] as const;

/**
 * Headquarters (三委四部) relevant to a hazard, by a part of the body's name; `null` = every body
 * (`other`). Hazards of weather without a dedicated headquarters go to the 减灾委 (natural disasters).
 */
const BODY_KEYWORDS: Record<string, string[] | null> = {
  rainstorm: ['防汛抗旱', '地质灾害'],
  flash_flood: ['防汛抗旱'],
  drought: ['防汛抗旱'],
  geohazard: ['地质灾害'],
  forest_fire: ['森林草原防灭火'],
  earthquake: ['抗震救灾'],
  hazmat: ['安全生产'],
  other: null,
};
const bodyKeywordsOf = (hazard: string): string[] | null => BODY_KEYWORDS[hazard] ?? ['减灾'];

export interface RecipientQuery {
  capStatus: string;
  hazard: string;
  townshipCodes: readonly string[];
  villageCodes: readonly string[];
  audiences: readonly WarningAudience[];
  channels: readonly WarningChannel[];
  /** Configured e-mail recipients and webhook receivers (config.dissemination). */
  emails?: readonly string[];
  webhooks?: readonly { name: string; url: string }[];
}

export interface RecipientCount {
  audience: WarningAudience;
  channel: WarningChannel;
  count: number;
}

/** One recipient source: rows (key, name, address, township_code, village_code, priority). */
interface Source {
  audience: WarningAudience;
  channel: WarningChannel;
  /** Restricted to `codes` (villages and townships of one township, or all); null = not area-bound. */
  select: (codes: string[] | null) => SQL | null;
  /** Whether the area restricts it (false: department/email/webhook, sent once per message). */
  areaBound: boolean;
  /** Frozen as recipient sets at fan-out instead of delivery rows (public · sms). */
  asSets?: boolean;
}

const param = (v: unknown) => sql.param(v);
const textArray = (values: readonly string[]) => sql`${param([...values])}::text[]`;
/** Township and village code of a region code (9 or 12 digits). */
const placeCols = (col: SQL) =>
  sql`case when length(${col}) >= 9 then left(${col}, 9) end, case when length(${col}) = 12 then ${col} end`;

function sourcesOf(q: RecipientQuery): Source[] {
  const inArea = (col: SQL, codes: string[] | null) =>
    codes ? sql`${col} = any(${textArray(codes)})` : sql`false`;
  const all: Source[] = [
    {
      audience: 'public',
      channel: 'sms',
      areaBound: true,
      asSets: true,
      select: (codes) => sql`
        select distinct on (s.phone) 'phone:' || s.phone, s.name, s.phone, ${placeCols(sql`s.region_code`)}, 1
        from warning_subscribers s where ${inArea(sql`s.region_code`, codes)}
        order by s.phone, s.id`,
    },
    {
      audience: 'public',
      channel: 'broadcast',
      areaBound: true,
      select: (codes) => sql`
        select 'terminal:' || b.id, b.name, b.terminal_id, ${placeCols(sql`b.region_code`)}, 0
        from broadcast_terminals b where ${inArea(sql`b.region_code`, codes)}`,
    },
    {
      audience: 'responsible',
      channel: 'sms',
      areaBound: true,
      select: (codes) => {
        const ledger = LEDGER_PERSONS.map(
          (p) => sql`
            select 'ledger:' || r.id, r.attrs ->> ${p.field}, r.attrs ->> ${`${p.field}Phone`},
              ${placeCols(sql`r.region_code`)}, 0
            from ledger_records r
            where r.registry = ${p.registry} and ${inArea(sql`r.region_code`, codes)}
              and coalesce(r.attrs ->> ${`${p.field}Phone`}, '') <> ''`,
        );
        return sql.join(
          [
            sql`select 'contact:' || c.id, c.name, c.phone, ${placeCols(sql`c.region_code`)}, 0
              from contacts c
              where c.duty = any(${textArray(RESPONSIBLE_DUTIES)}) and ${inArea(sql`c.region_code`, codes)}`,
            ...ledger,
          ],
          sql` union all `,
        );
      },
    },
    {
      audience: 'responsible',
      channel: 'app',
      areaBound: true,
      select: (codes) => sql`
        select 'user:' || u.id, u.display_name, u.id::text, ${placeCols(sql`u.scope_region_code`)}, 0
        from users u
        where not u.disabled and u.scope_level in ('village', 'township')
          and ${inArea(sql`u.scope_region_code`, codes)}`,
    },
    {
      audience: 'enterprise',
      channel: 'sms',
      areaBound: true,
      select: (codes) => sql`
        select 'enterprise:' || e.id, coalesce(e.safety_manager, e.name), e.safety_manager_phone,
          ${placeCols(sql`e.region_code`)}, 1
        from enterprises e
        where coalesce(e.safety_manager_phone, '') <> '' and ${inArea(sql`e.region_code`, codes)}`,
    },
    {
      audience: 'enterprise',
      channel: 'app',
      areaBound: true,
      select: (codes) => sql`
        select 'user:' || u.id, u.display_name, u.id::text, ${placeCols(sql`e.region_code`)}, 1
        from users u join enterprises e on e.org_unit_id = u.scope_org_unit_id
        where not u.disabled and u.scope_level = 'enterprise' and ${inArea(sql`e.region_code`, codes)}`,
    },
    {
      audience: 'department',
      channel: 'sms',
      areaBound: false,
      select: () => {
        const keywords = bodyKeywordsOf(q.hazard);
        const bodyFilter = keywords
          ? sql`and (${sql.join(
              keywords.map((k) => sql`o.name like ${`%${k}%`}`),
              sql` or `,
            )})`
          : sql``;
        // One message per phone: a leader who serves on two headquarters is listed twice in 通讯录.
        return sql`
          select distinct on (c.phone) 'contact:' || c.id, c.name, c.phone, null::text, null::text, 0
          from contacts c
          where coalesce(c.phone, '') <> '' and exists (
            select 1 from org_units o
            where o.kind in ('committee', 'headquarters') and (o.id = c.body_id or o.id = c.org_unit_id)
            ${bodyFilter})
          order by c.phone, c.id`;
      },
    },
    {
      audience: 'department',
      channel: 'email',
      areaBound: false,
      select: () => {
        const emails = [...new Set(q.emails ?? [])];
        if (!emails.length) return null;
        return sql`select 'email:' || e, e, e, null::text, null::text, 0 from unnest(${textArray(emails)}) as e`;
      },
    },
  ];
  const webhookAudience = q.audiences.includes('department') ? 'department' : q.audiences[0];
  if (webhookAudience)
    all.push({
      audience: webhookAudience,
      channel: 'webhook',
      areaBound: false,
      select: () => {
        const hooks = q.webhooks ?? [];
        if (!hooks.length) return null;
        return sql`select 'webhook:' || n, n, u, null::text, null::text, 0
          from unnest(${textArray(hooks.map((h) => h.name))}, ${textArray(hooks.map((h) => h.url))}) as t(n, u)`;
      },
    });
  return all.filter(
    (s) =>
      q.audiences.includes(s.audience) &&
      q.channels.includes(s.channel) &&
      channelAllowed(q.capStatus as CapStatus, s.audience, s.channel),
  );
}

const allCodes = (q: Pick<RecipientQuery, 'townshipCodes' | 'villageCodes'>) => [
  ...new Set([...q.townshipCodes, ...q.villageCodes]),
];

/** How many recipients each (audience, channel) would get (the composer's preview, before sign-off). */
export async function countRecipients(db: DbOrTx, q: RecipientQuery): Promise<RecipientCount[]> {
  const codes = allCodes(q);
  const out: RecipientCount[] = [];
  for (const s of sourcesOf(q)) {
    const select = s.select(s.areaBound ? codes : null);
    if (!select) {
      out.push({ audience: s.audience, channel: s.channel, count: 0 });
      continue;
    }
    const result: unknown = await db.execute(
      sql`select count(distinct k)::int as n from (${select}) as r(k, name, address, township, village, prio)`,
    );
    const n = (result as { rows: { n: number }[] }).rows[0]?.n ?? 0;
    out.push({ audience: s.audience, channel: s.channel, count: Number(n) });
  }
  return out;
}

export interface ExpansionInput extends RecipientQuery {
  warningId: string;
}

/**
 * The chunks of an expansion: one per targeted township (its villages and itself), then the recipients
 * that are not bound to the area (departments, mailboxes, webhooks). Each chunk is one transaction.
 */
export function expansionChunks(
  q: Pick<RecipientQuery, 'townshipCodes' | 'villageCodes'>,
): (string[] | null)[] {
  const townships = [...new Set([...q.townshipCodes, ...q.villageCodes.map((v) => v.slice(0, 9))])].sort();
  return [...townships.map((t) => [t, ...q.villageCodes.filter((v) => v.startsWith(t))]), null];
}

/**
 * Writes the deliveries of one chunk (`codes` = a township and its targeted villages; null = the
 * recipients not bound to the area), idempotently: a re-run inserts nothing twice. Responsible and
 * department rows are due one second earlier than the public's, so they go out first.
 */
export async function expandChunk(
  tx: DbOrTx,
  q: ExpansionInput,
  codes: string[] | null,
  now: Date,
): Promise<void> {
  for (const s of sourcesOf(q)) {
    if (s.areaBound !== (codes !== null) || s.asSets) continue;
    const select = s.select(codes);
    if (!select) continue;
    const early = new Date(now.getTime() - 1000);
    await tx.execute(sql`
      insert into warning_deliveries (warning_id, channel, audience, recipient_key, recipient_name, address,
        township_code, village_code, state, attempts, next_attempt_at, created_at, updated_at)
      select ${q.warningId}::uuid, ${s.channel}, ${s.audience}, r.k, r.name, r.address, r.township, r.village,
        'queued', 0, case when r.prio = 0 then ${early}::timestamptz else ${now}::timestamptz end,
        ${now}::timestamptz, ${now}::timestamptz
      from (${select}) as r(k, name, address, township, village, prio)
      where r.address is not null
      on conflict do nothing`);
  }
}

/**
 * Freezes the set-based recipients of a message (public · sms) as one `warning_recipient_sets` row per
 * village (or township, for numbers listed there) in ONE statement over the whole targeted area, so a
 * number on the lists of two villages — even of two townships — is in one set only (the source's
 * `distinct on (phone)`: the first listing wins). Idempotent: nothing is written when the message already
 * has sets of that channel (a re-run after a crash). Returns the numbers frozen by this call.
 */
export async function insertRecipientSets(tx: DbOrTx, q: ExpansionInput, now: Date): Promise<number> {
  let n = 0;
  for (const s of sourcesOf(q)) {
    if (!s.asSets) continue;
    const select = s.select(allCodes(q));
    if (!select) continue;
    const result: unknown = await tx.execute(sql`
      with ins as (
        insert into warning_recipient_sets (warning_id, channel, audience, township_code, village_code, phones,
          total, created_at)
        select ${q.warningId}::uuid, ${s.channel}, ${s.audience}, r.township, r.village, array_agg(r.address),
          count(*)::int, ${now}::timestamptz
        from (${select}) as r(k, name, address, township, village, prio)
        where r.address is not null and not exists (
          select 1 from warning_recipient_sets x where x.warning_id = ${q.warningId}::uuid and x.channel = ${s.channel})
        group by r.township, r.village
        order by r.township, r.village nulls first
        on conflict do nothing
        returning total)
      select coalesce(sum(total), 0)::int as n from ins`);
    n += Number((result as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  }
  return n;
}

export interface CallSeed {
  recipientKey: string;
  personName: string;
  phone: string | null;
  userId: string | null;
  role: 'village' | 'township' | 'hazard_point' | 'county';
  townshipCode: string | null;
  villageCode: string | null;
}

/** The responsible deliveries of a message in one township (initial ones) that have no 叫应 call yet. */
export async function findResponsibleWithoutCall(
  tx: DbOrTx,
  warningId: string,
  townshipCode: string,
): Promise<CallSeed[]> {
  const result: unknown = await tx.execute(sql`
    select d.recipient_key, d.recipient_name, d.channel, d.address, d.township_code, d.village_code
    from warning_deliveries d
    where d.warning_id = ${warningId} and d.township_code = ${townshipCode} and d.audience = 'responsible'
      and position('#' in d.recipient_key) = 0
      and not exists (select 1 from warning_calls c where c.warning_id = d.warning_id and c.recipient_key = d.recipient_key)
    order by d.id`);
  const rows = (
    result as {
      rows: {
        recipient_key: string;
        recipient_name: string | null;
        channel: string;
        address: string | null;
        township_code: string | null;
        village_code: string | null;
      }[];
    }
  ).rows;
  const seen = new Set<string>();
  const out: CallSeed[] = [];
  for (const r of rows) {
    if (seen.has(r.recipient_key)) continue;
    seen.add(r.recipient_key);
    const isUser = r.recipient_key.startsWith('user:');
    out.push({
      recipientKey: r.recipient_key,
      personName: r.recipient_name ?? '责任人',
      phone: r.channel === 'sms' ? r.address : null,
      userId: isUser ? r.recipient_key.slice(5) : null,
      role: r.recipient_key.startsWith('ledger:') ? 'hazard_point' : r.village_code ? 'village' : 'township',
      townshipCode: r.township_code,
      villageCode: r.village_code,
    });
  }
  return out;
}

/**
 * The answer-link token of a call: HMAC-SHA256(secret, warning id | recipient key), base64url, 22
 * characters. Derived, so the dispatcher can put it in every (re-)sent message without the database
 * holding it; the row keeps only its SHA-256 (`token_hash`).
 */
export function callTokenOf(secret: string, warningId: string, recipientKey: string): string {
  return createHmac('sha256', secret).update(`${warningId}|${recipientKey}`).digest('base64url').slice(0, 22);
}

export const hashCallToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Inserts 叫应 calls (idempotent on (warning, recipient)); due at `dueAt` (the first resend). */
export async function insertCalls(
  tx: DbOrTx,
  warningId: string,
  seeds: CallSeed[],
  secret: string,
  now: Date,
  dueAt: Date,
): Promise<void> {
  if (!seeds.length) return;
  const col = <T>(f: (s: CallSeed) => T) => param(seeds.map(f));
  await tx.execute(sql`
    insert into warning_calls (warning_id, recipient_key, person_name, phone, user_id, role, township_code,
      village_code, step, step_at, due_at, token_hash, created_at)
    select ${warningId}::uuid, t.k, t.n, t.p, t.u, t.r, t.tc, t.vc, 'initial', ${now}::timestamptz,
      ${dueAt}::timestamptz, t.h, ${now}::timestamptz
    from unnest(${col((c) => c.recipientKey)}::text[], ${col((c) => c.personName)}::text[],
      ${col((c) => c.phone)}::text[], ${col((c) => c.userId)}::uuid[], ${col((c) => c.role)}::text[],
      ${col((c) => c.townshipCode)}::text[], ${col((c) => c.villageCode)}::text[],
      ${col((c) => hashCallToken(callTokenOf(secret, warningId, c.recipientKey)))}::text[])
      as t(k, n, p, u, r, tc, vc, h)
    on conflict do nothing`);
}
