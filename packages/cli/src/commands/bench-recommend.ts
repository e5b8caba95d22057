/**
 * `ningan bench --only recommend` (issue #6: resource recommendation over 100,000 resources ≤ 20 ms): runs
 * packages/domain/bench/recommend.ts (in memory, no database) and prints its p50/p95/max against the target.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { say } from './bench-support.ts';

export function benchRecommend(): void {
  // From src/commands or from the bundle in dist/: walk up to the workspace's packages/domain.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'packages/domain/bench/recommend.ts')) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  const script = path.join(dir, 'packages/domain/bench/recommend.ts');
  const r = spawnSync('npx', ['tsx', script], { encoding: 'utf8', cwd: dir });
  say(`\n## Resource recommendation (${path.relative(process.cwd(), script)})`);
  say(r.status === 0 ? r.stdout.trim() : `failed: ${r.stderr.trim().slice(0, 500)}`);
}
