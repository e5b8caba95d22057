/**
 * In-process notices of alarm changes, published after the change commits: the rule runtime (engine
 * transitions) and the alarm service (people's actions) publish, the live stream (SSE) and anything else
 * in the process subscribe. Listeners must not throw; a listener that fails is logged and skipped.
 */
import type { Logger } from 'pino';

export interface AlarmChange {
  alarmId: string;
  ruleId: string;
  /** Engine transition kind or the person's action (acknowledged, handling, assigned, comment, closed, to_incident). */
  kind: string;
  /** Epoch ms when it committed. */
  at: number;
}

export type AlarmListener = (changes: readonly AlarmChange[]) => void;

export class AlarmBus {
  private readonly listeners = new Set<AlarmListener>();

  constructor(private readonly log: Logger) {}

  /** Returns the unsubscribe function. */
  subscribe(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(changes: readonly AlarmChange[]): void {
    if (!changes.length) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        this.log.error({ err }, 'alarm listener failed');
      }
    }
  }
}
