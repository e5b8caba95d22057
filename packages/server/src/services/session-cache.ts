/**
 * In-process cache of authenticated sessions, so the hot path of every API call does not query the
 * database. Entries live at most `ttlMs`; logout, disabling, role/scope changes and password resets
 * evict them at once in this process. Another process of a split deployment sees such a change
 * within `ttlMs` (5 s by default).
 */
import type { Actor } from '@ningan/domain';
import type { SessionRow } from '../repositories/sessions.repository.ts';

interface Entry {
  actor: Actor;
  session: SessionRow;
  cachedAt: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs = 5_000) {}

  get(sessionId: string, nowMs: number): Entry | null {
    const e = this.entries.get(sessionId);
    if (!e) return null;
    if (nowMs - e.cachedAt > this.ttlMs) {
      this.entries.delete(sessionId);
      return null;
    }
    return e;
  }

  set(sessionId: string, actor: Actor, session: SessionRow, nowMs: number): void {
    if (this.entries.size > 10_000) this.entries.clear(); // bound memory; entries are cheap to rebuild
    this.entries.set(sessionId, { actor, session, cachedAt: nowMs });
  }

  evictSession(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  evictUser(userId: string): void {
    for (const [id, e] of this.entries) if (e.session.userId === userId) this.entries.delete(id);
  }
}
