/**
 * CAP 1.2 XML: `renderCapXml` writes an alert as a UTF-8 document in the CAP namespace with the elements in
 * XSD sequence order; `parseCapXml` reads one back (with or without a namespace prefix), listing every
 * problem in Chinese with its element path.
 *
 * The reader checks what the XSD checks — well-formedness, the namespace, element names, order and
 * multiplicity, element-only versus text content, no stray attributes, and (through checkCapValues) the
 * value types — so a document it accepts is one the schema accepts. It is never looser than the schema
 * (packages/server/src/lib/cap-xsd.test.ts holds it to that), and stricter in a few places: no DOCTYPE
 * (no entity expansion), geometry must parse, required text may not be empty.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  CAP_NAMESPACE,
  type CapAlert,
  type CapArea,
  type CapInfo,
  type CapResource,
  type CapValuePair,
} from './cap.ts';
import { checkCapValues, hasNonXmlChar } from './cap-checks.ts';

// ---------------------------------------------------------------------------------------------- rendering

const NON_XML_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_ESCAPE = /[&<>\r]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/**
 * Text escaped for element content. Characters XML 1.0 cannot carry at all are dropped (checkCapAlert
 * reports them, so a validated alert never has any); `\r` is kept as a character reference.
 */
export function escapeText(text: string): string {
  const clean = hasNonXmlChar(text) ? text.replace(NON_XML_CHARS, '') : text;
  return NEEDS_ESCAPE.test(clean) ? clean.replace(/[&<>\r]/g, (ch) => ESCAPES[ch]!) : clean;
}

/** A decimal without exponent or trailing zeros, at most `digits` decimals (6 for degrees ≈ 0.1 m). */
export function formatCapDecimal(n: number, digits = 6): string {
  let s = n.toFixed(digits);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** CAP polygon text: `lat,lon lat,lon …` (CAP order, the reverse of GeoJSON). */
export const formatCapPolygon = (ring: readonly { lat: number; lon: number }[]) =>
  ring.map((p) => `${formatCapDecimal(p.lat)},${formatCapDecimal(p.lon)}`).join(' ');

/** CAP circle text: `lat,lon radiusKm`. */
export const formatCapCircle = (c: { lat: number; lon: number; radiusKm: number }) =>
  `${formatCapDecimal(c.lat)},${formatCapDecimal(c.lon)} ${formatCapDecimal(c.radiusKm)}`;

class XmlOut {
  parts: string[] = [];
  text(indent: string, name: string, value: string | undefined) {
    if (value !== undefined) this.parts.push(`${indent}<${name}>${escapeText(value)}</${name}>\n`);
  }
  pairs(indent: string, name: string, pairs: readonly CapValuePair[] | undefined) {
    for (const p of pairs ?? [])
      this.parts.push(
        `${indent}<${name}>\n${indent}  <valueName>${escapeText(p.valueName)}</valueName>\n` +
          `${indent}  <value>${escapeText(p.value)}</value>\n${indent}</${name}>\n`,
      );
  }
}

function renderResource(out: XmlOut, r: CapResource) {
  const i = '      ';
  out.parts.push('    <resource>\n');
  out.text(i, 'resourceDesc', r.resourceDesc);
  out.text(i, 'mimeType', r.mimeType);
  out.text(i, 'size', r.size === undefined ? undefined : String(r.size));
  out.text(i, 'uri', r.uri);
  out.text(i, 'derefUri', r.derefUri);
  out.text(i, 'digest', r.digest);
  out.parts.push('    </resource>\n');
}

function renderArea(out: XmlOut, a: CapArea) {
  const i = '      ';
  out.parts.push('    <area>\n');
  out.text(i, 'areaDesc', a.areaDesc);
  for (const ring of a.polygon ?? []) out.text(i, 'polygon', formatCapPolygon(ring));
  for (const c of a.circle ?? []) out.text(i, 'circle', formatCapCircle(c));
  out.pairs(i, 'geocode', a.geocode);
  out.text(i, 'altitude', a.altitude === undefined ? undefined : formatCapDecimal(a.altitude));
  out.text(i, 'ceiling', a.ceiling === undefined ? undefined : formatCapDecimal(a.ceiling));
  out.parts.push('    </area>\n');
}

function renderInfo(out: XmlOut, info: CapInfo) {
  const i = '    ';
  out.parts.push('  <info>\n');
  out.text(i, 'language', info.language);
  for (const c of info.category ?? []) out.text(i, 'category', c);
  out.text(i, 'event', info.event);
  for (const r of info.responseType ?? []) out.text(i, 'responseType', r);
  out.text(i, 'urgency', info.urgency);
  out.text(i, 'severity', info.severity);
  out.text(i, 'certainty', info.certainty);
  out.text(i, 'audience', info.audience);
  out.pairs(i, 'eventCode', info.eventCode);
  out.text(i, 'effective', info.effective);
  out.text(i, 'onset', info.onset);
  out.text(i, 'expires', info.expires);
  out.text(i, 'senderName', info.senderName);
  out.text(i, 'headline', info.headline);
  out.text(i, 'description', info.description);
  out.text(i, 'instruction', info.instruction);
  out.text(i, 'web', info.web);
  out.text(i, 'contact', info.contact);
  out.pairs(i, 'parameter', info.parameter);
  for (const r of info.resource ?? []) renderResource(out, r);
  for (const a of info.area ?? []) renderArea(out, a);
  out.parts.push('  </info>\n');
}

/**
 * `alert` as a CAP 1.2 XML document (UTF-8, default namespace `urn:oasis:names:tc:emergency:cap:1.2`,
 * elements in XSD order, text escaped). It renders what it is given: run checkCapAlert first.
 */
export function renderCapXml(alert: CapAlert): string {
  const out = new XmlOut();
  const i = '  ';
  out.parts.push(`<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NAMESPACE}">\n`);
  out.text(i, 'identifier', alert.identifier);
  out.text(i, 'sender', alert.sender);
  out.text(i, 'sent', alert.sent);
  out.text(i, 'status', alert.status);
  out.text(i, 'msgType', alert.msgType);
  out.text(i, 'source', alert.source);
  out.text(i, 'scope', alert.scope);
  out.text(i, 'restriction', alert.restriction);
  out.text(i, 'addresses', alert.addresses);
  for (const c of alert.code ?? []) out.text(i, 'code', c);
  out.text(i, 'note', alert.note);
  out.text(i, 'references', alert.references);
  out.text(i, 'incidents', alert.incidents);
  for (const info of alert.info ?? []) renderInfo(out, info);
  out.parts.push('</alert>\n');
  return out.parts.join('');
}

// ------------------------------------------------------------------------------------------------ reading

const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** [name, minOccurs, maxOccurs] in XSD sequence order. */
type Model = readonly (readonly [string, 0 | 1, 1 | 99])[];
const ALERT_MODEL: Model = [
  ['identifier', 1, 1],
  ['sender', 1, 1],
  ['sent', 1, 1],
  ['status', 1, 1],
  ['msgType', 1, 1],
  ['source', 0, 1],
  ['scope', 1, 1],
  ['restriction', 0, 1],
  ['addresses', 0, 1],
  ['code', 0, 99],
  ['note', 0, 1],
  ['references', 0, 1],
  ['incidents', 0, 1],
  ['info', 0, 99],
];
const INFO_MODEL: Model = [
  ['language', 0, 1],
  ['category', 1, 99],
  ['event', 1, 1],
  ['responseType', 0, 99],
  ['urgency', 1, 1],
  ['severity', 1, 1],
  ['certainty', 1, 1],
  ['audience', 0, 1],
  ['eventCode', 0, 99],
  ['effective', 0, 1],
  ['onset', 0, 1],
  ['expires', 0, 1],
  ['senderName', 0, 1],
  ['headline', 0, 1],
  ['description', 0, 1],
  ['instruction', 0, 1],
  ['web', 0, 1],
  ['contact', 0, 1],
  ['parameter', 0, 99],
  ['resource', 0, 99],
  ['area', 0, 99],
];
const RESOURCE_MODEL: Model = [
  ['resourceDesc', 1, 1],
  ['mimeType', 1, 1],
  ['size', 0, 1],
  ['uri', 0, 1],
  ['derefUri', 0, 1],
  ['digest', 0, 1],
];
const AREA_MODEL: Model = [
  ['areaDesc', 1, 1],
  ['polygon', 0, 99],
  ['circle', 0, 99],
  ['geocode', 0, 99],
  ['altitude', 0, 1],
  ['ceiling', 0, 1],
];
const PAIR_MODEL: Model = [
  ['valueName', 1, 1],
  ['value', 1, 1],
];
/** Elements of these names have element content; all others have text content. */
const COMPLEX = new Set(['alert', 'info', 'resource', 'area', 'eventCode', 'parameter', 'geocode']);

/** A node of fast-xml-parser's preserveOrder tree. */
type RawNode = Record<string, unknown>;
interface Element {
  local: string;
  ns: string | null;
  path: string;
  children: Element[];
  /** CAP-namespace children by local name */
  byName: Map<string, Element[]>;
  /** text content (entities decoded), for text-only elements */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  // callbacks get the path matcher instead of a string built for every tag (we use no callbacks)
  jPath: false,
});

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const isXmlCodePoint = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/** Character data with its references decoded; an undefined entity or a bare `&` is a problem. */
function decodeText(raw: string, path: string, problems: string[]): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&<\s]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) {
      problems.push(`${path}: 文本中的 & 未转义（应写作 &amp;）`);
      return '';
    }
    const named = NAMED_ENTITIES[ref];
    if (named) return named;
    const num = /^#(\d+)$/.exec(ref) ?? /^#x([0-9a-fA-F]+)$/.exec(ref);
    if (num) {
      const cp = parseInt(num[1]!, ref.startsWith('#x') ? 16 : 10);
      if (isXmlCodePoint(cp)) return String.fromCodePoint(cp);
      problems.push(`${path}: 字符引用 ${whole} 不是 XML 允许的字符`);
      return '';
    }
    problems.push(`${path}: 未定义的实体 ${whole}`);
    return '';
  });
}

function nodeName(node: RawNode): string | undefined {
  for (const k in node) if (k !== ':@') return k;
  return undefined;
}

/** The element tree with namespaces resolved, text decoded and structural problems listed. */
function buildElement(
  node: RawNode,
  name: string,
  scope: ReadonlyMap<string, string>,
  path: string,
  problems: string[],
): Element {
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  let inner = scope;
  for (const [attr, value] of Object.entries(attrs)) {
    if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      (inner as Map<string, string>).set(
        attr === 'xmlns' ? '' : attr.slice(6),
        decodeText(value, path, problems),
      );
    }
  }
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const local = colon < 0 ? name : name.slice(colon + 1);
  const ns = inner.get(prefix);
  if (prefix && ns === undefined) problems.push(`${path}: 命名空间前缀 ${prefix} 未声明`);
  const element: Element = { local, ns: ns || null, path, children: [], byName: new Map(), text: '' };
  const isCap = element.ns === CAP_NAMESPACE;

  for (const attr of Object.keys(attrs)) {
    if (attr === 'xmlns' || attr.startsWith('xmlns:')) continue;
    const ac = attr.indexOf(':');
    const ans = ac < 0 ? null : inner.get(attr.slice(0, ac));
    const aLocal = ac < 0 ? attr : attr.slice(ac + 1);
    if (ac >= 0 && ans === undefined) problems.push(`${path}: 属性 ${attr} 的命名空间前缀未声明`);
    const allowed =
      (ans === XSI_NAMESPACE && (aLocal === 'schemaLocation' || aLocal === 'noNamespaceSchemaLocation')) ||
      ans === XML_NAMESPACE;
    if (isCap && !allowed) problems.push(`${path}: CAP 元素不允许属性 ${attr}`);
  }

  const complex = COMPLEX.has(local);
  const texts: string[] = [];
  const counts = new Map<string, number>();
  for (const child of (node[name] ?? []) as RawNode[]) {
    const childName = nodeName(child);
    if (childName === undefined || childName === '#comment') continue;
    if (childName === '#text' || childName === '#cdata') {
      const raw =
        childName === '#text'
          ? String(child['#text'])
          : ((child['#cdata'] as { '#text'?: string }[] | undefined) ?? [])
              .map((t) => t['#text'] ?? '')
              .join('');
      if (childName === '#text' && raw.includes(']]>')) problems.push(`${path}: 文本中不能出现 ]]>`);
      if (isCap && complex) {
        if (childName === '#cdata' || raw.trim())
          problems.push(`${path}: 元素 ${local} 只能包含子元素，不能包含文本`);
      } else texts.push(childName === '#text' ? decodeText(raw, path, problems) : raw);
      continue;
    }
    const cLocal = childName.slice(childName.indexOf(':') + 1);
    const n = counts.get(cLocal) ?? 0;
    counts.set(cLocal, n + 1);
    const childEl = buildElement(child, childName, inner, `${path}.${cLocal}[${n}]`, problems);
    if (isCap && !complex) problems.push(`${path}: 元素 ${local} 只能包含文本，不能包含子元素 ${cLocal}`);
    element.children.push(childEl);
    if (childEl.ns === CAP_NAMESPACE) {
      const same = element.byName.get(cLocal);
      if (same) same.push(childEl);
      else element.byName.set(cLocal, [childEl]);
    }
  }
  element.text = texts.join('');
  return element;
}

/** Element names, order and multiplicity against the XSD sequence `model`. */
function checkSequence(el: Element, model: Model, problems: string[], allowSignature = false) {
  let pos = 0;
  let count = 0;
  let signatureSeen = false;
  for (const child of el.children) {
    if (child.ns !== CAP_NAMESPACE) {
      if (allowSignature && child.ns === XMLDSIG_NAMESPACE) signatureSeen = true;
      else
        problems.push(
          `${child.path}: 元素 ${child.local} 不属于 CAP 1.2 命名空间（${child.ns ?? '无命名空间'}）`,
        );
      continue;
    }
    const ahead = model.findIndex(([name], j) => j >= pos && name === child.local);
    if (signatureSeen) problems.push(`${child.path}: 元素 ${child.local} 不能出现在签名元素之后`);
    else if (ahead === pos) {
      if (count >= model[pos]![2]) problems.push(`${child.path}: 元素 ${child.local} 重复出现（最多 1 次）`);
      count++;
    } else if (ahead > pos) {
      pos = ahead;
      count = 1;
    } else if (model.some(([name]) => name === child.local))
      problems.push(
        `${child.path}: 元素 ${child.local} 位置错误，应在 ${model[pos]![0]} 之前（按 CAP 1.2 顺序）`,
      );
    else problems.push(`${child.path}: 未知元素 ${child.local}（${el.local} 中不允许）`);
  }
  for (const [name, min] of model)
    if (min > 0 && !el.byName.has(name)) problems.push(`${el.path}.${name}: 缺少必需元素 ${name}`);
}

const NONE: readonly Element[] = [];
const capChildren = (el: Element, name: string) => el.byName.get(name) ?? NONE;
const firstText = (el: Element, name: string) => capChildren(el, name)[0]?.text;
/** xs:dateTime, xs:language, xs:anyURI, xs:integer and xs:decimal collapse whitespace before checking. */
const collapsed = (el: Element, name: string) => firstText(el, name)?.trim();

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function readPairs(el: Element, name: string, problems: string[]): CapValuePair[] {
  return capChildren(el, name).map((p) => {
    checkSequence(p, PAIR_MODEL, problems);
    return { valueName: firstText(p, 'valueName') ?? '', value: firstText(p, 'value') ?? '' };
  });
}

function readDecimal(el: Element, name: string, problems: string[]): number | undefined {
  const text = collapsed(el, name);
  if (text === undefined) return undefined;
  if (DECIMAL.test(text)) return Number(text);
  problems.push(`${el.path}.${name}: ${name} 应为十进制数，现为 ${text}`);
  return undefined;
}

function readPoint(pair: string): { lat: number; lon: number } | null {
  const [lat, lon, extra] = pair.split(',');
  if (extra !== undefined || !lat || !lon || !DECIMAL.test(lat) || !DECIMAL.test(lon)) return null;
  return { lat: Number(lat), lon: Number(lon) };
}

function readArea(el: Element, problems: string[]): CapArea {
  checkSequence(el, AREA_MODEL, problems);
  const area: CapArea = { areaDesc: firstText(el, 'areaDesc') ?? '', polygon: [], circle: [], geocode: [] };
  for (const p of capChildren(el, 'polygon')) {
    const points = p.text.split(/\s+/).filter(Boolean).map(readPoint);
    if (points.some((pt) => pt === null) || !points.length)
      problems.push(`${p.path}: 多边形应为以空格分隔的“纬度,经度”坐标对，如 35.43,107.95 35.50,108.10 …`);
    else area.polygon.push(points as { lat: number; lon: number }[]);
  }
  for (const c of capChildren(el, 'circle')) {
    const [centre = '', radius = '', extra] = c.text.trim().split(/\s+/);
    const point = readPoint(centre);
    if (!point || extra !== undefined || !DECIMAL.test(radius))
      problems.push(`${c.path}: 圆应为“纬度,经度 半径千米”，如 35.43,107.95 5`);
    else area.circle.push({ ...point, radiusKm: Number(radius) });
  }
  area.geocode = readPairs(el, 'geocode', problems);
  const altitude = readDecimal(el, 'altitude', problems);
  const ceiling = readDecimal(el, 'ceiling', problems);
  if (altitude !== undefined) area.altitude = altitude;
  if (ceiling !== undefined) area.ceiling = ceiling;
  return area;
}

function readResource(el: Element, problems: string[]): CapResource {
  checkSequence(el, RESOURCE_MODEL, problems);
  const res: CapResource = {
    resourceDesc: firstText(el, 'resourceDesc') ?? '',
    mimeType: firstText(el, 'mimeType') ?? '',
  };
  const size = collapsed(el, 'size');
  if (size !== undefined) {
    if (/^[+-]?\d+$/.test(size)) res.size = Number(size);
    else problems.push(`${el.path}.size: size 应为整数（字节），现为 ${size}`);
  }
  const uri = collapsed(el, 'uri');
  if (uri !== undefined) res.uri = uri;
  for (const k of ['derefUri', 'digest'] as const) {
    const v = firstText(el, k);
    if (v !== undefined) res[k] = v;
  }
  return res;
}

function readInfo(el: Element, problems: string[]): CapInfo {
  checkSequence(el, INFO_MODEL, problems);
  const info = {
    language: collapsed(el, 'language'),
    category: capChildren(el, 'category').map((c) => c.text),
    event: firstText(el, 'event'),
    responseType: capChildren(el, 'responseType').map((c) => c.text),
    urgency: firstText(el, 'urgency'),
    severity: firstText(el, 'severity'),
    certainty: firstText(el, 'certainty'),
    eventCode: readPairs(el, 'eventCode', problems),
    parameter: readPairs(el, 'parameter', problems),
    resource: capChildren(el, 'resource').map((r) => readResource(r, problems)),
    area: capChildren(el, 'area').map((a) => readArea(a, problems)),
  } as Record<string, unknown>;
  for (const k of ['effective', 'onset', 'expires', 'web'] as const) info[k] = collapsed(el, k);
  for (const k of ['audience', 'senderName', 'headline', 'description', 'instruction', 'contact'] as const)
    info[k] = firstText(el, k);
  return dropUndefined(info) as CapInfo;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function readAlert(el: Element, problems: string[]): CapAlert {
  checkSequence(el, ALERT_MODEL, problems, true);
  const alert = {
    identifier: firstText(el, 'identifier'),
    sender: firstText(el, 'sender'),
    sent: collapsed(el, 'sent'),
    status: firstText(el, 'status'),
    msgType: firstText(el, 'msgType'),
    code: capChildren(el, 'code').map((c) => c.text),
    info: capChildren(el, 'info').map((i) => readInfo(i, problems)),
  } as Record<string, unknown>;
  for (const k of ['source', 'scope', 'restriction', 'addresses', 'note', 'references', 'incidents'] as const)
    alert[k] = firstText(el, k);
  return dropUndefined(alert) as CapAlert;
}

/**
 * The document read as far as it goes, and its structural problems (XML, namespace, names, order,
 * multiplicity, geometry syntax) — the values are not checked yet. `alert` is null when there is no
 * `alert` element to read.
 */
export function readCapXml(xml: string): { alert: CapAlert | null; problems: string[] } {
  const problems: string[] = [];
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (/<!DOCTYPE/i.test(text)) return { alert: null, problems: ['(document): 不接受含 DOCTYPE 声明的文档'] };
  if (hasNonXmlChar(text)) return { alert: null, problems: ['(document): 文档含有 XML 不允许的控制字符'] };
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true)
    return {
      alert: null,
      problems: [
        `(document): XML 格式错误（第 ${wellFormed.err.line} 行第 ${wellFormed.err.col} 列）：${wellFormed.err.msg}`,
      ],
    };
  let tree: RawNode[];
  try {
    tree = parser.parse(text) as RawNode[];
  } catch (error) {
    return { alert: null, problems: [`(document): XML 无法解析：${(error as Error).message}`] };
  }
  const roots: { node: RawNode; name: string }[] = [];
  for (const node of tree) {
    const name = nodeName(node);
    if (name === undefined || name === '#comment') continue;
    if (name === '#text') {
      if (String(node['#text']).trim()) problems.push('(document): 根元素之外不能有文本');
    } else if (name === '#cdata') problems.push('(document): 根元素之外不能有 CDATA');
    else roots.push({ node, name });
  }
  if (roots.length !== 1) {
    problems.push(`(document): 文档应有且只有一个根元素，现有 ${roots.length} 个`);
    if (!roots.length) return { alert: null, problems };
  }
  const root = buildElement(roots[0]!.node, roots[0]!.name, new Map(), 'alert', problems);
  if (root.local !== 'alert') {
    problems.push(`(document): 根元素应为 alert，现为 ${root.local}`);
    return { alert: null, problems };
  }
  if (root.ns !== CAP_NAMESPACE) {
    problems.push(`alert: 根元素的命名空间应为 ${CAP_NAMESPACE}（CAP 1.2），现为 ${root.ns ?? '无命名空间'}`);
    return { alert: null, problems };
  }
  return { alert: readAlert(root, problems), problems };
}

/**
 * A CAP 1.2 document as our model. Every problem is listed (in Chinese, with the element path): the
 * XML, its structure against the XSD, and the values as the XSD types them. `alert` is null when there
 * is any problem. Spec rules beyond the XSD are checkCapAlert's (validateCapXml runs both).
 */
export function parseCapXml(xml: string): { alert: CapAlert | null; problems: string[] } {
  const read = readCapXml(xml);
  const problems = read.alert
    ? [...read.problems, ...withoutMissing(read.problems, checkCapValues(read.alert))]
    : read.problems;
  return { alert: problems.length ? null : read.alert, problems };
}

/** `more` less the problems at paths `structural` already reports as missing elements (one report each). */
export function withoutMissing(structural: readonly string[], more: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const p of structural) {
    const at = p.indexOf(': 缺少必需元素');
    if (at >= 0) missing.add(p.slice(0, at));
  }
  return missing.size ? more.filter((p) => !missing.has(p.slice(0, p.indexOf(': ')))) : [...more];
}
