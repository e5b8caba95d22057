/**
 * Issue #3, plans (应急预案) keep "attachments": upload (checked by content, size limit configurable —
 * here ATTACHMENT_MAX_MB=0.1), list, download (bytes as uploaded, RFC 5987 file name), remove; the
 * plan's jurisdiction; every change audited on the plan in its transaction; a plan deleted with its files.
 */
import { createHash } from 'node:crypto';
import type { AttachmentList, AttachmentView, LedgerRecordView } from '@ningan/domain';
import { beforeAll, expect, it } from 'vitest';
import { forEachDriver } from '../test/db.ts';
import {
  townshipScope,
  useTestContext,
  XINNING,
  ZAOSHENG,
  type Session,
  type TestUser,
} from '../test/context.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

const LIMIT = Math.round(0.1 * 1024 * 1024); // ATTACHMENT_MAX_MB=0.1 → 104,858 bytes

/** A small but well-formed-looking PDF of `size` bytes (header, padding, trailer). */
function pdf(size: number, seed = 'x'): Buffer {
  const head = Buffer.from(`%PDF-1.7\n% ${seed}\n`, 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
}
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const plan = (name: string, regionCode: string) => ({
  name,
  regionCode,
  lon: null,
  lat: null,
  attrs: { type: '专项', owner: '宁县应急管理局', hazardTypes: ['洪涝'], issuedOn: '2024-05-01' },
});

forEachDriver('ledger attachments', (driver) => {
  const ctx = useTestContext(driver, { env: { ATTACHMENT_MAX_MB: '0.1' } });
  let duty: Session & { user: TestUser };
  let planId: string;

  const inject = async (
    s: Session | null,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: Buffer,
    contentType = 'application/octet-stream',
  ) =>
    (await ctx.app()).inject({
      method,
      url,
      headers: { ...(s?.bearer ?? {}), ...(body ? { 'content-type': contentType } : {}) },
      ...(body ? { payload: body } : {}),
    });
  const files = (id = planId) => `/api/v1/ledger/plans/${id}/attachments`;
  const upload = (s: Session, fileName: string, body: Buffer, id = planId, contentType?: string) =>
    inject(s, 'POST', `${files(id)}?fileName=${encodeURIComponent(fileName)}`, body, contentType);

  beforeAll(async () => {
    duty = await ctx.loginAs({ roles: ['duty_officer'] });
    const res = await (
      await ctx.app()
    ).inject({
      method: 'POST',
      url: '/api/v1/ledger/plans',
      headers: duty.bearer,
      payload: plan('宁县防汛抗旱应急预案', XINNING),
    });
    expect(res.statusCode).toBe(201);
    planId = res.json<LedgerRecordView>().id;
  });

  it('uploads a PDF: stored with its SHA-256, type from the content, audited on the plan in the same transaction', async () => {
    const before = await ctx.auditCount();
    const body = pdf(50_000, 'v1');
    const res = await upload(duty, 'C:\\预案\\宁县防汛抗旱应急预案（2024 修订）.pdf', body);
    expect(res.statusCode).toBe(201);
    const view = res.json<AttachmentView>();
    expect(view).toMatchObject({
      recordId: planId,
      fileName: '宁县防汛抗旱应急预案（2024 修订）.pdf', // the directories dropped
      contentType: 'application/pdf',
      size: 50_000,
      sha256: sha256(body),
      uploadedBy: duty.user.username,
    });
    expect(await ctx.auditCount()).toBe(before + 1);
    const [row] = (await ctx.auditRows()).slice(-1);
    expect(row).toMatchObject({
      action: 'ledger.attachment_add',
      entityType: 'plan',
      entityId: planId,
      regionCode: XINNING,
      actorName: duty.user.username,
      details: {
        registry: 'plans',
        attachmentId: view.id,
        fileName: view.fileName,
        size: 50_000,
        sha256: sha256(body),
        changes: { attachments: [null, view.fileName] },
      },
    });
    // The plan's 变更记录 shows it; the list gives the file and the upload rules.
    const history = await inject(duty, 'GET', `/api/v1/ledger/plans/${planId}/history`);
    expect(history.json<{ items: { action: string }[] }>().items[0]!.action).toBe('ledger.attachment_add');
    const list = (await inject(duty, 'GET', files())).json<AttachmentList>();
    expect(list).toEqual({
      items: [view],
      maxBytes: LIMIT,
      accept: '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png',
    });
  });

  it('downloads the same bytes, with the type from the content and the file name per RFC 5987', async () => {
    const body = pdf(20_000, 'download');
    const view = (await upload(duty, '附件 (二).pdf', body)).json<AttachmentView>();
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const res = await inject(viewer, 'GET', `${files()}/${view.id}`);
    expect(res.statusCode).toBe(200);
    expect(Buffer.compare(res.rawPayload, body)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_ (_).pdf"; filename*=UTF-8''${encodeURIComponent('附件')}%20%28${encodeURIComponent('二')}%29.pdf`,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // A read-only user may look but not change.
    expect((await upload(viewer, 'x.pdf', pdf(100))).statusCode).toBe(403);
    expect((await inject(viewer, 'DELETE', `${files()}/${view.id}`)).statusCode).toBe(403);
  });

  it('refuses a file over the limit, of another type, or whose content is not what its name says — every problem listed, nothing stored', async () => {
    const before = await ctx.auditCount();
    const count = (await inject(duty, 'GET', files())).json<AttachmentList>().items.length;

    const big = await upload(duty, '太大的预案.pdf', pdf(LIMIT + 1));
    expect(big.statusCode).toBe(400);
    expect(big.json<Envelope>().error.details).toEqual([
      { path: 'file', message: '文件大小 104,859 字节，超过上限 104,858 字节' },
    ]);
    const exe = await upload(duty, 'setup.exe', Buffer.from('MZ\x90\x00', 'latin1'));
    expect(exe.json<Envelope>().error.details).toEqual([
      { path: 'fileName', message: '不支持的文件类型 .exe：只接受 PDF、DOC、DOCX、XLS、XLSX、JPG/JPEG、PNG' },
    ]);
    // A page renamed to .pdf (and labelled application/pdf by the client) is refused by its content.
    const html = await upload(
      duty,
      '通知.pdf',
      Buffer.from('<html><script>alert(1)</script></html>'),
      planId,
      'application/pdf',
    );
    expect(html.json<Envelope>().error.details).toEqual([
      { path: 'file', message: '文件内容不是 PDF（与扩展名 .pdf 不符，或文件已损坏）' },
    ]);
    const renamed = await upload(duty, '现场照片.jpg', PNG, planId, 'image/jpeg');
    expect(renamed.json<Envelope>().error.details).toEqual([
      { path: 'file', message: '文件内容是 PNG，与扩展名 .jpg 不符' },
    ]);
    // Too large and not a PDF at once: both in one answer.
    const both = await upload(duty, '两个问题.pdf', Buffer.alloc(LIMIT + 10, 0x41));
    expect(both.json<Envelope>().error.details!.map((d) => d.path)).toEqual(['file', 'file']);

    expect(await ctx.auditCount()).toBe(before);
    expect((await inject(duty, 'GET', files())).json<AttachmentList>().items).toHaveLength(count);
    // A PNG named .png is fine.
    expect((await upload(duty, '现场照片.png', PNG)).json<AttachmentView>().contentType).toBe('image/png');
  });

  it("follows the plan's jurisdiction: another township sees no plan and no files; registries without attachments have none", async () => {
    const zaosheng = await ctx.loginAs({
      roles: ['township_officer'],
      scope: townshipScope(ZAOSHENG),
    });
    const view = (await upload(duty, '范围测试.pdf', pdf(1000))).json<AttachmentView>();
    const before = await ctx.auditCount();
    for (const res of [
      await inject(zaosheng, 'GET', files()),
      await inject(zaosheng, 'GET', `${files()}/${view.id}`),
      await upload(zaosheng, '越权.pdf', pdf(1000)),
      await inject(zaosheng, 'DELETE', `${files()}/${view.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json<Envelope>().error.code).toBe('not_found');
    }
    expect(await ctx.auditCount()).toBe(before);
    // Their own township's plan: they may keep files with it.
    const own = await (
      await ctx.app()
    ).inject({
      method: 'POST',
      url: '/api/v1/ledger/plans',
      headers: zaosheng.bearer,
      payload: plan('早胜镇地质灾害应急预案', ZAOSHENG),
    });
    const ownId = own.json<LedgerRecordView>().id;
    expect((await upload(zaosheng, '早胜镇预案.pdf', pdf(1000), ownId)).statusCode).toBe(201);
    // An attachment id under another record is not found either.
    expect((await inject(duty, 'GET', `${files(ownId)}/${view.id}`)).statusCode).toBe(404);

    const team = await (
      await ctx.app()
    ).inject({
      method: 'POST',
      url: '/api/v1/ledger/rescue-teams',
      headers: duty.bearer,
      payload: {
        name: '附件测试队',
        regionCode: XINNING,
        lon: 107.925,
        lat: 35.5,
        attrs: {
          kind: '专业',
          specialties: ['防汛抗旱'],
          headcount: 5,
          readiness: '待命',
          leader: '王',
          leaderPhone: '13900000009',
        },
      },
    });
    const teamFiles = await inject(
      duty,
      'GET',
      `/api/v1/ledger/rescue-teams/${team.json<LedgerRecordView>().id}/attachments`,
    );
    expect(teamFiles.statusCode).toBe(404);
    expect(teamFiles.json<Envelope>().error.message).toBe('救援队伍没有附件');
  });

  it('removes a file, audited; a second removal is "not found"', async () => {
    const body = pdf(3000, 'remove');
    const view = (await upload(duty, '待删除.pdf', body)).json<AttachmentView>();
    const before = await ctx.auditCount();
    expect((await inject(duty, 'DELETE', `${files()}/${view.id}`)).statusCode).toBe(204);
    expect(await ctx.auditCount()).toBe(before + 1);
    expect((await ctx.auditRows()).at(-1)).toMatchObject({
      action: 'ledger.attachment_remove',
      entityId: planId,
      details: {
        attachmentId: view.id,
        fileName: '待删除.pdf',
        sha256: sha256(body),
        changes: { attachments: ['待删除.pdf', null] },
      },
    });
    expect((await inject(duty, 'GET', `${files()}/${view.id}`)).statusCode).toBe(404);
    expect((await inject(duty, 'DELETE', `${files()}/${view.id}`)).statusCode).toBe(404);
  });

  it('deleting a plan: refused while a drill refers to it (files kept); then deleted with its files, each removal audited', async () => {
    const app = await ctx.app();
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/plans',
      headers: duty.bearer,
      payload: plan('宁县地震应急预案', XINNING),
    });
    const id = created.json<LedgerRecordView>().id;
    const a = (await upload(duty, '正文.pdf', pdf(2000, 'a'), id)).json<AttachmentView>();
    const b = (await upload(duty, '附图.png', PNG, id)).json<AttachmentView>();
    const drill = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/drills',
      headers: duty.bearer,
      payload: {
        name: '地震桌面推演',
        regionCode: XINNING,
        lon: null,
        lat: null,
        attrs: { planId: id, type: '桌面推演', heldOn: '2025-05-12', participants: 30 },
      },
    });
    expect(drill.statusCode).toBe(201);
    // Refused: nothing happens, the files stay (one transaction).
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/ledger/plans/${id}`, headers: duty.bearer }))
        .statusCode,
    ).toBe(409);
    expect((await inject(duty, 'GET', files(id))).json<AttachmentList>().items).toHaveLength(2);

    expect(
      (
        await app.inject({
          method: 'DELETE',
          url: `/api/v1/ledger/drills/${drill.json<LedgerRecordView>().id}`,
          headers: duty.bearer,
        })
      ).statusCode,
    ).toBe(204);
    const before = await ctx.auditCount();
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/ledger/plans/${id}`, headers: duty.bearer }))
        .statusCode,
    ).toBe(204);
    const rows = (await ctx.auditRows()).slice(before);
    expect(rows.map((r) => r.action)).toEqual([
      'ledger.attachment_remove',
      'ledger.attachment_remove',
      'ledger.delete',
    ]);
    expect(rows[0]!.details).toMatchObject({ attachmentId: a.id, reason: 'record_deleted' });
    expect(rows[1]!.details).toMatchObject({ attachmentId: b.id, reason: 'record_deleted' });
    expect(rows[2]!.details).toMatchObject({
      attachments: [
        { id: a.id, fileName: '正文.pdf', sha256: a.sha256 },
        { id: b.id, fileName: '附图.png', sha256: b.sha256 },
      ],
    });
    expect((await inject(duty, 'GET', files(id))).statusCode).toBe(404);
    // The chain still verifies.
    const auditor = await ctx.loginAs({ roles: ['audit_admin'] });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: auditor.bearer })).json<{
        ok: boolean;
      }>().ok,
    ).toBe(true);
  });
});
