/**
 * Issue #2 part 9: two processes must never open the same embedded data directory at once; the second
 * gets a clear message naming the owner. A lock left by a dead process is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { DataDirLockedError, lockDataDir } from './lock.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-lock-test-'));
  dirs.push(dir);
  return dir;
}

/** A live process that is not us: `sleep 30`. */
function liveChild(): ChildProcess {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn('true', [], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

function writeLock(dir: string, pid: number, command = 'ningan start'): void {
  fs.writeFileSync(
    path.join(dir, 'ningan.lock'),
    JSON.stringify({ pid, host: os.hostname(), command, since: '2026-03-02T01:00:00.000Z' }),
  );
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('data directory lock', () => {
  it('issue #2 part 9: openDatabase refuses a directory locked by another live process, naming its pid', async () => {
    const dir = tempDir();
    const owner = liveChild();
    writeLock(dir, owner.pid!);
    const opening = openDatabase({ databaseUrl: null, dataDir: dir, command: 'ningan migrate' });
    await expect(opening).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(opening).rejects.toThrow(new RegExp(`pid ${owner.pid}`));
    // The owner's lock is left alone, and no database was created beside it.
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ningan.lock'), 'utf8'))).toMatchObject({
      pid: owner.pid,
    });
    expect(fs.existsSync(path.join(dir, 'pgdata'))).toBe(false);
  });

  it('the error carries the owner for the CLI to print', () => {
    const dir = tempDir();
    const owner = liveChild();
    writeLock(dir, owner.pid!, 'ningan start --port 8080');
    try {
      lockDataDir(dir, 'ningan user create');
      expect.unreachable('the lock was taken');
    } catch (err) {
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as DataDirLockedError).owner).toMatchObject({
        pid: owner.pid,
        command: 'ningan start --port 8080',
      });
      expect((err as DataDirLockedError).dataDir).toBe(dir);
    }
  });

  it('a stale lock (its process is gone) is taken over, and released on close', async () => {
    const dir = tempDir();
    writeLock(dir, await deadPid());
    const database = await openDatabase({ databaseUrl: null, dataDir: dir, command: 'test' });
    try {
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'ningan.lock'), 'utf8'))).toMatchObject({
        pid: process.pid,
        command: 'test',
      });
    } finally {
      await database.close();
    }
    expect(fs.existsSync(path.join(dir, 'ningan.lock'))).toBe(false);
  });

  it('an unreadable lock file is treated as stale', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'ningan.lock'), 'not json');
    const lock = lockDataDir(dir, 'test');
    lock.release();
    expect(fs.existsSync(path.join(dir, 'ningan.lock'))).toBe(false);
  });

  it('a directory this process holds cannot be locked a second time (even through another path)', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir, 'first');
    try {
      expect(() => lockDataDir(dir, 'second')).toThrow(DataDirLockedError);
      expect(() => lockDataDir(path.join(dir, '.', '..', path.basename(dir)), 'third')).toThrow(
        DataDirLockedError,
      );
    } finally {
      lock.release();
    }
    // Once released it can be taken again.
    lockDataDir(dir, 'again').release();
  });

  it('a lock file with our own pid that we do not hold (pid reused after a restart) is stale', () => {
    const dir = tempDir();
    writeLock(dir, process.pid, 'an earlier run');
    const lock = lockDataDir(dir, 'test');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ningan.lock'), 'utf8'))).toMatchObject({
      command: 'test',
    });
    lock.release();
  });

  it('releasing twice is harmless and leaves another owner’s lock alone', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir, 'test');
    lock.release();
    const owner = liveChild();
    writeLock(dir, owner.pid!);
    lock.release();
    expect(fs.existsSync(path.join(dir, 'ningan.lock'))).toBe(true);
  });
});
