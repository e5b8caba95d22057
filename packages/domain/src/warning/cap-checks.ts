/**
 * The checks behind checkCapAlert, in two groups so the XML reader can run the first alone:
 *
 * - `checkCapValues`: what the CAP 1.2 XSD enforces on values (required elements, enumerations, the time
 *   pattern on an xs:dateTime, xs:language, xs:anyURI, xs:integer, xs:decimal) — a little stricter in
 *   places (a required string may not be empty; size may not be negative);
 * - `checkCapRules`: the rules of the CAP 1.2 specification text (OASIS Standard, 2010) the XSD cannot
 *   express, plus two of ours, marked as such.
 *
 * Problems are strings `path: message`, path in the element tree (`alert.info[0].area[1].polygon[0]`,
 * indices from 0), message in Chinese. Both groups read untrusted objects defensively: a value of the wrong
 * type is a problem, never a crash.
 */
import type { ErrorDetail } from '../errors.ts';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  parseCapReferences,
  parseCapTime,
  type CapAlert,
} from './cap.ts';

type Problems = string[];
const add = (problems: Problems, path: string, message: string) => problems.push(`${path}: ${message}`);

/** `path: message` problems as API error details. */
export function capProblemDetails(problems: readonly string[]): ErrorDetail[] {
  return problems.map((p) => {
    const at = p.indexOf(': ');
    return at < 0 ? { path: '(cap)', message: p } : { path: p.slice(0, at), message: p.slice(at + 2) };
  });
}

/** Characters XML 1.0 cannot carry at all, even escaped (§2.2 Char). */
// eslint-disable-next-line no-control-regex
const NON_XML_BMP = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
/** True when `s` holds a character XML 1.0 cannot carry (control characters, U+FFFE/FFFF, lone surrogates). */
export const hasNonXmlChar = (s: string) =>
  NON_XML_BMP.test(s) || (ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s));

const XS_LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const CAP_TIME_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;
const SHA1_HEX = /^[0-9a-fA-F]{40}$/;
const ID_FORBIDDEN = /[\s,<&]/;

const isString = (v: unknown): v is string => typeof v === 'string';
/** A value for a message: text as is, anything else as JSON. */
const shown = (v: unknown) => (isString(v) ? v : JSON.stringify(v));
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};

function timeProblem(value: string): string | null {
  if (CAP_TIME_SHAPE.test(value))
    return parseCapTime(value) ? null : `时间 ${value} 不存在（日期、时刻或时区偏移超出范围）`;
  if (/[Zz]$/.test(value)) return `时间 ${value} 不能用 Z 表示时区，应写明偏移，如 +08:00 或 +00:00`;
  if (/\.\d+/.test(value)) return `时间 ${value} 不能带小数秒，应如 2026-11-29T12:00:00+08:00`;
  return `时间 ${value} 应为 CAP 格式 YYYY-MM-DDThh:mm:ss±hh:mm，如 2026-11-29T12:00:00+08:00`;
}

/** xs:anyURI as libxml2 reads it is lax; we ask for an absolute URI that a URL parser accepts. */
function uriProblem(value: string): string | null {
  if (/\s/.test(value) || /[<>"{}|\\^`]/.test(value)) return `地址 ${value} 含有空白或不允许的字符`;
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return `地址 ${value} 的百分号转义无效`;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) return `地址 ${value} 应为完整的绝对地址，如 https://…`;
  try {
    new URL(value);
  } catch {
    return `地址 ${value} 不是有效的 URI`;
  }
  return null;
}

function checkEnum(
  problems: Problems,
  path: string,
  value: unknown,
  allowed: readonly string[],
  what: string,
) {
  if (value === undefined || value === null) add(problems, path, `缺少必需元素（${what}）`);
  else if (!isString(value) || !allowed.includes(value))
    add(problems, path, `${what} 的取值 ${shown(value)} 无效，应为 ${allowed.join('、')} 之一`);
}

function checkRequiredText(problems: Problems, path: string, value: unknown, what: string) {
  if (value === undefined || value === null) add(problems, path, `缺少必需元素（${what}）`);
  else if (!isString(value)) add(problems, path, `${what}应为文本`);
  else if (value === '') add(problems, path, `${what}不能为空`);
}

function checkOptionalText(problems: Problems, path: string, value: unknown, what: string) {
  if (value !== undefined && !isString(value)) add(problems, path, `${what}应为文本`);
}

function checkTime(problems: Problems, path: string, value: unknown, required: boolean) {
  if (value === undefined || value === null) {
    if (required) add(problems, path, '缺少必需元素（时间）');
    return;
  }
  if (!isString(value)) return add(problems, path, '时间应为文本');
  const problem = timeProblem(value);
  if (problem) add(problems, path, problem);
}

function checkPairs(problems: Problems, path: string, value: unknown, what: string) {
  if (value === undefined) return;
  if (!Array.isArray(value)) return add(problems, path, `${what}应为列表`);
  value.forEach((pair, i) => {
    const p = asRecord(pair);
    checkRequiredText(problems, `${path}[${i}].valueName`, p.valueName, `${what}名称 valueName`);
    if (!isString(p.value)) add(problems, `${path}[${i}].value`, `缺少 ${what}取值 value`);
  });
}

function checkDecimal(problems: Problems, path: string, value: unknown, what: string) {
  if (value === undefined) return;
  if (!isFiniteNumber(value) || Math.abs(value) >= 1e15) add(problems, path, `${what} 应为有限的十进制数`);
}

/** Every text in the tree, for the XML-character check. */
function collectStrings(value: unknown, path: string, out: [string, string][]) {
  if (isString(value)) out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => collectStrings(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collectStrings(v, `${path}.${k}`, out);
}

/** What the CAP 1.2 XSD enforces on the values of `alert` (see the file comment). */
export function checkCapValues(alert: CapAlert): string[] {
  const problems: Problems = [];
  const a = asRecord(alert);
  checkRequiredText(problems, 'alert.identifier', a.identifier, '标识 identifier');
  checkRequiredText(problems, 'alert.sender', a.sender, '发送者 sender');
  checkTime(problems, 'alert.sent', a.sent, true);
  checkEnum(problems, 'alert.status', a.status, CAP_STATUSES, '状态 status');
  checkEnum(problems, 'alert.msgType', a.msgType, CAP_MSG_TYPES, '消息类型 msgType');
  checkEnum(problems, 'alert.scope', a.scope, CAP_SCOPES, '范围 scope');
  for (const k of ['source', 'restriction', 'addresses', 'note', 'references', 'incidents'] as const)
    checkOptionalText(problems, `alert.${k}`, a[k], k);
  if (a.code !== undefined && !Array.isArray(a.code)) add(problems, 'alert.code', 'code 应为列表');
  asArray(a.code).forEach((c, i) => {
    if (!isString(c)) add(problems, `alert.code[${i}]`, 'code 应为文本');
  });
  if (a.info !== undefined && !Array.isArray(a.info)) add(problems, 'alert.info', 'info 应为列表');

  asArray(a.info).forEach((rawInfo, i) => {
    const info = asRecord(rawInfo);
    const at = `alert.info[${i}]`;
    if (info.language !== undefined && (!isString(info.language) || !XS_LANGUAGE.test(info.language)))
      add(problems, `${at}.language`, `语言代码 ${shown(info.language)} 无效，应如 zh-CN`);
    const categories = asArray(info.category);
    if (!categories.length) add(problems, `${at}.category`, '至少需要一个类别 category');
    categories.forEach((c, j) =>
      checkEnum(problems, `${at}.category[${j}]`, c, CAP_CATEGORIES, '类别 category'),
    );
    checkRequiredText(problems, `${at}.event`, info.event, '事件 event');
    asArray(info.responseType).forEach((r, j) =>
      checkEnum(problems, `${at}.responseType[${j}]`, r, CAP_RESPONSE_TYPES, '响应类型 responseType'),
    );
    checkEnum(problems, `${at}.urgency`, info.urgency, CAP_URGENCIES, '紧急程度 urgency');
    checkEnum(problems, `${at}.severity`, info.severity, CAP_SEVERITIES, '严重程度 severity');
    checkEnum(problems, `${at}.certainty`, info.certainty, CAP_CERTAINTIES, '确定程度 certainty');
    checkPairs(problems, `${at}.eventCode`, info.eventCode, '事件代码');
    for (const k of ['effective', 'onset', 'expires'] as const)
      checkTime(problems, `${at}.${k}`, info[k], false);
    for (const k of ['audience', 'senderName', 'headline', 'description', 'instruction', 'contact'] as const)
      checkOptionalText(problems, `${at}.${k}`, info[k], k);
    if (info.web !== undefined) {
      const problem = isString(info.web) ? uriProblem(info.web) : 'web 应为文本';
      if (problem) add(problems, `${at}.web`, problem);
    }
    checkPairs(problems, `${at}.parameter`, info.parameter, '参数');

    asArray(info.resource).forEach((rawRes, j) => {
      const res = asRecord(rawRes);
      const rp = `${at}.resource[${j}]`;
      checkRequiredText(problems, `${rp}.resourceDesc`, res.resourceDesc, '资源说明 resourceDesc');
      checkRequiredText(problems, `${rp}.mimeType`, res.mimeType, 'MIME 类型 mimeType');
      if (res.size !== undefined && (!Number.isSafeInteger(res.size) || (res.size as number) < 0))
        add(problems, `${rp}.size`, '大小 size 应为非负整数（字节）');
      if (res.uri !== undefined) {
        const problem = isString(res.uri) ? uriProblem(res.uri) : 'uri 应为文本';
        if (problem) add(problems, `${rp}.uri`, problem);
      }
      checkOptionalText(problems, `${rp}.derefUri`, res.derefUri, 'derefUri');
      checkOptionalText(problems, `${rp}.digest`, res.digest, 'digest');
    });

    asArray(info.area).forEach((rawArea, j) => {
      const area = asRecord(rawArea);
      const ap = `${at}.area[${j}]`;
      checkRequiredText(problems, `${ap}.areaDesc`, area.areaDesc, '区域描述 areaDesc');
      asArray(area.polygon).forEach((ring, k) => {
        if (!Array.isArray(ring)) return add(problems, `${ap}.polygon[${k}]`, '多边形应为点的列表');
        ring.forEach((pt, n) => {
          const p = asRecord(pt);
          if (!isFiniteNumber(p.lat) || !isFiniteNumber(p.lon))
            add(problems, `${ap}.polygon[${k}]`, `第 ${n + 1} 个点的纬度、经度应为数值`);
        });
      });
      asArray(area.circle).forEach((c, k) => {
        const p = asRecord(c);
        if (!isFiniteNumber(p.lat) || !isFiniteNumber(p.lon) || !isFiniteNumber(p.radiusKm))
          add(problems, `${ap}.circle[${k}]`, '圆的纬度、经度、半径应为数值');
      });
      checkPairs(problems, `${ap}.geocode`, area.geocode, '地理编码');
      checkDecimal(problems, `${ap}.altitude`, area.altitude, '高度 altitude');
      checkDecimal(problems, `${ap}.ceiling`, area.ceiling, '上限高度 ceiling');
    });
  });

  const texts: [string, string][] = [];
  collectStrings(alert, 'alert', texts);
  for (const [path, text] of texts) if (hasNonXmlChar(text)) add(problems, path, '含有 XML 不允许的控制字符');
  return problems;
}

const inRange = (lat: unknown, lon: unknown) =>
  isFiniteNumber(lat) && isFiniteNumber(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;

/** The CAP 1.2 specification's rules the XSD cannot express (see the file comment). */
export function checkCapRules(alert: CapAlert): string[] {
  const problems: Problems = [];
  const a = asRecord(alert);
  // §3.2.1 identifier, sender: "MUST NOT include spaces, commas or restricted characters (< and &)".
  for (const k of ['identifier', 'sender'] as const)
    if (isString(a[k]) && ID_FORBIDDEN.test(a[k]))
      add(problems, `alert.${k}`, `${k} 不能包含空白、逗号、< 或 &`);
  // §3.2.1 restriction: used when scope is Restricted; addresses: required when scope is Private.
  if (a.scope === 'Restricted' && !(isString(a.restriction) && a.restriction.trim()))
    add(problems, 'alert.restriction', 'scope 为 Restricted 时必须填写 restriction（限制说明）');
  if (a.scope === 'Private' && !(isString(a.addresses) && a.addresses.trim()))
    add(problems, 'alert.addresses', 'scope 为 Private 时必须填写 addresses（接收地址）');
  // §3.2.1 msgType Update/Cancel supersede earlier messages "identified in <references>".
  if ((a.msgType === 'Update' || a.msgType === 'Cancel') && !(isString(a.references) && a.references.trim()))
    add(problems, 'alert.references', `msgType 为 ${a.msgType} 时必须用 references 引用被更新或解除的消息`);
  if (isString(a.references) && a.references.trim() && !parseCapReferences(a.references))
    add(
      problems,
      'alert.references',
      'references 应为以空格分隔的 sender,identifier,sent 三元组，sent 为 CAP 时间',
    );
  // Ours, not the XSD's (info minOccurs=0): a warning, its update or its cancellation carries an info block
  // (the national profile makes info mandatory too); only Ack and Error may go without.
  if ((a.msgType === 'Alert' || a.msgType === 'Update' || a.msgType === 'Cancel') && !asArray(a.info).length)
    add(problems, 'alert.info', `msgType 为 ${String(a.msgType)} 的消息至少需要一个 info`);

  asArray(a.info).forEach((rawInfo, i) => {
    const info = asRecord(rawInfo);
    const at = `alert.info[${i}]`;
    const time = (k: string) => (isString(info[k]) ? parseCapTime(info[k]) : null);
    const [effective, onset, expires] = [time('effective'), time('onset'), time('expires')];
    if (effective && expires && effective.getTime() > expires.getTime())
      add(problems, `${at}.effective`, '生效时间 effective 不能晚于失效时间 expires');
    if (onset && expires && onset.getTime() > expires.getTime())
      add(problems, `${at}.onset`, '开始时间 onset 不能晚于失效时间 expires');

    asArray(info.resource).forEach((rawRes, j) => {
      const res = asRecord(rawRes);
      // §3.2.3 digest: SHA-1 of the resource.
      if (isString(res.digest) && res.digest && !SHA1_HEX.test(res.digest))
        add(problems, `${at}.resource[${j}].digest`, 'digest 应为 SHA-1 摘要（40 位十六进制）');
    });

    asArray(info.area).forEach((rawArea, j) => {
      const area = asRecord(rawArea);
      const ap = `${at}.area[${j}]`;
      // §3.2.4 polygon: "at least four coordinate pairs … the first and last pairs … MUST be the same".
      asArray(area.polygon).forEach((rawRing, k) => {
        const ring = asArray(rawRing).map(asRecord);
        const pp = `${ap}.polygon[${k}]`;
        if (ring.length < 4) add(problems, pp, `多边形至少需要 4 个点（首尾相同），现有 ${ring.length} 个`);
        const first = ring[0];
        const last = ring[ring.length - 1];
        if (first && last && ring.length > 1 && (first.lat !== last.lat || first.lon !== last.lon))
          add(problems, pp, '多边形未闭合：第一个点与最后一个点应相同');
        ring.forEach((p, n) => {
          if (isFiniteNumber(p.lat) && isFiniteNumber(p.lon) && !inRange(p.lat, p.lon))
            add(
              problems,
              pp,
              `第 ${n + 1} 个点 ${p.lat},${p.lon} 超出范围（纬度 -90…90，经度 -180…180；CAP 为“纬度,经度”顺序）`,
            );
        });
      });
      // §3.2.4 circle: a WGS 84 point and a radius in kilometres.
      asArray(area.circle).forEach((rawCircle, k) => {
        const c = asRecord(rawCircle);
        const cp = `${ap}.circle[${k}]`;
        if (isFiniteNumber(c.lat) && isFiniteNumber(c.lon) && !inRange(c.lat, c.lon))
          add(
            problems,
            cp,
            `圆心 ${c.lat},${c.lon} 超出范围（纬度 -90…90，经度 -180…180；CAP 为“纬度,经度”顺序）`,
          );
        if (isFiniteNumber(c.radiusKm) && !(c.radiusKm > 0)) add(problems, cp, '圆的半径（千米）应大于 0');
      });
      // §3.2.4 ceiling "MUST NOT be used except in combination with the altitude element".
      if (area.ceiling !== undefined && area.altitude === undefined)
        add(problems, `${ap}.ceiling`, 'ceiling 只能与 altitude 一同使用');
      if (isFiniteNumber(area.ceiling) && isFiniteNumber(area.altitude) && area.ceiling < area.altitude)
        add(problems, `${ap}.ceiling`, 'ceiling（上限高度）不能低于 altitude');
    });
  });
  return problems;
}
