/**
 * Attachments of ledger records (应急预案附件: the plan's document, its annexes, scans, drill photos). Which
 * files are accepted is decided by their content, not their name: the bytes must be what the extension
 * says (a PDF starts with `%PDF-`, a .docx is a ZIP holding `word/document.xml`…), so a renamed executable
 * or HTML page is refused. Pure: the server checks uploads with it, the web pre-checks before sending.
 */
import { z } from 'zod';
import type { ErrorDetail } from './errors.ts';

/** What the content sniffer recognises. */
export type AttachmentKind = 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'jpeg' | 'png';

export interface AttachmentType {
  kind: AttachmentKind;
  /** Extensions (lower case, no dot) that name this kind. */
  extensions: readonly string[];
  /** The Content-Type the file is served with (taken from the sniffed kind, never from the upload). */
  contentType: string;
  label: string;
}

export const ATTACHMENT_TYPES: readonly AttachmentType[] = [
  { kind: 'pdf', extensions: ['pdf'], contentType: 'application/pdf', label: 'PDF' },
  { kind: 'doc', extensions: ['doc'], contentType: 'application/msword', label: 'Word 97-2003' },
  {
    kind: 'docx',
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word',
  },
  { kind: 'xls', extensions: ['xls'], contentType: 'application/vnd.ms-excel', label: 'Excel 97-2003' },
  {
    kind: 'xlsx',
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel',
  },
  { kind: 'jpeg', extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg', label: 'JPEG' },
  { kind: 'png', extensions: ['png'], contentType: 'image/png', label: 'PNG' },
];

/** `.pdf,.doc,…` for a file picker. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_TYPES.flatMap((t) => t.extensions.map((e) => `.${e}`)).join(',');

/** The upload size limit unless configured (ATTACHMENT_MAX_MB). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** The longest file name kept (characters), extension included. */
export const ATTACHMENT_NAME_MAX = 200;

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
/** A name as stored in an OLE2 directory entry: UTF-16LE. */
const utf16 = (text: string) => [...text].flatMap((c) => [c.charCodeAt(0), 0]);

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Whether `pattern` occurs in `bytes[from, to)`. */
function contains(bytes: Uint8Array, pattern: readonly number[], from = 0, to = bytes.length): boolean {
  const first = pattern[0]!;
  const last = Math.min(to, bytes.length) - pattern.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j += 1;
    if (j === pattern.length) return true;
  }
  return false;
}

/**
 * What the bytes are, or null: PDF (`%PDF-` within the first 1,024 bytes, as readers allow), PNG and JPEG
 * by signature, Word/Excel 97-2003 by the OLE2 signature and their main stream's name (WordDocument /
 * Workbook or Book), .docx/.xlsx by the ZIP signature and their main part (word/document.xml /
 * xl/workbook.xml).
 */
export function sniffAttachment(bytes: Uint8Array): AttachmentKind | null {
  if (contains(bytes, ascii('%PDF-'), 0, 1024 + 5)) return 'pdf';
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  if (startsWith(bytes, OLE)) {
    if (contains(bytes, utf16('WordDocument'))) return 'doc';
    if (contains(bytes, utf16('Workbook')) || contains(bytes, utf16('Book'))) return 'xls';
    return null;
  }
  if (startsWith(bytes, ZIP)) {
    if (contains(bytes, ascii('word/document.xml'))) return 'docx';
    if (contains(bytes, ascii('xl/workbook.xml'))) return 'xlsx';
    return null;
  }
  return null;
}

/** The extension of a file name, lower case without the dot ('' when there is none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * A file name safe to store and to send back: no directories (`C:\\x\\预案.pdf` → `预案.pdf`), no control
 * characters, spaces collapsed, at most {@link ATTACHMENT_NAME_MAX} characters (the extension kept).
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...clean];
  if (chars.length <= ATTACHMENT_NAME_MAX) return clean;
  const ext = extensionOf(clean);
  const keep = ext ? ATTACHMENT_NAME_MAX - ext.length - 1 : ATTACHMENT_NAME_MAX;
  return `${chars.slice(0, keep).join('')}${ext ? `.${ext}` : ''}`;
}

const typeLabels = () =>
  ATTACHMENT_TYPES.map((t) => t.extensions.join('/'))
    .join('、')
    .toUpperCase();

/** "20 MB", "1.5 MB", "300 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Every problem with an upload (name, size, type, content), and the type it is when there are none.
 * The kind comes from the content; the extension must name that same kind.
 */
export function checkAttachment(
  fileName: string,
  bytes: Uint8Array,
  maxBytes: number,
): { problems: ErrorDetail[]; type: AttachmentType | null } {
  const problems: ErrorDetail[] = [];
  if (!fileName) problems.push({ path: 'fileName', message: '请提供文件名' });
  if (bytes.length === 0) problems.push({ path: 'file', message: '文件是空的' });
  if (bytes.length > maxBytes) {
    // Just over the limit both may round alike: then in bytes.
    const same = formatBytes(bytes.length) === formatBytes(maxBytes);
    const show = (n: number) =>
      same ? `${n.toString().replace(/\B(?=(\d{3})+$)/g, ',')} 字节` : formatBytes(n);
    problems.push({ path: 'file', message: `文件大小 ${show(bytes.length)}，超过上限 ${show(maxBytes)}` });
  }
  const ext = extensionOf(fileName);
  const named = ATTACHMENT_TYPES.find((t) => t.extensions.includes(ext)) ?? null;
  if (fileName && !named)
    problems.push({
      path: 'fileName',
      message: `不支持的文件类型${ext ? ` .${ext}` : '（没有扩展名）'}：只接受 ${typeLabels()}`,
    });
  const kind = bytes.length ? sniffAttachment(bytes) : null;
  if (named && bytes.length && kind !== named.kind) {
    const actual = ATTACHMENT_TYPES.find((t) => t.kind === kind);
    problems.push({
      path: 'file',
      message: actual
        ? `文件内容是 ${actual.label}，与扩展名 .${ext} 不符`
        : `文件内容不是 ${named.label}（与扩展名 .${ext} 不符，或文件已损坏）`,
    });
  }
  return { problems, type: problems.length ? null : named };
}

export const AttachmentView = z.object({
  id: z.string(),
  recordId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  /** Bytes. */
  size: z.number().int(),
  /** SHA-256 of the content, hex: what the audit trail records, to tell a file later. */
  sha256: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

/** A record's attachments with what an upload must satisfy. */
export const AttachmentList = z.object({
  items: z.array(AttachmentView),
  maxBytes: z.number().int(),
  accept: z.string(),
});
export type AttachmentList = z.infer<typeof AttachmentList>;
