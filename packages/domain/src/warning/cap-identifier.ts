/**
 * The national warning identifier (预警信息唯一标识) `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N`, 31 characters
 * (GB/T 35965.1-2018 附录 A.1.1–A.1.3, as quoted by the secondary source in docs/standards/cap-national-profile.md):
 *
 * - `ZZZZZZDDDUUUXX` 发布单位代码 (A.1.2): ZZZZZZ 6-digit admin code (GB/T 2260), DDD 3-digit organisation
 *   code (机构行业编码, GB/T 4657), UUU 3-digit internal unit code (default "000"), XX 2-digit extension
 *   (default "00");
 * - `YYYYMMDDhhmmss` the time the warning was entered, Beijing time (A.1.3.1, basic format);
 * - `N` sequence number of warnings of the same unit in the same second, one digit 0–9 counted from 0.
 *
 * Being digits and underscores only, it also meets CAP's rule for identifiers (no spaces, commas, < or &).
 */
import { AppError, type ErrorDetail } from '../errors.ts';

export interface WarningIdentifierParts {
  /** 6 digits, GB/T 2260 (e.g. 621026 宁县) */
  adminCode: string;
  /** 3 digits, GB/T 4657 机构行业编码 */
  orgCode: string;
  /** 3 digits, 发布单位内部二级编码; default "000" (A.1.2) */
  unitCode?: string;
  /** 2 digits, 扩展编码; default "00" (A.1.2) */
  extension?: string;
  /** the instant of entry; written in Beijing time */
  sentAt: Date;
  /** 0–9 */
  sequence: number;
}

export interface ParsedWarningIdentifier extends Required<WarningIdentifierParts> {
  /** `ZZZZZZDDDUUUXX`, the 14-character 发布单位代码 (the national profile's `senderCode`) */
  senderCode: string;
}

export const WARNING_IDENTIFIER_LENGTH = 31;
const IDENTIFIER_RE = /^(\d{6})(\d{3})(\d{3})(\d{2})_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_(\d)$/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYYMMDDhhmmss` in Beijing time (A.1.3.1). */
export function formatBeijingBasic(at: Date): string {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return (
    `${pad(b.getUTCFullYear(), 4)}${pad(b.getUTCMonth() + 1)}${pad(b.getUTCDate())}` +
    `${pad(b.getUTCHours())}${pad(b.getUTCMinutes())}${pad(b.getUTCSeconds())}`
  );
}

function problemsOf(parts: WarningIdentifierParts): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const digits = (field: keyof WarningIdentifierParts, value: unknown, n: number, name: string) => {
    if (typeof value !== 'string' || !new RegExp(`^\\d{${n}}$`).test(value))
      problems.push({ path: field, message: `${name}应为 ${n} 位数字` });
  };
  digits('adminCode', parts.adminCode, 6, '行政区划代码');
  digits('orgCode', parts.orgCode, 3, '机构行业编码');
  digits('unitCode', parts.unitCode ?? '000', 3, '发布单位内部编码');
  digits('extension', parts.extension ?? '00', 2, '扩展编码');
  if (!(parts.sentAt instanceof Date) || !Number.isFinite(parts.sentAt.getTime()))
    problems.push({ path: 'sentAt', message: '发布时间无效' });
  else {
    const year = new Date(parts.sentAt.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
    if (year < 1 || year > 9999) problems.push({ path: 'sentAt', message: '发布时间超出 4 位年份范围' });
  }
  if (!Number.isInteger(parts.sequence) || parts.sequence < 0 || parts.sequence > 9)
    problems.push({ path: 'sequence', message: '序列号应为 0–9 的一位数字（同一单位同一时间的第几条）' });
  return problems;
}

/**
 * The national identifier for these parts.
 * @throws AppError validation_failed listing every bad part
 */
export function formatWarningIdentifier(parts: WarningIdentifierParts): string {
  const problems = problemsOf(parts);
  if (problems.length)
    throw new AppError('validation_failed', '预警信息标识的组成部分有误', { details: problems });
  const unit = parts.unitCode ?? '000';
  const ext = parts.extension ?? '00';
  return `${parts.adminCode}${parts.orgCode}${unit}${ext}_${formatBeijingBasic(parts.sentAt)}_${parts.sequence}`;
}

/** The 14-character 发布单位代码 `ZZZZZZDDDUUUXX`. @throws AppError validation_failed */
export function formatWarningSenderCode(
  parts: Pick<WarningIdentifierParts, 'adminCode' | 'orgCode' | 'unitCode' | 'extension'>,
): string {
  const problems = problemsOf({ ...parts, sentAt: new Date(0), sequence: 0 });
  if (problems.length) throw new AppError('validation_failed', '发布单位代码有误', { details: problems });
  return `${parts.adminCode}${parts.orgCode}${parts.unitCode ?? '000'}${parts.extension ?? '00'}`;
}

/** The parts of a national identifier, or null if it is not one (shape, or a date/time that does not exist). */
export function parseWarningIdentifier(id: string): ParsedWarningIdentifier | null {
  const m = IDENTIFIER_RE.exec(id);
  if (!m) return null;
  const [, adminCode, orgCode, unitCode, extension, y, mo, d, h, mi, s, n] = m as unknown as string[];
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day || year < 1) return null;
  utc.setUTCHours(hour, minute, second, 0);
  return {
    adminCode: adminCode!,
    orgCode: orgCode!,
    unitCode: unitCode!,
    extension: extension!,
    senderCode: `${adminCode}${orgCode}${unitCode}${extension}`,
    sentAt: new Date(utc.getTime() - BEIJING_OFFSET_MS),
    sequence: Number(n),
  };
}
