/**
 * In-process notices of command changes (issue #6), published after the change commits: incident services
 * (intake, reporting, response, duty) publish, the command stream (SSE: incident workspaces, the list, the
 * big screen) subscribes. Listeners must not throw; one that fails is logged and skipped. Like the alarm bus,
 * one process: split roles need a cross-process notice (see docs/ARCHITECTURE.md, "Live updates").
 */
import type { Logger } from 'pino';

export interface CommandChange {
  /** The incident it concerns; null for duty-watch changes not tied to one. */
  incidentId: string | null;
  /** Region of the incident / duty record (jurisdiction filter of the stream). */
  regionCode: string;
  /** What changed: `incident`, `timeline`, `task`, `allocation`, `report`, `deadline`, `activation`, `ack`,
   *  `sitrep`, `finding`, `duty`, `nil_report`. */
  topic: string;
  /** Timeline seq written by the change, when there is one (clients fetch "after seq"). */
  seq?: number;
  /** Row id the change is about (task id, report id…). */
  refId?: string;
  /** Epoch ms when it committed. */
  at: number;
}

export type CommandListener = (changes: readonly CommandChange[]) => void;

export class CommandBus {
  private readonly listeners = new Set<CommandListener>();

  constructor(private readonly log: Logger) {}

  /** Returns the unsubscribe function. */
  subscribe(listener: CommandListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(changes: readonly CommandChange[]): void {
    if (!changes.length) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        this.log.error({ err }, 'command listener failed');
      }
    }
  }
}
