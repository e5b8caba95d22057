/**
 * The alarm-rule runtime (issue #4 parts 4 and 6; docs/adr/0008): feeds every committed reading and the
 * clock to the enabled rules' engines (pure state machines, ADR 0006) and makes their transitions durable.
 *
 * - **One step at a time.** All work — a batch of readings, a timer tick, a rule reload — runs through one
 *   queue, so steps on a rule never overlap and a rule has at most one open alarm (backed by the partial
 *   unique index on open alarms). Rules are evaluated in the ingest role, in one process.
 * - **Same transaction.** A batch's transitions are written with the alarm rows, the alarm events, the
 *   outbox rows, the audit rows and the new states (with their timers, `due_at`) in one transaction.
 *   Rules that moved without a transition have their state written at most every ALARM_STATE_PERSIST_MS.
 * - **Timers.** After each step the runtime arms one timer at the earliest `nextDeadline` + grace; at
 *   the timer the due rules get `applyTick(now)`. A transition is stamped at its deadline, not at the tick.
 * - **Restart.** States are loaded, the stored readings of each rule's streams stamped from the state's
 *   time minus its lateness window are re-fed in time order (what was already applied is a duplicate),
 *   then every rule is ticked to now: durations resume from their recorded start, no alarm is repeated.
 */
import {
  ALARM_LEVEL_LABELS,
  applyReading,
  applyTick,
  compileRule,
  createRuleState,
  isAlarmTransition,
  listRuleStreams,
  loadRuleState,
  migrateRuleState,
  nextDeadline,
  parseRuleStateShape,
  serializeRuleState,
  type AlarmTransition,
  type CompiledRule,
  type RuleEvent,
  type RuleState,
} from '@ningan/domain';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../db/client.ts';
import type { CommittedBatch } from '../ingest/pipeline.ts';
import {
  applyEngineTransition,
  getRuleById,
  insertOutbox,
  listEnabledRules,
  listRuleStates,
  listSeriesStreams,
  readingsSince,
  upsertRuleStates,
  type AlarmRuleRow,
} from '../repositories/alarm-rules.repository.ts';
import { audit, type Clock } from '../services/context.ts';
import type { AlarmBus, AlarmChange } from './bus.ts';

interface LiveRule {
  row: AlarmRuleRow;
  cr: CompiledRule;
  state: RuleState;
  /** Epoch ms the state was last written (0: never). */
  persistedAt: number;
  /** Changed since it was last written. */
  dirty: boolean;
}

interface Pending {
  live: LiveRule;
  transitions: AlarmTransition[];
}

export interface AlarmRuntimeStats {
  rules: number;
  readings: number;
  transitions: number;
  ticks: number;
  commits: number;
  failures: number;
  /** Readings re-fed at start. */
  refed: number;
}

export interface AlarmRuntimeOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  bus: AlarmBus;
  tickGraceMs: number;
  statePersistMs: number;
  /** Readings fetched per page when re-feeding at start. */
  refeedPage?: number;
  /** Called in the transaction of a new alarm's `raised` (the alarm service assigns it). */
  onRaised?: (tx: DbOrTx, alarmId: string, now: Date) => Promise<void>;
}

const streamKey = (device: string, metric: string) => `${device}\u0000${metric}`;

export class AlarmRuntime {
  private readonly rules = new Map<string, LiveRule>();
  private readonly routes = new Map<string, LiveRule[]>();
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;
  /** Only a started runtime (the ingest role) runs rules; elsewhere `reload` has nothing to do. */
  private started = false;
  readonly stats: AlarmRuntimeStats = {
    rules: 0,
    readings: 0,
    transitions: 0,
    ticks: 0,
    commits: 0,
    failures: 0,
    refed: 0,
  };

  constructor(private readonly o: AlarmRuntimeOptions) {}

  /** Loads every enabled rule, recovers its state and catches up; resolves when the rules are current. */
  start(): Promise<void> {
    this.started = true;
    this.stopped = false;
    return this.enqueue(() => this.load());
  }

  /** (Re)builds the running rules from the stored ones: load, re-feed, tick to now, write. */
  private async load(): Promise<void> {
    this.rules.clear();
    this.routes.clear();
    const rows = await listEnabledRules(this.o.db);
    const states = new Map(
      (
        await listRuleStates(
          this.o.db,
          rows.map((r) => r.id),
        )
      ).map((s) => [s.ruleId, s]),
    );
    const now = this.o.clock().getTime();
    const pending: Pending[] = [];
    for (const row of rows) {
      const live = this.compile(row);
      if (!live) continue;
      const stored = states.get(row.id);
      live.state = this.restore(live, stored?.version ?? null, stored?.state, now, pending);
      live.persistedAt = stored ? stored.updatedAt.getTime() : 0;
      live.dirty = !stored;
      this.install(live);
    }
    await this.refeed(pending);
    this.tickAll(this.o.clock().getTime(), pending);
    await this.commit(pending, true);
    this.stats.rules = this.rules.size;
    this.o.log.info({ rules: this.rules.size, refed: this.stats.refed }, 'alarm rules running');
  }

  /** The ingest's subscriber: the batch's new readings, in arrival order. */
  onBatch = (batch: CommittedBatch): Promise<void> => {
    if (this.stopped || !batch.readings.length || !this.routes.size) return Promise.resolve();
    return this.enqueue(async () => {
      const pending: Pending[] = [];
      const touched = new Map<string, Pending>();
      for (const r of batch.readings) {
        const targets = this.routes.get(streamKey(r.device, r.metric));
        if (!targets) continue;
        for (const live of targets) {
          const res = applyReading(live.cr, live.state, {
            device: r.device,
            metric: r.metric,
            at: r.at,
            value: r.value,
          });
          if (res.outcome !== 'applied' && !res.events.length) continue;
          live.dirty = true;
          this.stats.readings += 1;
          this.collect(live, res.events, touched, pending);
        }
      }
      await this.commit(pending, false);
    });
  };

  /** Picks up a rule's new version, enabling or disabling (after the rule service commits). */
  reload(ruleId: string): Promise<void> {
    if (!this.started) return Promise.resolve();
    return this.enqueue(async () => {
      const row = await getRuleById(this.o.db, ruleId);
      const current = this.rules.get(ruleId);
      if (!row || !row.enabled) {
        if (current) this.uninstall(current);
        this.stats.rules = this.rules.size;
        return;
      }
      if (current && current.row.version === row.version) {
        current.row = row; // name or place changed
        return;
      }
      const live = this.compile(row);
      if (!live) return;
      const pending: Pending[] = [];
      const now = this.o.clock().getTime();
      if (current) {
        this.uninstall(current);
        const moved = migrateRuleState(live.cr, current.state, now);
        live.state = moved.state;
        this.collect(live, moved.events, new Map(), pending);
      } else {
        const [stored] = await listRuleStates(this.o.db, [ruleId]);
        live.state = this.restore(live, stored?.version ?? null, stored?.state, now, pending);
      }
      live.dirty = true;
      this.install(live);
      this.stats.rules = this.rules.size;
      await this.commit(pending, true);
    });
  }

  /**
   * Wakes the rules whose deadline has passed (by the grace) and writes the states that are due; the
   * runtime's own timer calls it, tests call it after moving their clock.
   */
  tick(): Promise<void> {
    return this.enqueue(async () => {
      const pending: Pending[] = [];
      this.tickAll(this.o.clock().getTime() - this.o.tickGraceMs, pending);
      await this.commit(pending, false);
    });
  }

  /** The engine state of a rule as this process holds it (null: not running). */
  stateOf(ruleId: string): RuleState | null {
    return this.rules.get(ruleId)?.state ?? null;
  }

  /** Writes every changed state, then stops taking work. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.enqueue(async () => {
      const pending = [...this.rules.values()]
        .filter((l) => l.dirty)
        .map((live) => ({ live, transitions: [] }));
      await this.commit(pending, true);
    }, true);
  }

  /** Resolves when everything queued so far is done. */
  idle(): Promise<void> {
    return this.enqueue(async () => {}, true);
  }

  // ---- internals ----

  private enqueue(job: () => Promise<void>, evenIfStopped = false): Promise<void> {
    const run = this.chain.then(async () => {
      if (this.stopped && !evenIfStopped) return;
      try {
        await job();
      } finally {
        if (!this.stopped) this.arm();
      }
    });
    // The chain continues after a failed job; the caller sees the failure.
    this.chain = run.catch((err: unknown) => {
      this.stats.failures += 1;
      this.o.log.error({ err }, 'alarm runtime step failed');
    });
    return run;
  }

  private compile(row: AlarmRuleRow): LiveRule | null {
    try {
      const cr = compileRule({ ...(row.definition as object), id: row.id, version: row.version });
      return { row, cr, state: null as unknown as RuleState, persistedAt: 0, dirty: false };
    } catch (err) {
      this.o.log.error({ err, rule: row.id }, 'alarm rule does not compile; not running it');
      return null;
    }
  }

  /** The stored state when it fits, else a migrated or fresh one (events of a migration are collected). */
  private restore(
    live: LiveRule,
    version: number | null,
    raw: unknown,
    now: number,
    pending: Pending[],
  ): RuleState {
    if (raw !== undefined && raw !== null) {
      try {
        if (version === live.cr.version) return loadRuleState(live.cr, raw);
        const moved = migrateRuleState(live.cr, parseRuleStateShape(raw), now);
        this.collect(live, moved.events, new Map(), pending);
        return moved.state;
      } catch (err) {
        this.o.log.error({ err, rule: live.row.id }, 'stored alarm rule state unusable; starting afresh');
      }
    }
    return createRuleState(live.cr, now);
  }

  private install(live: LiveRule): void {
    this.rules.set(live.row.id, live);
    for (const s of listRuleStreams(live.cr)) {
      const key = streamKey(s.device, s.metric);
      const list = this.routes.get(key) ?? [];
      list.push(live);
      this.routes.set(key, list);
    }
  }

  private uninstall(live: LiveRule): void {
    this.rules.delete(live.row.id);
    for (const [key, list] of this.routes) {
      const rest = list.filter((l) => l !== live);
      if (rest.length) this.routes.set(key, rest);
      else this.routes.delete(key);
    }
  }

  private collect(
    live: LiveRule,
    events: readonly RuleEvent[],
    touched: Map<string, Pending>,
    pending: Pending[],
  ): void {
    let p = touched.get(live.row.id);
    if (!p) {
      p = pending.find((x) => x.live === live);
      if (!p) {
        p = { live, transitions: [] };
        pending.push(p);
      }
      touched.set(live.row.id, p);
    }
    for (const e of events) if (isAlarmTransition(e)) p.transitions.push(e);
  }

  /** Re-feeds the stored readings each rule may not have seen (ADR 0006 "State", ADR 0008). */
  private async refeed(pending: Pending[]): Promise<void> {
    if (!this.rules.size) return;
    const series = await listSeriesStreams(this.o.db);
    const bySeries = new Map<number, { device: string; metric: string }>();
    let since = Infinity;
    const wanted = new Set<number>();
    for (const s of series) {
      const targets = this.routes.get(streamKey(s.device, s.metric));
      if (!targets) continue;
      bySeries.set(s.seriesId, s);
      wanted.add(s.seriesId);
      for (const live of targets)
        since = Math.min(since, live.state.now - lateMsOf(live.cr) - live.cr.bucketMs);
    }
    if (!wanted.size || !Number.isFinite(since)) return;
    const touched = new Map<string, Pending>();
    for (const p of pending) touched.set(p.live.row.id, p);
    const page = this.o.refeedPage ?? 20_000;
    let after: { ts: number; series: number } | null = null;
    for (;;) {
      const rows = await readingsSince(this.o.db, [...wanted], new Date(since), null, after, page);
      for (const r of rows) {
        const s = bySeries.get(r.seriesId)!;
        for (const live of this.routes.get(streamKey(s.device, s.metric)) ?? []) {
          const res = applyReading(live.cr, live.state, { ...s, at: r.at, value: r.value });
          if (res.outcome !== 'applied' && !res.events.length) continue;
          live.dirty = true;
          this.stats.refed += 1;
          this.collect(live, res.events, touched, pending);
        }
      }
      if (rows.length < page) break;
      const last = rows[rows.length - 1]!;
      after = { ts: last.at, series: last.seriesId };
    }
  }

  private tickAll(now: number, pending: Pending[]): void {
    const touched = new Map<string, Pending>();
    for (const p of pending) touched.set(p.live.row.id, p);
    for (const live of this.rules.values()) {
      const due = nextDeadline(live.state);
      if (due === null || due > now) continue;
      const events = applyTick(live.cr, live.state, now);
      live.dirty = true;
      this.stats.ticks += 1;
      this.collect(live, events, touched, pending);
    }
  }

  private arm(): void {
    let next = Infinity;
    for (const live of this.rules.values()) {
      const due = nextDeadline(live.state);
      if (due !== null && due < next) next = due;
    }
    // Dirty states without a transition are written at the latest statePersistMs after they changed.
    const persistDue = this.persistDue();
    const at = Math.min(next + this.o.tickGraceMs, persistDue);
    if (!Number.isFinite(at)) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    const delay = Math.max(0, Math.min(at - this.o.clock().getTime(), 2_147_000_000));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      void this.tick().catch(() => {});
    }, delay);
    this.timer.unref();
  }

  private persistDue(): number {
    let due = Infinity;
    for (const live of this.rules.values())
      if (live.dirty) due = Math.min(due, live.persistedAt + this.o.statePersistMs);
    return due;
  }

  /**
   * One transaction: the transitions (alarm rows, events, outbox, audit) and the states of the rules
   * that had one, plus the other changed states that are due (`all`: every changed state).
   */
  private async commit(pending: Pending[], all: boolean): Promise<void> {
    const now = this.o.clock();
    const nowMs = now.getTime();
    const withTransitions = pending.filter((p) => p.transitions.length);
    const states = new Map<string, LiveRule>();
    for (const p of withTransitions) states.set(p.live.row.id, p.live);
    for (const live of this.rules.values())
      if (live.dirty && (all || nowMs >= live.persistedAt + this.o.statePersistMs))
        states.set(live.row.id, live);
    for (const p of pending) if (all && p.live.dirty) states.set(p.live.row.id, p.live);
    if (!states.size) return;
    const changes: AlarmChange[] = [];
    const rows = [...states.values()].map((live) => {
      const due = nextDeadline(live.state);
      return {
        ruleId: live.row.id,
        version: live.cr.version,
        state: serializeRuleState(live.state),
        dueAt: due === null ? null : new Date(due),
        updatedAt: now,
      };
    });
    try {
      await this.o.db.transaction(async (tx) => {
        for (const p of withTransitions)
          for (const t of p.transitions) {
            const change = await this.writeTransition(tx, p.live, t, now);
            if (change) changes.push(change);
          }
        await upsertRuleStates(tx, rows);
      });
    } catch (err) {
      this.stats.failures += 1;
      // Memory ran ahead of the database: start again from the stored states, as after a restart (the
      // readings are durable, so re-feeding them redoes the lost transitions).
      this.o.log.error({ err, rules: rows.length }, 'alarm commit failed; reloading the rules');
      void this.enqueue(() => this.load()).catch(() => {});
      throw err;
    }
    this.stats.commits += 1;
    for (const live of states.values()) {
      live.dirty = false;
      live.persistedAt = nowMs;
    }
    this.stats.transitions += changes.length;
    this.o.bus.publish(changes);
  }

  private async writeTransition(
    tx: DbOrTx,
    live: LiveRule,
    t: AlarmTransition,
    now: Date,
  ): Promise<AlarmChange | null> {
    const { row } = live;
    const signals = { values: t.values, stale: t.stale };
    const { alarmId, applied } = await applyEngineTransition(
      tx,
      {
        ruleId: row.id,
        ruleVersion: t.version,
        ruleName: row.name,
        subject: t.subject,
        stationId: row.stationId,
        regionCode: row.regionCode,
        orgUnitId: row.orgUnitId,
        ownerDepartmentId: row.ownerDepartmentId,
        episode: t.alarm,
        kind: t.kind,
        at: new Date(t.at),
        from: t.from,
        to: t.to,
        cause: t.cause,
        signals,
      },
      now,
    );
    if (!applied) return null;
    if (t.kind === 'raised' && this.o.onRaised) await this.o.onRaised(tx, alarmId, now);
    const level = t.to ?? t.from;
    const payload = {
      alarmId,
      ruleId: row.id,
      ruleName: row.name,
      stationId: row.stationId,
      subject: t.subject,
      episode: t.alarm,
      kind: t.kind,
      at: new Date(t.at).toISOString(),
      from: t.from,
      to: t.to,
      cause: t.cause,
      values: t.values,
      stale: t.stale,
      label: level ? `${ALARM_LEVEL_LABELS[level].color}（${ALARM_LEVEL_LABELS[level].grade}）` : null,
    };
    await insertOutbox(tx, [
      { topic: `alarm.${t.kind}`, key: alarmId, regionCode: row.regionCode, payload, createdAt: now },
    ]);
    await audit(
      tx,
      null,
      {
        action: AUDIT_OF[t.kind],
        entityType: 'alarm',
        entityId: alarmId,
        regionCode: row.regionCode,
        actorName: 'system',
        details: payload,
      },
      now,
    );
    return { alarmId, ruleId: row.id, kind: t.kind, at: now.getTime() };
  }
}

const AUDIT_OF = {
  raised: 'alarm.raise',
  escalated: 'alarm.escalate',
  deescalated: 'alarm.deescalate',
  cleared: 'alarm.clear',
} as const;

/** How far back a rule still takes a reading (its inputs' longest lateness window). */
const lateMsOf = (cr: CompiledRule): number => Math.max(0, ...cr.inputs.map((i) => i.lateMs));
