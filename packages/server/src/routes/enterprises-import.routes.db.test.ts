/**
 * Issue #3 "Import and export": all-or-nothing import with every problem by row and field; importing
 * the same file twice changes nothing; an exported sheet imports back unchanged.
 */
import { creditCodeCheckChar } from '@ningan/domain';
import { expect, it } from 'vitest';
import { forEachDriver } from '../test/db.ts';
import { useTestContext } from '../test/context.ts';

const code = (n: number) => {
  const first17 = `91621026MA${String(2_000_000 + n).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckChar(first17)!}`;
};
const HEADER =
  '企业名称,统一社会信用代码,行业类别,规模,所在乡镇/村,区划代码,经度,纬度,安全生产责任保险,保险到期日,许可证';
const good = (n: number) =>
  `导入企业${n},${code(n)},工贸,规下,,621026100,107.925,35.5,已投保,2027-06-30,安全生产许可证 X-${n}（至 2027-12-31）`;

forEachDriver('enterprise import', (driver) => {
  const ctx = useTestContext(driver);

  async function upload(csv: string, dryRun = false) {
    const app = await ctx.app();
    const duty = await ctx.loginAs({ roles: ['duty_officer'] });
    return app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/import${dryRun ? '?dryRun=1' : ''}`,
      headers: { ...duty.bearer, 'content-type': 'text/csv' },
      payload: `\uFEFF${csv}`,
    });
  }

  it('one bad row among good ones: nothing is written and every problem is listed by row and field', async () => {
    const before = await ctx.auditCount();
    const rows = [
      HEADER,
      good(1),
      `坏企业,91621026MA00000000,火箭制造,超大,,621026999,120.1,30.2,也许,,乱写的许可证`,
      good(2),
      good(1).replace('导入企业1', '重复企业'),
      `新宁镇按名称,${code(3)},商贸,规上,新宁镇 · 东城居委会,,107.93,35.5,未投保,,`,
    ];
    const res = await upload(rows.join('\r\n'));
    expect(res.statusCode).toBe(400);
    const details = res.json<{ error: { details: { path: string; message: string }[] } }>().error.details;
    const paths = details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'rows.3.creditCode',
        'rows.3.industry',
        'rows.3.scale',
        'rows.3.insured',
        'rows.3.licences',
        'rows.5.creditCode',
      ]),
    );
    expect(
      paths.some((p) => p.startsWith('rows.2.') || p.startsWith('rows.4.') || p.startsWith('rows.6.')),
    ).toBe(false);
    expect(await ctx.auditCount()).toBe(before + 1); // the upload's own login, nothing else
    const list = await (
      await ctx.app()
    ).inject({
      method: 'GET',
      url: '/api/v1/enterprises?q=导入企业',
      headers: (await ctx.loginAs({ roles: ['viewer'] })).bearer,
    });
    expect(list.json<{ total: number }>().total).toBe(0);
  });

  it('a dry run previews, the import writes, the same file again changes nothing, a changed row updates', async () => {
    const csv = [
      HEADER,
      good(10),
      good(11),
      `按名称定位,${code(12)},商贸,规上,新宁镇 · 东城居委会,,107.93,35.5,未投保,,`,
    ].join('\n');
    expect((await upload(csv, true)).json()).toEqual({
      total: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      dryRun: true,
    });
    expect((await upload(csv)).json()).toEqual({
      total: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      dryRun: false,
    });
    // One audit row per created enterprise, as registering it by hand appends; the chain still verifies.
    const app = await ctx.app();
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const [created] = (
      await app.inject({ method: 'GET', url: '/api/v1/enterprises?q=导入企业11', headers: viewer.bearer })
    ).json<{ items: { id: string }[] }>().items;
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/enterprises/${created!.id}/history`,
      headers: viewer.bearer,
    });
    expect(history.json<{ items: { action: string; details: unknown }[] }>().items).toMatchObject([
      {
        action: 'enterprise.create',
        details: { name: '导入企业11', creditCode: code(11), industry: '工贸', source: 'api' },
      },
    ]);
    const auditor = await ctx.loginAs({ roles: ['audit_admin'] });
    const verify = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: auditor.bearer });
    expect(verify.json<{ ok: boolean }>().ok).toBe(true);

    const audits = await ctx.auditCount();
    expect((await upload(csv)).json()).toEqual({
      total: 3,
      created: 0,
      updated: 0,
      unchanged: 3,
      dryRun: false,
    });
    expect(await ctx.auditCount()).toBe(audits + 1); // the upload's own login; no record changed
    const changed = csv.replace('导入企业11', '导入企业11（更名）');
    expect((await upload(changed)).json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const changes = await app.inject({
      method: 'GET',
      url: `/api/v1/enterprises/${created!.id}/history`,
      headers: viewer.bearer,
    });
    expect(changes.json<{ items: { action: string; details: unknown }[] }>().items[0]).toEqual(
      expect.objectContaining({
        action: 'enterprise.update',
        details: { changes: { name: ['导入企业11', '导入企业11（更名）'] }, source: 'api' },
      }),
    );
  });

  it('an exported sheet imports back unchanged (round trip through .xlsx)', async () => {
    await upload([HEADER, good(20), good(21)].join('\n'));
    const app = await ctx.app();
    const duty = await ctx.loginAs({ roles: ['duty_officer'] });
    const xlsx = await app.inject({
      method: 'GET',
      url: '/api/v1/enterprises/export?q=导入企业2',
      headers: duty.bearer,
    });
    expect(xlsx.statusCode).toBe(200);
    const back = await app.inject({
      method: 'POST',
      url: '/api/v1/enterprises/import',
      headers: {
        ...duty.bearer,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: xlsx.rawPayload,
    });
    expect(back.json()).toMatchObject({ total: 2, created: 0, updated: 0, unchanged: 2 });
  });

  it('two new enterprises of one name in one village: both rows named (企业名称), nothing written — not a 500', async () => {
    // An enterprise's own org unit takes its name, and unit names are unique within a township/village.
    const before = await ctx.auditCount();
    const same = (n: number) => `同名加工厂,${code(n)},工贸,规下,新宁镇 · 东城居委会,,107.93,35.5,未投保,,`;
    const res = await upload([HEADER, same(30), good(31), same(32)].join('\n'));
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; details: { path: string; message: string }[] } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual([
      { path: 'rows.2.name', message: expect.stringContaining('与第 4 行的企业同名') as string },
      { path: 'rows.4.name', message: expect.stringContaining('与第 2 行的企业同名') as string },
    ]);
    expect(await ctx.auditCount()).toBe(before + 1); // the upload's own login, nothing else
    const list = await (
      await ctx.app()
    ).inject({
      method: 'GET',
      url: `/api/v1/enterprises?q=${encodeURIComponent('同名加工厂')}`,
      headers: (await ctx.loginAs({ roles: ['viewer'] })).bearer,
    });
    expect(list.json<{ total: number }>().total).toBe(0);

    // One of them alone imports; the other, later, is refused by the name the first one now holds.
    expect((await upload([HEADER, same(30)].join('\n'))).json()).toMatchObject({ created: 1 });
    const later = await upload([HEADER, same(32)].join('\n'));
    expect(later.statusCode).toBe(400);
    expect(later.json<{ error: { details: unknown[] } }>().error.details).toEqual([
      { path: 'rows.2.name', message: expect.stringContaining('已有名为“同名加工厂”的单位') as string },
    ]);
    // Registering it by hand is refused the same way (a field error, not a uniqueness conflict).
    const app = await ctx.app();
    const duty = await ctx.loginAs({ roles: ['duty_officer'] });
    const byHand = await app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: duty.bearer,
      payload: {
        name: '同名加工厂',
        creditCode: code(32),
        industry: '工贸',
        scale: '规下',
        regionCode: '621026100001',
        lon: 107.93,
        lat: 35.5,
      },
    });
    expect(byHand.statusCode).toBe(400);
    expect(
      byHand.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path),
    ).toEqual(['name']);
  });

  it('rejects a sheet without the required columns, naming them', async () => {
    const res = await upload('企业名称,经度\n某企业,107.9');
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: { message: string }[] } }>().error.details[0]!.message).toContain(
      '统一社会信用代码',
    );
  });
});
