/**
 * Issue #3 "Large files show progress in the UI and the CLI": with `Accept: application/x-ndjson` the
 * import routes (every ledger registry and the enterprises) stream `progress` lines — rows validated,
 * then records written — and end with one `result` or `error` line; without it they answer plain JSON.
 * The import stays all-or-nothing either way.
 */
import { creditCodeCheckChar, readImportLines, type ImportStreamLine } from '@ningan/domain';
import { beforeAll, expect, it } from 'vitest';
import { forEachDriver } from '../test/db.ts';
import { useTestContext, XINNING, type Session } from '../test/context.ts';

const NDJSON = 'application/x-ndjson';

/** Every line of a streamed answer, parsed; fails on a line that is not part of the protocol. */
function linesOf(body: string): ImportStreamLine[] {
  const { lines, rest, bad } = readImportLines(body);
  expect(bad).toBe(0);
  expect(rest).toBe(''); // every line ends with a newline
  return lines;
}

forEachDriver('streamed import progress', (driver) => {
  const ctx = useTestContext(driver);
  let duty: Session;
  let header: string[];

  beforeAll(async () => {
    duty = await ctx.loginAs({ roles: ['duty_officer'] });
    // The registry's own columns, as its (empty) CSV export writes them.
    const empty = await (
      await ctx.app()
    ).inject({ method: 'GET', url: '/api/v1/ledger/rescue-teams/export?format=csv', headers: duty.bearer });
    header = empty.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')[0]!
      .split(',');
  });

  /** A rescue-teams CSV: `n` teams named `${prefix}0001…`, row `bad` (1-based data row) with a bad phone. */
  function teamsCsv(prefix: string, n: number, bad?: number): string {
    const rows = Array.from({ length: n }, (_, i) => {
      const values: Record<string, string> = {
        队伍名称: `${prefix}${String(i + 1).padStart(4, '0')}`,
        区划代码: XINNING,
        经度: '107.93',
        纬度: '35.5',
        队伍类别: '社会',
        专业方向: '医疗救护',
        人数: '12',
        战备状态: '待命',
        队长: '周',
        队长电话: i + 1 === bad ? '12345' : `139${String(10_000_000 + i).slice(-8)}`,
      };
      return header.map((h) => values[h] ?? '').join(',');
    });
    return [header.join(','), ...rows].join('\r\n');
  }

  async function importTeams(csv: string, options: { dryRun?: boolean; accept?: string } = {}) {
    return (await ctx.app()).inject({
      method: 'POST',
      url: `/api/v1/ledger/rescue-teams/import${options.dryRun ? '?dryRun=1' : ''}`,
      headers: {
        ...duty.bearer,
        'content-type': 'text/csv',
        ...(options.accept ? { accept: options.accept } : {}),
      },
      payload: Buffer.from(csv, 'utf8'),
    });
  }

  it('a dry run of 2,500 rows: "validated" every 1,000 rows and at the end, then the result; nothing written', async () => {
    const before = await ctx.auditCount();
    const res = await importTeams(teamsCsv('预览队伍', 2500), { dryRun: true, accept: NDJSON });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(`${NDJSON}; charset=utf-8`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(linesOf(res.body)).toEqual([
      { type: 'progress', phase: 'validated', done: 1000, total: 2500 },
      { type: 'progress', phase: 'validated', done: 2000, total: 2500 },
      { type: 'progress', phase: 'validated', done: 2500, total: 2500 },
      { type: 'result', total: 2500, created: 2500, updated: 0, unchanged: 0, dryRun: true },
    ]);
    expect(await ctx.auditCount()).toBe(before);
  });

  it('an import of 250 rows: validated, then "written" every 100 records and the last, then the result; again: unchanged', async () => {
    const csv = teamsCsv('写入队伍', 250);
    const before = await ctx.auditCount();
    const res = await importTeams(csv, { accept: NDJSON });
    expect(linesOf(res.body)).toEqual([
      { type: 'progress', phase: 'validated', done: 250, total: 250 },
      { type: 'progress', phase: 'written', done: 100, total: 250 },
      { type: 'progress', phase: 'written', done: 200, total: 250 },
      { type: 'progress', phase: 'written', done: 250, total: 250 },
      { type: 'result', total: 250, created: 250, updated: 0, unchanged: 0, dryRun: false },
    ]);
    // One audit row per record, all committed with the records.
    expect(await ctx.auditCount()).toBe(before + 250);
    const list = await (
      await ctx.app()
    ).inject({ method: 'GET', url: '/api/v1/ledger/rescue-teams?q=写入队伍', headers: duty.bearer });
    expect(list.json<{ total: number }>().total).toBe(250);

    // The same file again changes nothing: nothing to write, so no "written" line.
    const again = await importTeams(csv, { accept: NDJSON });
    expect(linesOf(again.body)).toEqual([
      { type: 'progress', phase: 'validated', done: 250, total: 250 },
      { type: 'result', total: 250, created: 0, updated: 0, unchanged: 250, dryRun: false },
    ]);
    expect(await ctx.auditCount()).toBe(before + 250);
  });

  it('a file with a bad row: the last line is the error envelope listing the row, status 200, nothing written', async () => {
    const before = await ctx.auditCount();
    const res = await importTeams(teamsCsv('坏行队伍', 1200, 1100), { accept: NDJSON });
    expect(res.statusCode).toBe(200); // streaming had begun; the last line tells the outcome
    const lines = linesOf(res.body);
    expect(lines.slice(0, -1)).toEqual([
      { type: 'progress', phase: 'validated', done: 1000, total: 1200 },
      { type: 'progress', phase: 'validated', done: 1200, total: 1200 },
    ]);
    expect(lines.at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'validation_failed',
        message: expect.any(String) as string,
        // Data row 1,100 is sheet row 1,101 (the header is row 1).
        details: [{ path: 'rows.1101.attrs.leaderPhone', message: '电话号码格式不正确' }],
        requestId: expect.any(String) as string,
      },
    });
    expect(await ctx.auditCount()).toBe(before);
    const list = await (
      await ctx.app()
    ).inject({ method: 'GET', url: '/api/v1/ledger/rescue-teams?q=坏行队伍', headers: duty.bearer });
    expect(list.json<{ total: number }>().total).toBe(0);
  });

  it('without the ndjson Accept header the answer is plain JSON; errors before streaming answer as usual', async () => {
    const plain = await importTeams(teamsCsv('普通队伍', 2), { dryRun: true, accept: 'application/json' });
    expect(plain.headers['content-type']).toContain('application/json');
    expect(plain.json()).toEqual({ total: 2, created: 2, updated: 0, unchanged: 0, dryRun: true });

    const app = await ctx.app();
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/rescue-teams/import',
      headers: { 'content-type': 'text/csv', accept: NDJSON },
      payload: Buffer.from(teamsCsv('匿名队伍', 1), 'utf8'),
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<{ error: { code: string } }>().error.code).toBe('unauthenticated');
    // A viewer may read the ledger but not write it: refused by the service, inside the stream.
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/rescue-teams/import',
      headers: { ...viewer.bearer, 'content-type': 'text/csv', accept: NDJSON },
      payload: Buffer.from(teamsCsv('越权队伍', 1), 'utf8'),
    });
    expect(linesOf(refused.body)).toEqual([
      {
        type: 'error',
        error: {
          code: 'forbidden',
          message: expect.any(String) as string,
          requestId: expect.any(String) as string,
        },
      },
    ]);
  });

  it('the enterprise import streams the same phases', async () => {
    const code = (n: number) => {
      const first17 = `91621026MA${String(3_000_000 + n).padStart(7, '0')}`;
      return `${first17}${creditCodeCheckChar(first17)!}`;
    };
    const csv = [
      '企业名称,统一社会信用代码,行业类别,规模,所在乡镇/村,区划代码,经度,纬度,安全生产责任保险,保险到期日,许可证',
      ...[1, 2, 3].map((n) => `流式企业${n},${code(n)},工贸,规下,,${XINNING},107.925,35.5,未投保,,`),
    ].join('\n');
    const res = await (
      await ctx.app()
    ).inject({
      method: 'POST',
      url: '/api/v1/enterprises/import',
      headers: { ...duty.bearer, 'content-type': 'text/csv', accept: NDJSON },
      payload: `\uFEFF${csv}`,
    });
    expect(linesOf(res.body)).toEqual([
      { type: 'progress', phase: 'validated', done: 3, total: 3 },
      { type: 'progress', phase: 'written', done: 3, total: 3 },
      { type: 'result', total: 3, created: 3, updated: 0, unchanged: 0, dryRun: false },
    ]);
  });
});
