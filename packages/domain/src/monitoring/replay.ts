/**
 * Replay (issue #4 part 4): what a rule would have done over stored history, before it is enabled. The
 * rule starts empty at `from` (no data, no alarm, watchdogs counting from `from`), takes the readings of
 * [from, to] in time order (ties keep their given order) and is ticked to `to`. Readings before `from` are
 * not used: start earlier to warm up long windows. Live stepping over the same readings, with any ticks
 * between them, gives the same transitions (tested).
 */
import { AppError } from '../errors.ts';
import {
  applyReading,
  applyTick,
  compileRule,
  createRuleState,
  isAlarmTransition,
  type AlarmTransition,
  type CompiledRule,
  type DataEvent,
  type ReadingOutcome,
  type RuleEvent,
  type SensorReading,
} from './engine.ts';
import type { AlarmRule } from './rule.ts';
import type { RuleState } from './state.ts';

export interface ReplayResult {
  transitions: AlarmTransition[];
  dataEvents: DataEvent[];
  /** The state at `to` (for instance, the alarm still active then). */
  state: RuleState;
  /** How many readings of [from, to] had each outcome. */
  outcomes: Record<ReadingOutcome, number>;
  /** Readings outside [from, to], not used. */
  outside: number;
}

const isCompiled = (rule: AlarmRule | CompiledRule): rule is CompiledRule => 'routes' in rule;

/**
 * Replays `readings` through `rule` from `from` to `to` (epoch ms, inclusive).
 * @throws AppError validation_failed (invalid rule, or `to` before `from`)
 */
export function replayRule(
  rule: AlarmRule | CompiledRule,
  readings: readonly SensorReading[],
  from: number,
  to: number,
): ReplayResult {
  if (to < from) throw new AppError('validation_failed', '回放的结束时间早于开始时间');
  const cr = isCompiled(rule) ? rule : compileRule(rule);
  const state = createRuleState(cr, from);
  const outcomes: Record<ReadingOutcome, number> = {
    applied: 0,
    duplicate: 0,
    superseded: 0,
    too_late: 0,
    unrouted: 0,
  };
  const events: RuleEvent[] = [];
  const ordered = readings.filter((r) => r.at >= from && r.at <= to).sort((a, b) => a.at - b.at);
  for (const r of ordered) {
    const step = applyReading(cr, state, r);
    outcomes[step.outcome] += 1;
    events.push(...step.events);
  }
  events.push(...applyTick(cr, state, to));
  return {
    transitions: events.filter(isAlarmTransition),
    dataEvents: events.filter((e): e is DataEvent => !isAlarmTransition(e)),
    state,
    outcomes,
    outside: readings.length - ordered.length,
  };
}
