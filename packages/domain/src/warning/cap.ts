/**
 * The OASIS CAP 1.2 model (Common Alerting Protocol, OASIS Standard 2010) as we hold warnings internally:
 * alert → info → resource / area. Names, enumerations and multiplicities follow the CAP 1.2 XSD
 * (packages/server/assets/cap12.xsd); rules the XSD cannot express live in cap-validate.ts.
 *
 * Times are kept as strings in CAP form `2026-11-29T12:00:00+08:00` (explicit offset, never `Z`).
 * Geometry is WGS84 in CAP order: a point is {lat, lon} (GeoJSON is the reverse); circle radius in km.
 */
import { z } from 'zod';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_RESPONSE_TYPES = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/**
 * The XSD's pattern for sent/effective/onset/expires, anchored. Note `[-,+]` in the XSD also lets a comma
 * through the pattern; the xs:dateTime base type then refuses it, and so do we (CAP_TIME_RE).
 */
export const CAP_TIME_PATTERN = '\\d\\d\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-,+]\\d\\d:\\d\\d';
const CAP_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([-+])(\d{2}):(\d{2})$/;

/** The value name we give admin-code geocodes (GB/T 2260 county/township codes, village codes). Our convention. */
export const ADMIN_CODE_GEOCODE = 'adminCode';

const capTime = z
  .string()
  .regex(CAP_TIME_RE, '时间应为 CAP 格式，如 2026-11-29T12:00:00+08:00（带时区偏移，不用 Z）');

export const CapValuePair = z.object({ valueName: z.string().min(1), value: z.string() });
export type CapValuePair = z.infer<typeof CapValuePair>;

export const CapPoint = z.object({ lat: z.number(), lon: z.number() });
export type CapPoint = z.infer<typeof CapPoint>;

export const CapCircle = z.object({ lat: z.number(), lon: z.number(), radiusKm: z.number() });
export type CapCircle = z.infer<typeof CapCircle>;

export const CapResource = z.object({
  resourceDesc: z.string().min(1),
  mimeType: z.string().min(1),
  /** bytes */
  size: z.number().int().nonnegative().optional(),
  uri: z.string().optional(),
  derefUri: z.string().optional(),
  /** SHA-1, hex */
  digest: z.string().optional(),
});
export type CapResource = z.infer<typeof CapResource>;

export const CapArea = z.object({
  areaDesc: z.string().min(1),
  /** each ring closed (first point = last), ≥ 4 points */
  polygon: z.array(z.array(CapPoint)).default([]),
  circle: z.array(CapCircle).default([]),
  geocode: z.array(CapValuePair).default([]),
  /** feet above sea level (CAP 1.2 §3.2.4) */
  altitude: z.number().optional(),
  ceiling: z.number().optional(),
});
export type CapArea = z.infer<typeof CapArea>;

export const CapInfo = z.object({
  language: z.string().default('zh-CN'),
  category: z.array(z.enum(CAP_CATEGORIES)).min(1),
  event: z.string().min(1),
  responseType: z.array(z.enum(CAP_RESPONSE_TYPES)).default([]),
  urgency: z.enum(CAP_URGENCIES),
  severity: z.enum(CAP_SEVERITIES),
  certainty: z.enum(CAP_CERTAINTIES),
  audience: z.string().optional(),
  eventCode: z.array(CapValuePair).default([]),
  effective: capTime.optional(),
  onset: capTime.optional(),
  expires: capTime.optional(),
  senderName: z.string().optional(),
  headline: z.string().optional(),
  description: z.string().optional(),
  instruction: z.string().optional(),
  web: z.string().optional(),
  contact: z.string().optional(),
  parameter: z.array(CapValuePair).default([]),
  resource: z.array(CapResource).default([]),
  area: z.array(CapArea).default([]),
});
export type CapInfo = z.infer<typeof CapInfo>;

export const CapAlert = z.object({
  identifier: z.string().min(1),
  sender: z.string().min(1),
  sent: capTime,
  status: z.enum(CAP_STATUSES),
  msgType: z.enum(CAP_MSG_TYPES),
  source: z.string().optional(),
  scope: z.enum(CAP_SCOPES),
  restriction: z.string().optional(),
  addresses: z.string().optional(),
  code: z.array(z.string()).default([]),
  note: z.string().optional(),
  /** space-separated `sender,identifier,sent` triples (CAP 1.2 §3.2.1) */
  references: z.string().optional(),
  incidents: z.string().optional(),
  info: z.array(CapInfo).default([]),
});
export type CapAlert = z.infer<typeof CapAlert>;

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/**
 * `date` as a CAP time at UTC offset `offsetMinutes` (default Beijing, +08:00), whole seconds
 * (milliseconds are dropped: the CAP pattern has none). Never `Z`; UTC is written `+00:00`, never the
 * `-00:00` CAP reserves for "zone unknown".
 */
export function formatCapTime(date: Date, offsetMinutes = 480): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('formatCapTime: invalid Date');
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60)
    throw new RangeError(`formatCapTime: offset ${offsetMinutes} min outside ±14:00`);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`
  );
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A CAP time as an instant, or null when it is not exactly `YYYY-MM-DDThh:mm:ss±hh:mm` naming an existing
 * date and time (no `Z`, no fractions, offset within ±14:00, year ≥ 1).
 */
export function parseCapTime(s: string): Date | null {
  const m = CAP_TIME_RE.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second, , oh, om] = [
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    m[7],
    Number(m[8]),
    Number(m[9]),
  ];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (om > 59 || oh * 60 + om > 14 * 60) return null;
  const offset = (m[7] === '-' ? -1 : 1) * (oh * 60 + om);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  return new Date(utc.getTime() - offset * 60_000);
}

/** One earlier message named in `references`. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

/** `references` text for `refs`: space-separated `sender,identifier,sent`. */
export function formatCapReferences(refs: readonly CapReference[]): string {
  return refs.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ');
}

/** The triples of a `references` text, or null if any entry is not `sender,identifier,sent` with a CAP time. */
export function parseCapReferences(text: string): CapReference[] | null {
  const entries = text.split(/\s+/).filter(Boolean);
  if (!entries.length) return null;
  const refs: CapReference[] = [];
  for (const entry of entries) {
    const parts = entry.split(',');
    if (parts.length !== 3) return null;
    const [sender = '', identifier = '', sent = ''] = parts;
    if (!sender || !identifier || !parseCapTime(sent)) return null;
    refs.push({ sender, identifier, sent });
  }
  return refs;
}
