/**
 * Runs once per `vitest run` for the e2e project: prepares one demo data directory (`ningan seed --demo`,
 * the same first-run preparation `ningan start` does: region pack, organisation, administrators, demo
 * data) that the browser specs copy instead of each seeding the whole demo again (~30 s a file). The
 * seeding runs in the background while the first files run; `preparedDemo()` (browser/console.ts) waits
 * for it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ADMIN_PASSWORD, BIN } from './harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * Where the prepared demo appears: `data/` (a PGlite data directory to copy, never to start a server
     * on) once `status.json` says `{ "code": 0 }`.
     */
    demoTemplate: string;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-e2e-demo-template-'));
  let output = '';
  // The environment startServer gives every server, as far as it changes what is prepared.
  const child = spawn(process.execPath, [BIN, 'seed', '--demo', '--data-dir', path.join(base, 'data')], {
    env: { ...process.env, LOG_LEVEL: 'warn', NINGAN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<void>((resolve) => {
    const finish = (code: number | null, error?: Error) => {
      const status = { code: code ?? -1, output: error ? `${output}\n${error.message}` : output };
      fs.writeFileSync(path.join(base, 'status.json.tmp'), JSON.stringify(status));
      fs.renameSync(path.join(base, 'status.json.tmp'), path.join(base, 'status.json'));
      resolve();
    };
    child.once('error', (err) => finish(null, err));
    child.once('exit', (code) => finish(code));
  });
  project.provide('demoTemplate', base);
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await done;
    fs.rmSync(base, { recursive: true, force: true });
  };
}
