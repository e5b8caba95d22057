/** The real `ningan` binary: help, exit codes, region show, audit verify catching a tampered row, the data-dir lock. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, ROOT, runCli, startServer, tempDataDir, type RunningServer } from '../harness.ts';

const TOWNSHIPS = [
  ['621026100', '新宁镇'],
  ['621026101', '平子镇'],
  ['621026102', '早胜镇'],
  ['621026103', '长庆桥镇'],
  ['621026104', '和盛镇'],
  ['621026105', '湘乐镇'],
  ['621026106', '新庄镇'],
  ['621026107', '盘克镇'],
  ['621026108', '中村镇'],
  ['621026109', '焦村镇'],
  ['621026110', '米桥镇'],
  ['621026111', '良平镇'],
  ['621026112', '太昌镇'],
  ['621026113', '春荣镇'],
  ['621026205', '南义乡'],
  ['621026206', '瓦斜乡'],
  ['621026207', '金村乡'],
  ['621026208', '九岘乡'],
] as const;

describe('ningan CLI (issue #2 part 8)', () => {
  it('prints help for every command and exits 0', () => {
    for (const args of [
      ['--help'],
      ['start', '--help'],
      ['user', 'create', '--help'],
      ['audit', 'verify', '--help'],
      ['region', 'show', '--help'],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: ningan');
    }
  });

  it('exits 2 with a message on an unknown command or a bad option value', () => {
    const unknown = runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    const badCode = runCli(['region', 'show', '12ab']);
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).toContain('区划代码');
  });

  it('the committed docs/openapi.json is what the code generates (regenerate: ningan openapi > docs/openapi.json)', () => {
    const r = runCli(['openapi']);
    expect(r.code, r.stderr).toBe(0);
    const generated = JSON.parse(r.stdout) as { paths: Record<string, unknown> };
    expect(generated.paths).toHaveProperty('/api/v1/regions/{code}');
    expect(generated).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8')));
  });

  it('calc reads one JSON object on stdin and writes one on stdout; bad input exits 2 naming every field (issue #3)', () => {
    const lec = runCli(['calc', 'lec'], {}, '{"L":6,"E":3,"C":7}');
    expect(lec.code).toBe(0);
    expect(JSON.parse(lec.stdout)).toEqual({
      D: 126,
      danger: '显著危险',
      riskLevel: '一般风险',
      color: 'yellow',
    });
    const code = runCli(['calc', 'credit-code'], {}, '{"code":"91350100M000100Y44"}');
    expect(JSON.parse(code.stdout)).toMatchObject({ valid: false, expectedCheckChar: '3' });
    const bad = runCli(['calc', 'accident-grade'], {}, '{"deaths":-1,"seriousInjuries":0.5}');
    expect(bad.code).toBe(2);
    const error = (JSON.parse(bad.stdout) as { error: { code: string; details: { path: string }[] } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.path).sort()).toEqual(['deaths', 'directLossYuan', 'seriousInjuries']);
    const lpg = runCli(
      ['calc', 'major-hazard'],
      {},
      '{"substances":[{"name":"液化石油气","quantity":50}],"exposedPeople":120}',
    );
    expect(JSON.parse(lpg.stdout)).toMatchObject({ S: 1, isMajorHazard: true, alpha: 2, R: 3, grade: 4 });
    expect(runCli(['calc', 'lec'], {}, 'not json').code).toBe(2);
    expect(runCli(['calc', 'no-such'], {}, '{}').code).toBe(2);
  });

  it('refuses a bad configuration value, naming the variable', () => {
    const r = runCli(['region', 'show', '621026'], { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('DATABASE_URL');
  });
});

describe('ningan with an embedded data directory', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = tempDataDir();
    const seed = runCli(['seed', '--data-dir', dataDir], { NINGAN_ADMIN_PASSWORD: 'Cli#Admin-2026x' });
    expect(seed.code, seed.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('region show 621026 lists the 18 townships with their official codes and names', () => {
    const r = runCli(['region', 'show', '621026', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    for (const [code, name] of TOWNSHIPS) expect(r.stdout).toMatch(new RegExp(`${code} ${name}`));
    expect(r.stdout).toContain('共 18 个下级');
  });

  it('region show --json gives the same data as JSON, and a township lists its villages', () => {
    const county = JSON.parse(
      runCli(['region', 'show', '621026', '--json', '--data-dir', dataDir]).stdout,
    ) as {
      children: { code: string; name: string; level: string }[];
    };
    expect(county.children.map((c) => [c.code, c.name])).toEqual(TOWNSHIPS.map(([c, n]) => [c, n]));
    const town = JSON.parse(
      runCli(['region', 'show', '621026100', '--json', '--data-dir', dataDir]).stdout,
    ) as {
      children: { code: string; name: string }[];
    };
    expect(town.children.length).toBeGreaterThan(5);
    expect(town.children).toContainEqual(
      expect.objectContaining({ code: '621026100001', name: '东城居委会' }),
    );
  });

  it('region show of an unknown code exits 1', () => {
    const r = runCli(['region', 'show', '621099', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不存在');
  });

  it('user create makes an account that can log in, and rejects a weak password listing the problems', async () => {
    const weak = runCli(
      ['user', 'create', '-u', 'weakling', '-r', 'duty_officer', '--password-stdin', '--data-dir', dataDir],
      {},
      'short\n',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('password');
    const ok = runCli(
      [
        'user',
        'create',
        '-u',
        'zhangsan',
        '-n',
        '张三',
        '-r',
        'township_officer',
        '-s',
        'township:621026102',
        '--password-stdin',
        '--data-dir',
        dataDir,
      ],
      {},
      'Zhang#San-2026\n',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('zhangsan');
    const server = await startServer({ args: ['--no-demo', '--data-dir', dataDir] });
    try {
      const s = await login(server.url, 'zhangsan', 'Zhang#San-2026');
      const me = (await (
        await fetch(`${server.url}/api/v1/auth/session`, { headers: { authorization: `Bearer ${s.token}` } })
      ).json()) as {
        user: { scope: { regionCode: string } };
      };
      expect(me.user.scope.regionCode).toBe('621026102');
    } finally {
      await server.stop();
    }
  });

  it('start on a port already in use exits 3 naming the port, and leaves the data directory unlocked', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const r = runCli(['start', '--no-demo', '--port', String(port), '--data-dir', dataDir]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(String(port));
      expect(fs.existsSync(path.join(dataDir, 'ningan.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('import enterprises is all-or-nothing and idempotent; export writes xlsx, csv and geojson (issue #3)', () => {
    const csv = path.join(dataDir, 'enterprises.csv');
    const header = '企业名称,统一社会信用代码,行业类别,规模,区划代码,经度,纬度';
    fs.writeFileSync(
      csv,
      `${header}\n命令行企业甲,91350100M000100Y43,工贸,规下,621026100,107.925,35.5\n命令行企业乙,9144030071526726XG,商贸,规上,621026102,108.0,35.405\n`,
    );
    const bad = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(
      bad,
      `${header}\n命令行企业丙,91110000100006485K,工贸,规下,621026100,107.925,35.5\n坏企业,91110000100006485K,工贸,规下,621026100,150,35.5\n`,
    );
    const rejected = runCli(['import', 'enterprises', bad, '--data-dir', dataDir]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain('rows.3.creditCode');
    expect(rejected.stderr).toContain('rows.3.lon');
    const first = runCli(['import', 'enterprises', csv, '--data-dir', dataDir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('新增 2');
    // Progress on stderr (a large import reports every 1,000 rows validated and every chunk written).
    expect(first.stderr).toContain('validated 2/2');
    expect(first.stderr).toContain('written 2/2');
    expect(runCli(['import', 'enterprises', csv, '--data-dir', dataDir]).stdout).toContain('未变 2');
    const xlsx = path.join(dataDir, 'out.xlsx');
    expect(runCli(['export', 'enterprises', '-o', xlsx, '--data-dir', dataDir]).code).toBe(0);
    expect(runCli(['import', 'enterprises', xlsx, '--dry-run', '--data-dir', dataDir]).stdout).toContain(
      '未变 2',
    );
    const geo = JSON.parse(
      runCli(['export', 'enterprises', '-f', 'geojson', '--data-dir', dataDir]).stdout,
    ) as { features: unknown[] };
    expect(geo.features).toHaveLength(2);
    expect(runCli(['export', 'enterprises', '-f', 'csv', '--data-dir', dataDir]).stdout).toContain(
      '命令行企业乙',
    );
  });

  it('import of a ledger registry prints the same progress lines on stderr, the result on stdout', () => {
    const teams = path.join(dataDir, 'teams.csv');
    fs.writeFileSync(
      teams,
      '队伍名称,区划代码,经度,纬度,队伍类别,专业方向,人数,战备状态,队长,队长电话\n' +
        '命令行救援一队,621026100,107.93,35.5,社会,医疗救护,12,待命,周,13900000001\n' +
        '命令行救援二队,621026102,108.0,35.405,专业,防汛抗旱,30,待命,吴,13900000002\n',
    );
    const preview = runCli(['import', 'rescue-teams', teams, '--dry-run', '--data-dir', dataDir]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stderr).toContain('validated 2/2');
    expect(preview.stderr).not.toContain('written');
    expect(preview.stdout).toContain('新增 2');
    const done = runCli(['import', 'rescue-teams', teams, '--data-dir', dataDir]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('validated 2/2');
    expect(done.stderr).toContain('written 2/2');
    expect(done.stdout).toContain('已导入 imported: 共 2 行，新增 2');
    expect(runCli(['import', 'rescue-teams', teams, '--data-dir', dataDir]).stdout).toContain('未变 2');
  });

  it('a second process on the same data directory is refused with a clear message (exit 3)', async () => {
    const server: RunningServer = await startServer({ args: ['--no-demo', '--data-dir', dataDir] });
    try {
      const r = runCli(['audit', 'verify', '--data-dir', dataDir]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${server.child.pid}`);
      expect(r.stderr).toMatch(/in use|正由进程/);
    } finally {
      await server.stop();
    }
  });

  it('audit verify passes on an untouched chain and names the first bad row after a direct edit (issue #2 part 5)', async () => {
    const before = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/audit chain OK: \d+/);

    const db = await PGlite.create(path.join(dataDir, 'pgdata'));
    await db.query(`update audit_log set actor_name = 'mallory' where seq = 3`);
    await db.close();

    const after = runCli(['audit', 'verify', '--json', '--data-dir', dataDir]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('seq 3');
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: false, badSeq: 3 });
  });
});
