/**
 * Pure helpers of the 一盘棋 screens (issue #6): the live state and countdown text of a statutory report, the
 * event-type cascader, the 接报 form → IntakeRequest mapping, the timeline merge, the photo downscale size and
 * the field-report offline queue. No DOM, no clock: `now` is an argument.
 */
import {
  EVENT_CLASSES,
  EVENT_CLASS_LABELS,
  gradingRuleOf,
  isEventTypeId,
  listEventTypes,
  type EventClass,
  type EventTypeId,
  type FieldReportRequest,
  type IncidentFiguresView,
  type IntakeRequest,
  type ReportState,
  type TimelineEntryView,
} from '@ningan/domain';

// ---------------------------------------------------------------------------------------------------------
// Report countdowns

export type CountdownTone = 'pending' | 'due_soon' | 'overdue' | 'met' | 'met_late';

/** The state of a tracked report at `now` (the server's state is as of the fetch; the screen keeps ticking). */
export function liveReportState(
  report: { due: string; warnAt: string; filedAt: string | null },
  now: number,
): ReportState {
  const due = Date.parse(report.due);
  if (report.filedAt !== null) return Date.parse(report.filedAt) <= due ? 'met' : 'met_late';
  if (now >= due) return 'overdue';
  if (now >= Date.parse(report.warnAt)) return 'due_soon';
  return 'pending';
}

/**
 * A span as a ticking clock: `1:05:09` (h:mm:ss), `2天 03:00:00` past a day, `0:00:59` under a minute.
 * Negative spans are shown as their absolute value (the caller says 已超时).
 */
export function formatSpan(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return days > 0 ? `${days}天 ${String(h).padStart(2, '0')}:${mmss}` : `${h}:${mmss}`;
}

export interface Countdown {
  tone: CountdownTone;
  /** `剩余 1:05:09` / `已超时 0:12:00` / `已报送`. */
  text: string;
  /** ms until due (negative when late); null once filed. */
  remainingMs: number | null;
}

/** The chip of one tracked report at `now`. */
export function reportCountdown(
  report: { due: string; warnAt: string; filedAt: string | null },
  now: number,
  words: { left: string; late: string; met: string; metLate: string } = {
    left: '剩余',
    late: '已超时',
    met: '按时报送',
    metLate: '超时报送',
  },
): Countdown {
  const tone = liveReportState(report, now);
  const remainingMs = report.filedAt === null ? Date.parse(report.due) - now : null;
  switch (tone) {
    case 'met':
      return { tone, text: words.met, remainingMs };
    case 'met_late':
      return { tone, text: words.metLate, remainingMs };
    case 'overdue':
      return { tone, text: `${words.late} ${formatSpan(remainingMs ?? 0)}`, remainingMs };
    case 'pending':
    case 'due_soon':
      return { tone, text: `${words.left} ${formatSpan(remainingMs ?? 0)}`, remainingMs };
  }
}

/** The unfiled reports to show as chips: overdue first, then by due time; at most `max`. */
export function openReports<T extends { due: string; warnAt: string; filedAt: string | null }>(
  reports: readonly T[],
  now: number,
  max = 4,
): T[] {
  const rank = (r: T) => (liveReportState(r, now) === 'overdue' ? 0 : 1);
  return reports
    .filter((r) => r.filedAt === null)
    .sort((a, b) => rank(a) - rank(b) || Date.parse(a.due) - Date.parse(b.due))
    .slice(0, max);
}

// ---------------------------------------------------------------------------------------------------------
// Event types

export interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

/** class → type → sub-type, for an antd Cascader (`changeOnSelect`: a first-level type may be chosen). */
export function eventTypeOptions(lang: 'zh' | 'en'): CascaderOption[] {
  const node = (id: EventTypeId, zh: string, en: string): CascaderOption => {
    const children = listEventTypes(id).map((c) => node(c.id, c.zh, c.en));
    return { value: id, label: lang === 'en' ? en : zh, ...(children.length > 0 && { children }) };
  };
  return EVENT_CLASSES.map((c) => ({
    value: c,
    label: EVENT_CLASS_LABELS[c][lang],
    children: listEventTypes(c).map((t) => node(t.id, t.zh, t.en)),
  }));
}

/** The cascader path of a type: [class, …ancestors, type]. */
export function eventTypePath(type: EventTypeId, eventClass: EventClass): string[] {
  const up: string[] = [];
  const find = (parent: EventClass | EventTypeId, trail: string[]): boolean => {
    for (const t of listEventTypes(parent)) {
      if (t.id === type) {
        up.push(...trail, t.id);
        return true;
      }
      if (find(t.id, [...trail, t.id])) return true;
    }
    return false;
  };
  find(eventClass, []);
  return [eventClass, ...up];
}

/** The type chosen in a cascader path: its last element when it is a type (a class alone is no type). */
export function eventTypeOfPath(path: readonly string[] | undefined): EventTypeId | undefined {
  const last = path?.[path.length - 1];
  return last !== undefined && isEventTypeId(last) ? last : undefined;
}

/** Does the burned-area figure (受害森林面积) apply: types graded by 《森林防火条例》. */
export function isForestFireType(type: EventTypeId | undefined): boolean {
  return type !== undefined && gradingRuleOf(type) === 'forest_fire';
}

/** Common natural-hazard types first (the village officer's picker), then the rest of the catalogue. */
export const FIELD_REPORT_COMMON_TYPES: readonly EventTypeId[] = [
  'landslide',
  'collapse',
  'debris_flow',
  'flood',
  'wind_hail',
  'snow',
  'forest_fire',
  'earthquake',
  'drought',
  'low_temperature',
];

// ---------------------------------------------------------------------------------------------------------
// 接报 form → request

/** The 接报 form's values as antd holds them (times as dayjs-like objects with `toISOString`). */
export interface IntakeFormValues {
  source?: 'phone' | 'manual';
  title?: string;
  callerName?: string;
  callerPhone?: string;
  callerUnit?: string;
  knownAt?: { toISOString(): string } | null;
  occurredAt?: { toISOString(): string } | null;
  regionCode?: string;
  lon?: number | null;
  lat?: number | null;
  place?: string;
  eventTypePath?: string[];
  description?: string;
  deaths?: number | null;
  missing?: number | null;
  seriousInjuries?: number | null;
  injuries?: number | null;
  directLossWanYuan?: number | null;
  burnedAreaHa?: number | null;
  measuresTaken?: string;
}

const trimmed = (s: string | undefined) => {
  const v = s?.trim();
  return v ? v : undefined;
};
const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The figures entered (blank = not reported, left out); burned area only for forest-fire types. */
export function figuresOf(values: IntakeFormValues, type: EventTypeId | undefined): IncidentFiguresView {
  const figures: IncidentFiguresView = {};
  const put = (key: keyof IncidentFiguresView, v: number | null | undefined) => {
    const n = num(v);
    if (n !== undefined) figures[key] = n;
  };
  put('deaths', values.deaths);
  put('missing', values.missing);
  put('seriousInjuries', values.seriousInjuries);
  put('injuries', values.injuries);
  put('directLossWanYuan', values.directLossWanYuan);
  if (isForestFireType(type)) put('burnedAreaHa', values.burnedAreaHa);
  return figures;
}

/**
 * The IntakeRequest of the form. Missing required values are passed through as empty so the server's 400
 * lists them per field (one source of truth for the rules); `knownAt` defaults to `now`.
 */
export function toIntakeRequest(values: IntakeFormValues, now: Date): IntakeRequest {
  const type = eventTypeOfPath(values.eventTypePath);
  const figures = figuresOf(values, type);
  const lon = num(values.lon);
  const lat = num(values.lat);
  const callerPhone = trimmed(values.callerPhone);
  const callerUnit = trimmed(values.callerUnit);
  const title = trimmed(values.title);
  const measuresTaken = trimmed(values.measuresTaken);
  return {
    source: values.source ?? 'phone',
    ...(title !== undefined && { title }),
    eventType: (type ?? '') as EventTypeId,
    occurredAt: values.occurredAt?.toISOString() ?? '',
    knownAt: values.knownAt?.toISOString() ?? now.toISOString(),
    regionCode: values.regionCode ?? '',
    ...(lon !== undefined && lat !== undefined && { lon, lat }),
    place: values.place?.trim() ?? '',
    description: values.description?.trim() ?? '',
    ...(Object.keys(figures).length > 0 && { figures }),
    caller: {
      name: values.callerName?.trim() ?? '',
      ...(callerPhone !== undefined && { phone: callerPhone }),
      ...(callerUnit !== undefined && { unit: callerUnit }),
    },
    ...(measuresTaken !== undefined && { measuresTaken }),
  };
}

/** The request's error paths → the form's field names (caller.name → callerName, figures.deaths → deaths…). */
export function intakeFieldOf(path: string): string | undefined {
  const map: Record<string, string> = {
    source: 'source',
    title: 'title',
    'caller.name': 'callerName',
    'caller.phone': 'callerPhone',
    'caller.unit': 'callerUnit',
    caller: 'callerName',
    knownAt: 'knownAt',
    occurredAt: 'occurredAt',
    regionCode: 'regionCode',
    lon: 'lon',
    lat: 'lat',
    place: 'place',
    eventType: 'eventTypePath',
    description: 'description',
    measuresTaken: 'measuresTaken',
    'figures.deaths': 'deaths',
    'figures.missing': 'missing',
    'figures.seriousInjuries': 'seriousInjuries',
    'figures.injuries': 'injuries',
    'figures.directLossWanYuan': 'directLossWanYuan',
    'figures.burnedAreaHa': 'burnedAreaHa',
  };
  return map[path];
}

// ---------------------------------------------------------------------------------------------------------
// Timeline

/** `current` with `incoming` added (by seq, no duplicates), ascending by seq. */
export function mergeTimeline(
  current: readonly TimelineEntryView[],
  incoming: readonly TimelineEntryView[],
): TimelineEntryView[] {
  if (incoming.length === 0) return [...current];
  const bySeq = new Map<number, TimelineEntryView>();
  for (const e of current) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest seq held (0 for none): the `afterSeq` of the next fetch. */
export function lastSeq(entries: readonly { seq: number }[]): number {
  let max = 0;
  for (const e of entries) if (e.seq > max) max = e.seq;
  return max;
}

// ---------------------------------------------------------------------------------------------------------
// Photos and the field-report queue

/** The size to draw a `width`×`height` photo at so its longer side is ≤ `max` px (never enlarged). */
export function fitWithin(width: number, height: number, max = 1600): { width: number; height: number } {
  const longer = Math.max(width, height);
  if (longer <= max || longer === 0) return { width, height };
  const scale = max / longer;
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/** `data:image/jpeg;base64,AAAA` → `AAAA`. */
export function base64OfDataUrl(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  return comma < 0 ? '' : dataUrl.slice(comma + 1);
}

/** Decoded byte size of a base64 string. */
export function base64Bytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

export type QueuedReportState = 'pending' | 'sent' | 'rejected';

/** A field report kept on the phone until the server has answered. */
export interface QueuedReport {
  request: FieldReportRequest;
  createdAt: string;
  state: QueuedReportState;
  attempts: number;
  lastTriedAt: string | null;
  incidentId: string | null;
  /** The server's refusal (400): shown, not retried. */
  problem: string | null;
}

/** The queue with `request` added as pending (a second add of the same clientId changes nothing). */
export function enqueueReport(
  queue: readonly QueuedReport[],
  request: FieldReportRequest,
  now: Date,
): QueuedReport[] {
  if (queue.some((q) => q.request.clientId === request.clientId)) return [...queue];
  return [
    ...queue,
    {
      request,
      createdAt: now.toISOString(),
      state: 'pending',
      attempts: 0,
      lastTriedAt: null,
      incidentId: null,
      problem: null,
    },
  ];
}

/** What happened to one send: the server's answer, a refusal, or no answer (network). */
export type SendOutcome =
  { kind: 'sent'; incidentId: string } | { kind: 'rejected'; problem: string } | { kind: 'no_answer' };

/** The queue after a send of `clientId` at `now`. A sent report drops its photos (they are on the server). */
export function recordSend(
  queue: readonly QueuedReport[],
  clientId: string,
  outcome: SendOutcome,
  now: Date,
): QueuedReport[] {
  return queue.map((q) => {
    if (q.request.clientId !== clientId) return q;
    const tried = { ...q, attempts: q.attempts + 1, lastTriedAt: now.toISOString() };
    switch (outcome.kind) {
      case 'sent': {
        const { photos: _photos, ...rest } = q.request;
        return { ...tried, state: 'sent', incidentId: outcome.incidentId, problem: null, request: rest };
      }
      case 'rejected':
        return { ...tried, state: 'rejected', problem: outcome.problem };
      case 'no_answer':
        return tried;
    }
  });
}

/** Retry delay after `attempts` failed sends: 5 s, 10 s, 20 s … capped at 2 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 120_000);
}

/** The pending reports due for a (re)try at `now`. */
export function dueForRetry(queue: readonly QueuedReport[], now: number): QueuedReport[] {
  return queue.filter(
    (q) =>
      q.state === 'pending' &&
      (q.lastTriedAt === null || now - Date.parse(q.lastTriedAt) >= retryDelayMs(q.attempts)),
  );
}

/** Parse a stored queue, dropping anything malformed (another version, a hand edit). */
export function parseQueue(text: string | null): QueuedReport[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (q): q is QueuedReport =>
        typeof q === 'object' &&
        q !== null &&
        typeof (q as QueuedReport).request?.clientId === 'string' &&
        ['pending', 'sent', 'rejected'].includes((q as QueuedReport).state),
    );
  } catch {
    return [];
  }
}

/** Sent reports older than `keepMs` dropped (the list stays short on the phone). */
export function pruneQueue(
  queue: readonly QueuedReport[],
  now: number,
  keepMs = 3 * 86_400_000,
): QueuedReport[] {
  return queue.filter((q) => q.state !== 'sent' || now - Date.parse(q.createdAt) < keepMs);
}
