/**
 * The national profile (GB/T 35965.1-2018 应急信息交互协议 第1部分：预警信息, and the interface of the
 * 国家突发事件预警信息发布系统 it grew from): the same warning as our CAP 1.2 alert, written the way the
 * national release system reads it. Differences from CAP, each with its source in
 * docs/standards/cap-national-profile.md:
 *
 * - `identifier` in the national form (cap-identifier.ts); `senderCode` = its first 14 characters;
 *   `sender` = the issuing unit's full name (宁县应急管理局), not an address;
 * - `sendTime`, `effective`, `onset`, `expires` as `YYYY-MM-DD hh:mm:ss+08:00`, Beijing time;
 * - `severity` as the colour Red / Orange / Yellow / Blue (Unknown is reserved);
 * - `eventType` a code of the national classification (e.g. 11B03 暴雨) instead of CAP's category/event;
 * - `references` = the identifier of the FIRST issuance of the warning, not CAP's triples;
 * - `geocode` = the admin codes of the area, comma-separated; circle radius in metres, not kilometres;
 * - `headline` = 单位 + 发布/解除 + 事件 + 颜色 + 预警; the file name is prescribed (nationalFileName).
 *
 * Marked UNCONFIRMED where only a pre-standard interface description or nothing at all was found: the
 * element order, no XML namespace, the file name, lat/lon order in polygon and circle, the geocode separator.
 */
import { AppError, type ErrorDetail } from '../errors.ts';
import {
  parseCapReferences,
  parseCapTime,
  ADMIN_CODE_GEOCODE,
  type CapAlert,
  type CapInfo,
  type CapMsgType,
} from './cap.ts';
import { formatBeijingBasic, parseWarningIdentifier } from './cap-identifier.ts';
import { escapeText, formatCapDecimal, formatCapPolygon } from './cap-xml.ts';
import {
  DEFAULT_LEVEL_SEVERITY,
  levelForSeverity,
  WARNING_LEVEL_COLOURS,
  type WarningLevel,
  type WarningSeverity,
} from './levels.ts';

/** 预警级别 → national `severity` (Red 红色预警/I级 … Blue 蓝色预警/IV级). */
export const NATIONAL_SEVERITIES: Record<WarningLevel, 'Red' | 'Orange' | 'Yellow' | 'Blue'> = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  blue: 'Blue',
};

export interface NationalProfileOptions {
  /** 发布单位全称, the national `sender` and the start of the headline, e.g. 宁县应急管理局 */
  senderUnitName: string;
  /** 预警事件类型编码 of the national classification, e.g. 11B03 (暴雨) */
  eventTypeCode: string;
  /** the event in the headline, e.g. 暴雨; default the info's `event` */
  eventName?: string;
  /** the warning level; default the level whose severity (under `severityLevels`) is the info's */
  level?: WarningLevel;
  /** our level → CAP severity configuration; default DEFAULT_LEVEL_SEVERITY */
  severityLevels?: Record<WarningLevel, WarningSeverity>;
  /** 签发员 (national `senderName`, required); default the info's `senderName` */
  issuerName?: string;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The national [datetime] extended format `YYYY-MM-DD hh:mm:ss+08:00`, Beijing time (附录 A.1.3.2). */
export function formatNationalTime(at: Date): string {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return (
    `${pad(b.getUTCFullYear(), 4)}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())} ` +
    `${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}+08:00`
  );
}

/** 「宁县应急管理局发布暴雨橙色预警」; a Cancel reads 「…解除暴雨橙色预警」. */
export function nationalHeadline(input: {
  senderUnitName: string;
  eventName: string;
  level: WarningLevel;
  msgType: CapMsgType;
}): string {
  const verb = input.msgType === 'Cancel' ? '解除' : '发布';
  return `${input.senderUnitName}${verb}${input.eventName}${WARNING_LEVEL_COLOURS[input.level]}预警`;
}

/**
 * The prescribed file name `发布单位代码_签发时间_预警事件类型_预警级别_预警信息状态.XML`, upper case,
 * e.g. `33000041600000_20121025091026_11B01_BLUE_ALERT.XML` (浙江省气象局, 台风蓝色预警, 首次发布).
 * UNCONFIRMED against the text of GB/T 35965.1 §4 (source: the release system's interface description).
 */
export function nationalFileName(input: {
  senderCode: string;
  sentAt: Date;
  eventTypeCode: string;
  level: WarningLevel;
  msgType: CapMsgType;
}): string {
  return `${input.senderCode}_${formatBeijingBasic(input.sentAt)}_${input.eventTypeCode}_${NATIONAL_SEVERITIES[input.level]}_${input.msgType}.XML`.toUpperCase();
}

/** The identifier of the first issuance among `references` (the earliest `sent`), or null. */
export function firstIssuanceIdentifier(references: string | undefined): string | null {
  const refs = references ? parseCapReferences(references) : null;
  if (!refs) return null;
  let first = refs[0]!;
  for (const r of refs) if (parseCapTime(r.sent)!.getTime() < parseCapTime(first.sent)!.getTime()) first = r;
  return first.identifier;
}

/** The info block the national document carries: the first Chinese one, else the first. */
const chineseInfo = (alert: CapAlert): CapInfo | undefined =>
  alert.info.find((i) => i.language?.toLowerCase().startsWith('zh')) ?? alert.info[0];

/** What renderNationalXml would write, derived and checked; problems listed, nothing thrown. */
export function planNationalDocument(
  alert: CapAlert,
  opts: NationalProfileOptions,
): {
  problems: ErrorDetail[];
  senderCode: string;
  level: WarningLevel | null;
  firstIdentifier: string | null;
  info: CapInfo | undefined;
} {
  const problems: ErrorDetail[] = [];
  const parsedId = parseWarningIdentifier(alert.identifier);
  if (!parsedId)
    problems.push({
      path: 'identifier',
      message: '标识应为国家格式 ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N（31 位）',
    });
  if (!parseCapTime(alert.sent))
    problems.push({ path: 'sent', message: '发布时间 sent 不是有效的 CAP 时间' });
  // Only Actual and Test are in use nationally (Exercise, Draft reserved); only Alert, Update, Cancel.
  if (alert.status !== 'Actual' && alert.status !== 'Test')
    problems.push({ path: 'status', message: `国家预警发布系统只接收 Actual 或 Test，现为 ${alert.status}` });
  if (alert.msgType !== 'Alert' && alert.msgType !== 'Update' && alert.msgType !== 'Cancel')
    problems.push({
      path: 'msgType',
      message: `国家预警发布系统只接收 Alert、Update、Cancel，现为 ${alert.msgType}`,
    });
  if (alert.scope !== 'Public')
    problems.push({ path: 'scope', message: `国家预警发布系统固定使用 Public，现为 ${alert.scope}` });
  if (!opts.senderUnitName.trim()) problems.push({ path: 'senderUnitName', message: '缺少发布单位全称' });
  if (!/^[0-9A-Za-z]+$/.test(opts.eventTypeCode))
    problems.push({ path: 'eventTypeCode', message: '预警事件类型编码应为字母数字，如 11B03' });

  let firstIdentifier: string | null = null;
  if (alert.msgType === 'Update' || alert.msgType === 'Cancel') {
    firstIdentifier = firstIssuanceIdentifier(alert.references);
    if (!firstIdentifier)
      problems.push({ path: 'references', message: '更新或解除的预警必须引用首次发布的预警（references）' });
  }

  const info = chineseInfo(alert);
  let level: WarningLevel | null = opts.level ?? null;
  if (!info) problems.push({ path: 'info', message: '缺少预警信息内容 info' });
  else {
    level ??= levelForSeverity(info.severity, opts.severityLevels ?? DEFAULT_LEVEL_SEVERITY);
    if (!level)
      problems.push({
        path: 'info.severity',
        message: `严重程度 ${info.severity} 无法对应到红、橙、黄、蓝预警级别`,
      });
    if (!(opts.issuerName ?? info.senderName))
      problems.push({ path: 'info.senderName', message: '缺少签发员（senderName）' });
    if (!info.description)
      problems.push({ path: 'info.description', message: '缺少预警信息正文 description' });
    info.area.forEach((area, j) => {
      if (!area.geocode.some((g) => g.valueName === ADMIN_CODE_GEOCODE && g.value))
        problems.push({
          path: `info.area.${j}.geocode`,
          message: `区域「${area.areaDesc}」缺少行政区划代码`,
        });
    });
    if (!info.area.length) problems.push({ path: 'info.area', message: '缺少发布区域 area' });
  }
  return { problems, senderCode: parsedId?.senderCode ?? '', level, firstIdentifier, info };
}

/**
 * `alert` as a national-profile XML document.
 * @throws AppError validation_failed listing every reason it cannot be written (see planNationalDocument)
 */
export function renderNationalXml(alert: CapAlert, opts: NationalProfileOptions): string {
  const plan = planNationalDocument(alert, opts);
  if (plan.problems.length)
    throw new AppError('validation_failed', '预警无法转换为国家预警信息格式', { details: plan.problems });
  const info = plan.info!;
  const level = plan.level!;
  const time = (s: string) => formatNationalTime(parseCapTime(s)!);
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<alert>'];
  const el = (indent: string, name: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`${indent}<${name}>${escapeText(value)}</${name}>`);
  };
  el('  ', 'identifier', alert.identifier);
  el('  ', 'sender', opts.senderUnitName);
  el('  ', 'senderCode', plan.senderCode);
  el('  ', 'sendTime', time(alert.sent));
  el('  ', 'status', alert.status);
  el('  ', 'msgType', alert.msgType);
  el('  ', 'scope', alert.scope);
  el('  ', 'note', alert.note);
  el('  ', 'references', plan.firstIdentifier ?? undefined);
  lines.push('  <info>');
  const i = '    ';
  el(i, 'language', info.language ?? 'zh-CN');
  el(i, 'eventType', opts.eventTypeCode);
  el(i, 'urgency', info.urgency);
  el(i, 'severity', NATIONAL_SEVERITIES[level]);
  el(i, 'certainty', info.certainty);
  // effective is required nationally: the time the warning was signed, our `sent` when not given.
  el(i, 'effective', time(info.effective ?? alert.sent));
  el(i, 'onset', info.onset && time(info.onset));
  el(i, 'expires', info.expires && time(info.expires));
  el(i, 'senderName', opts.issuerName ?? info.senderName);
  el(
    i,
    'headline',
    nationalHeadline({
      senderUnitName: opts.senderUnitName,
      eventName: opts.eventName ?? info.event,
      level,
      msgType: alert.msgType,
    }),
  );
  el(i, 'description', info.description);
  el(i, 'instruction', info.instruction);
  el(i, 'web', info.web);
  for (const r of info.resource) {
    lines.push(`${i}<resource>`);
    el(`${i}  `, 'resourceDesc', r.resourceDesc);
    el(`${i}  `, 'size', r.size === undefined ? undefined : String(r.size));
    el(`${i}  `, 'digest', r.digest);
    lines.push(`${i}</resource>`);
  }
  for (const area of info.area) {
    lines.push(`${i}<area>`);
    el(`${i}  `, 'areaDesc', area.areaDesc);
    for (const ring of area.polygon) el(`${i}  `, 'polygon', formatCapPolygon(ring));
    // radius in metres (CAP: kilometres)
    for (const c of area.circle)
      el(
        `${i}  `,
        'circle',
        `${formatCapDecimal(c.lat)},${formatCapDecimal(c.lon)} ${formatCapDecimal(c.radiusKm * 1000, 3)}`,
      );
    const codes = area.geocode
      .filter((g) => g.valueName === ADMIN_CODE_GEOCODE && g.value)
      .map((g) => g.value);
    el(`${i}  `, 'geocode', codes.join(','));
    lines.push(`${i}</area>`);
  }
  lines.push('  </info>', '</alert>', '');
  return lines.join('\n');
}
