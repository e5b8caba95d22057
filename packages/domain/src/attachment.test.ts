import { describe, expect, it } from 'vitest';
import { checkAttachment, cleanFileName, sniffAttachment, type AttachmentKind } from './attachment.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const utf16 = (text: string) => [...text].flatMap((c) => [c.charCodeAt(0), 0]);
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const SAMPLES: Record<AttachmentKind, Uint8Array> = {
  pdf: bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'),
  doc: bytes(OLE, new Array<number>(504).fill(0), utf16('Root Entry'), utf16('WordDocument')),
  xls: bytes(OLE, new Array<number>(504).fill(0), utf16('Root Entry'), utf16('Workbook')),
  docx: bytes(ZIP, [20, 0], '[Content_Types].xml', ZIP, 'word/document.xml'),
  xlsx: bytes(ZIP, [20, 0], '[Content_Types].xml', ZIP, 'xl/workbook.xml'),
};

describe('attachment content sniffing', () => {
  it('recognises each accepted kind by its content', () => {
    for (const [kind, sample] of Object.entries(SAMPLES)) expect(sniffAttachment(sample)).toBe(kind);
  });

  it('finds a PDF header within the first 1,024 bytes only, and nothing in HTML or a bare ZIP', () => {
    expect(sniffAttachment(bytes(new Array<number>(1000).fill(0x20), '%PDF-1.4'))).toBe('pdf');
    expect(sniffAttachment(bytes(new Array<number>(1025).fill(0x20), '%PDF-1.4'))).toBeNull();
    expect(sniffAttachment(bytes('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(sniffAttachment(bytes(ZIP, 'payload.exe'))).toBeNull();
    expect(sniffAttachment(bytes('MZ', [0x90, 0]))).toBeNull();
  });
});

describe('attachment checks', () => {
  const MB = 1024 * 1024;

  it('accepts a file whose content is what its extension says, and gives the type to serve it as', () => {
    const { problems, type } = checkAttachment('宁县防汛应急预案.pdf', SAMPLES.pdf, 20 * MB);
    expect(problems).toEqual([]);
    expect(type).toMatchObject({ kind: 'pdf', contentType: 'application/pdf' });
    expect(checkAttachment('现场照片.JPG', SAMPLES.jpeg, 20 * MB).type?.kind).toBe('jpeg');
    expect(checkAttachment('评估报告.docx', SAMPLES.docx, 20 * MB).type?.kind).toBe('docx');
  });

  it('lists every problem: size over the limit, a type not accepted, content that does not match', () => {
    const big = new Uint8Array(21 * MB);
    big.set(SAMPLES.pdf);
    expect(checkAttachment('大文件.pdf', big, 20 * MB).problems).toEqual([
      { path: 'file', message: '文件大小 21 MB，超过上限 20 MB' },
    ]);
    // Just over: both would read "20 MB", so the message gives bytes.
    expect(checkAttachment('刚好超.pdf', big.subarray(0, 20 * MB + 1), 20 * MB).problems).toEqual([
      { path: 'file', message: '文件大小 20,971,521 字节，超过上限 20,971,520 字节' },
    ]);
    expect(checkAttachment('脚本.exe', bytes('MZ'), 20 * MB).problems).toEqual([
      {
        path: 'fileName',
        message: '不支持的文件类型 .exe：只接受 PDF、DOC、DOCX、XLS、XLSX、JPG/JPEG、PNG',
      },
    ]);
    expect(checkAttachment('假装.pdf', bytes('<html></html>'), 20 * MB).problems).toEqual([
      { path: 'file', message: '文件内容不是 PDF（与扩展名 .pdf 不符，或文件已损坏）' },
    ]);
    expect(checkAttachment('改了名.png', SAMPLES.jpeg, 20 * MB).problems).toEqual([
      { path: 'file', message: '文件内容是 JPEG，与扩展名 .png 不符' },
    ]);
    // Both at once: one answer names both.
    const bigHtml = new Uint8Array(2 * MB);
    expect(checkAttachment('x.docx', bigHtml, MB).problems.map((p) => p.message.slice(0, 6))).toEqual([
      '文件大小 2',
      '文件内容不是',
    ]);
    expect(checkAttachment('', new Uint8Array(0), MB).problems).toEqual([
      { path: 'fileName', message: '请提供文件名' },
      { path: 'file', message: '文件是空的' },
    ]);
  });

  it('cleans file names: no directories or control characters, at most 200 characters with the extension', () => {
    expect(cleanFileName('C:\\Users\\值班\\预案.pdf')).toBe('预案.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\r\n  c.pdf')).toBe('ab c.pdf');
    const long = cleanFileName(`${'预'.repeat(300)}.docx`);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('.docx')).toBe(true);
  });
});
