/**
 * Exclusive lock on an embedded (PGlite) data directory. PGlite itself has no lock: two processes on
 * one directory silently lose committed rows. The lock file holds the owner's pid; a lock whose
 * owner is gone is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: { pid: number; command: string; since: string },
  ) {
    super(
      `数据目录 ${dataDir} 正由进程 ${owner.pid}（${owner.command}，自 ${owner.since}）使用。\n` +
        `The embedded data directory is in use by pid ${owner.pid} (${owner.command}). ` +
        'Stop that process first, or do this through the running server (web console / API).',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DirLock {
  release(): void;
}

/** Locks held by this process, by lock file: a lock file with our own pid is stale only if not here. */
const heldHere = new Map<string, { pid: number; command: string; since: string }>();

export function lockDataDir(dataDir: string, command: string): DirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(path.resolve(dataDir), 'ningan.lock');
  const held = heldHere.get(file);
  if (held) throw new DataDirLockedError(dataDir, held);
  const me = { pid: process.pid, command, since: new Date().toISOString() };
  const mine = JSON.stringify({ ...me, host: os.hostname() });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      heldHere.set(file, me);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(file);
        process.off('exit', release);
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid: number; command: string; since: string };
      try {
        owner = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof owner;
      } catch {
        owner = { pid: -1, command: 'unknown', since: 'unknown' };
      }
      // Our own pid here (and not in heldHere) is an earlier run whose pid we reuse, e.g. pid 1 in a container.
      if (owner.pid > 0 && owner.pid !== process.pid && isAlive(owner.pid))
        throw new DataDirLockedError(dataDir, owner);
      fs.rmSync(file, { force: true }); // stale: its owner exited without releasing
    }
  }
  throw new Error(`cannot take the lock ${file}`);
}
