/**
 * Generic connectors (issue #4 part 2): a department's existing system feeds the platform without code —
 * a periodic HTTP pull of JSON, or CSV files dropped into a folder — through a field mapping that turns
 * each record into the documented device payload (monitoring-ingest.ts). Pure: the server fetches and
 * reads files, this module maps.
 *
 * Mapping: `items` is the dot path of the record array in a pulled document (empty: the document is the
 * array); `device` and `ts` name the record fields holding the device id and the time; `values` maps each
 * metric to the field holding it. A time without a zone is taken in `zone` (department systems usually
 * send Beijing time without one). A record carries one reading per mapped metric whose field is not empty.
 */
import { z } from 'zod';
import { METRICS, type Metric } from './monitoring-devices.ts';

export const CONNECTOR_KINDS = ['http_pull', 'csv_drop'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];
export const CONNECTOR_KIND_LABELS: Record<ConnectorKind, string> = {
  http_pull: 'HTTP 定时拉取（JSON）',
  csv_drop: 'CSV 文件投放',
};

const FieldPath = z
  .string()
  .trim()
  .min(1, '请填写字段名')
  .max(120)
  .regex(/^[^.\s][^\s]*$/, '字段路径用点分隔，如 data.stcd');

export const ConnectorMapping = z
  .object({
    items: z.string().trim().max(120).default(''),
    device: FieldPath,
    ts: FieldPath,
    zone: z
      .string()
      .regex(/^(Z|[+-]\d{2}:\d{2})$/, '时区应为 Z 或 ±hh:mm，如 +08:00')
      .default('+08:00'),
    values: z
      .record(z.string(), FieldPath)
      .refine((v) => Object.keys(v).length > 0, '至少映射一个监测项')
      .refine((v) => Object.keys(v).every((k) => (METRICS as readonly string[]).includes(k)), {
        message: `监测项应为：${METRICS.join('、')}`,
      }),
  })
  .strict();
export type ConnectorMapping = z.infer<typeof ConnectorMapping>;

const Interval = z.number().int().min(10, '间隔至少 10 秒').max(86_400, '间隔最长 1 天');

export const HttpPullSettings = z
  .object({
    url: z
      .string()
      .url('应为 http(s) 地址')
      .refine((u) => /^https?:\/\//i.test(u), '只支持 http 与 https'),
    /** Extra request headers (e.g. an API key the department system expects). */
    headers: z.record(z.string(), z.string().max(1000)).default({}),
    intervalSeconds: Interval.default(300),
  })
  .strict();

export const CsvDropSettings = z.object({ intervalSeconds: Interval.default(60) }).strict();

const ConnectorBase = {
  name: z.string().trim().min(2, '名称至少 2 个字').max(60),
  /** The stations it may feed: those in this township/village (default: the creator's jurisdiction)… */
  regionCode: z
    .string()
    .regex(/^\d{6}$|^\d{9}$|^\d{12}$/, '区划代码应为 6/9/12 位数字')
    .nullable()
    .default(null),
  /** …and, when set, only those of this unit. */
  orgUnitId: z.string().uuid().nullable().default(null),
  enabled: z.boolean().default(true),
  mapping: ConnectorMapping,
};

export const CreateConnectorRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('http_pull'), ...ConnectorBase, settings: HttpPullSettings }),
  z.object({
    kind: z.literal('csv_drop'),
    ...ConnectorBase,
    settings: CsvDropSettings.default({ intervalSeconds: 60 }),
  }),
]);
export type CreateConnectorRequest = z.infer<typeof CreateConnectorRequest>;

export const UpdateConnectorRequest = z
  .object({
    name: ConnectorBase.name,
    enabled: z.boolean(),
    mapping: ConnectorMapping,
    /** Checked against the connector's kind. */
    settings: z.record(z.string(), z.unknown()),
  })
  .partial();
export type UpdateConnectorRequest = z.infer<typeof UpdateConnectorRequest>;

export const ConnectorRunResult = z.object({
  at: z.string(),
  ok: z.boolean(),
  message: z.string(),
  /** Records (JSON items or CSV rows) read. */
  records: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  quarantined: z.number().int(),
});
export type ConnectorRunResult = z.infer<typeof ConnectorRunResult>;

export const ConnectorView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CONNECTOR_KINDS),
  regionCode: z.string(),
  orgUnitId: z.string().nullable(),
  enabled: z.boolean(),
  mapping: ConnectorMapping,
  /** http_pull: url, headers (values masked), intervalSeconds; csv_drop: intervalSeconds. */
  settings: z.record(z.string(), z.unknown()),
  /** csv_drop: the folder to drop files into (on the server). */
  dropDir: z.string().nullable(),
  lastRun: ConnectorRunResult.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectorView = z.infer<typeof ConnectorView>;

/** The value at a dot path (`a.b.0.c`); the value itself for an empty path. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let v: unknown = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** A record's time as ISO 8601 with a zone: `2026-03-02 09:00:00` in `zone`, or as given when it has one. */
function zonedTime(v: unknown, zone: string): unknown {
  const t = text(v);
  if (t === null) return v;
  const local = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(t);
  if (!local) return t;
  const [, y, mo, d, h, mi, s, frac] = local;
  const two = (x: string | undefined) => (x ?? '00').padStart(2, '0');
  return `${y}-${two(mo)}-${two(d)}T${two(h)}:${mi}:${two(s)}${frac ?? ''}${zone}`;
}

/** A field's reading value: numbers as they are, numeric text (CSV) as a number, anything else as given. */
function readingValue(v: unknown): unknown {
  if (typeof v === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim()))
    return Number(v.trim());
  return v;
}

/**
 * Records → device payloads (one per record, naming its device) for the ingest. A record that is not an
 * object, or whose mapped fields are all empty, still yields a payload, so the ingest quarantines it with
 * its reason rather than dropping it silently.
 */
export function mapRecords(records: readonly unknown[], mapping: ConnectorMapping): unknown[] {
  return records.map((record) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
    const device = text(valueAt(record, mapping.device));
    const ts = zonedTime(valueAt(record, mapping.ts), mapping.zone);
    const readings: { metric: Metric; value: unknown; ts: unknown }[] = [];
    for (const [metric, path] of Object.entries(mapping.values)) {
      const raw = valueAt(record, path);
      if (raw === undefined || raw === null || raw === '') continue;
      readings.push({ metric: metric as Metric, value: readingValue(raw), ts });
    }
    return { ...(device ? { device } : {}), readings };
  });
}

/** The records of a pulled document at `items` (the document itself when it is the array). */
export function recordsOf(document: unknown, items: string): unknown[] | null {
  const list = valueAt(document, items);
  return Array.isArray(list) ? list : null;
}
