import { describe, expect, it } from 'vitest';
import { IntakeRequest, type FieldReportRequest, type TimelineEntryView } from '@ningan/domain';
import {
  base64Bytes,
  dueForRetry,
  enqueueReport,
  eventTypeOfPath,
  eventTypeOptions,
  eventTypePath,
  figuresOf,
  fitWithin,
  formatSpan,
  intakeFieldOf,
  isForestFireType,
  lastSeq,
  liveReportState,
  mergeTimeline,
  openReports,
  parseQueue,
  pruneQueue,
  recordSend,
  reportCountdown,
  retryDelayMs,
  toIntakeRequest,
} from './command-model.ts';

const at = (iso: string) => Date.parse(iso);
const report = (due: string, warnAt: string, filedAt: string | null = null) => ({ due, warnAt, filedAt });

describe('report countdowns', () => {
  const r = report('2026-07-01T02:00:00Z', '2026-07-01T01:30:00Z');

  it('is pending before the warning instant, due soon from it, overdue from the due instant exactly', () => {
    expect(liveReportState(r, at('2026-07-01T01:29:59Z'))).toBe('pending');
    expect(liveReportState(r, at('2026-07-01T01:30:00Z'))).toBe('due_soon');
    expect(liveReportState(r, at('2026-07-01T01:59:59Z'))).toBe('due_soon');
    expect(liveReportState(r, at('2026-07-01T02:00:00Z'))).toBe('overdue');
  });

  it('a filed report is met at or before its due instant, met late after it, whatever the time now', () => {
    expect(liveReportState({ ...r, filedAt: '2026-07-01T02:00:00Z' }, at('2026-07-05T00:00:00Z'))).toBe(
      'met',
    );
    expect(liveReportState({ ...r, filedAt: '2026-07-01T02:00:01Z' }, at('2026-07-01T02:00:02Z'))).toBe(
      'met_late',
    );
  });

  it('formats spans as h:mm:ss, with days past 24 h', () => {
    expect(formatSpan(59_000)).toBe('0:00:59');
    expect(formatSpan(3_909_000)).toBe('1:05:09');
    expect(formatSpan(-720_000)).toBe('0:12:00');
    expect(formatSpan(2 * 86_400_000 + 3 * 3_600_000)).toBe('2天 03:00:00');
    // Sub-second remainders are dropped, never rounded up to a second not yet elapsed.
    expect(formatSpan(999)).toBe('0:00:00');
  });

  it('the chip says what is left, or how late it is', () => {
    expect(reportCountdown(r, at('2026-07-01T00:54:51Z'))).toEqual({
      tone: 'pending',
      text: '剩余 1:05:09',
      remainingMs: 3_909_000,
    });
    expect(reportCountdown(r, at('2026-07-01T01:45:00Z')).tone).toBe('due_soon');
    expect(reportCountdown(r, at('2026-07-01T02:12:00Z'))).toMatchObject({
      tone: 'overdue',
      text: '已超时 0:12:00',
    });
    expect(reportCountdown({ ...r, filedAt: '2026-07-01T01:00:00Z' }, at('2026-07-01T03:00:00Z'))).toEqual({
      tone: 'met',
      text: '按时报送',
      remainingMs: null,
    });
  });

  it('shows unfiled reports, overdue ones first, then by due time', () => {
    const reports = [
      { id: 'a', ...report('2026-07-01T05:00:00Z', '2026-07-01T04:30:00Z') },
      { id: 'b', ...report('2026-07-01T03:00:00Z', '2026-07-01T02:30:00Z', '2026-07-01T02:00:00Z') },
      { id: 'c', ...report('2026-07-01T04:00:00Z', '2026-07-01T03:30:00Z') },
      { id: 'd', ...report('2026-07-01T01:00:00Z', '2026-07-01T00:30:00Z') },
    ];
    const now = at('2026-07-01T02:00:00Z');
    expect(openReports(reports, now).map((x) => x.id)).toEqual(['d', 'c', 'a']);
    expect(openReports(reports, now, 2).map((x) => x.id)).toEqual(['d', 'c']);
  });
});

describe('event types', () => {
  it('offers class → type → sub-type, and a path leads back to its type', () => {
    const options = eventTypeOptions('zh');
    expect(options.map((o) => o.label)).toEqual(['自然灾害', '事故灾难', '公共卫生事件', '社会安全事件']);
    const geological = options[0]?.children?.find((c) => c.value === 'geological');
    expect(geological?.children?.map((c) => c.label)).toEqual(['崩塌', '滑坡', '泥石流']);
    expect(eventTypePath('landslide', 'natural_disaster')).toEqual([
      'natural_disaster',
      'geological',
      'landslide',
    ]);
    expect(eventTypePath('flood_drought', 'natural_disaster')).toEqual(['natural_disaster', 'flood_drought']);
    expect(eventTypeOfPath(['natural_disaster', 'geological', 'landslide'])).toBe('landslide');
    // A class alone is not a type.
    expect(eventTypeOfPath(['natural_disaster'])).toBeUndefined();
    expect(eventTypeOfPath(undefined)).toBeUndefined();
  });

  it('asks for the burned area only for types graded by 《森林防火条例》', () => {
    expect(isForestFireType('forest_fire')).toBe(true);
    expect(isForestFireType('forest_grassland_fire')).toBe(true);
    expect(isForestFireType('grassland_fire')).toBe(false);
    expect(isForestFireType('coal_mine')).toBe(false);
    expect(isForestFireType(undefined)).toBe(false);
  });
});

describe('接报 form → IntakeRequest', () => {
  const time = (iso: string) => ({ toISOString: () => iso });
  const now = new Date('2026-07-01T03:00:00.000Z');
  const values = {
    source: 'phone' as const,
    callerName: ' 张三 ',
    callerPhone: '13900000001',
    callerUnit: '',
    occurredAt: time('2026-07-01T02:10:00.000Z'),
    regionCode: '621026100',
    place: '新宁镇某村东沟',
    eventTypePath: ['natural_disaster', 'geological', 'landslide'],
    description: ' 山体滑坡，掩埋道路 ',
    deaths: 1,
    missing: null,
    seriousInjuries: 0,
    injuries: 2,
    burnedAreaHa: 5,
    measuresTaken: '   ',
  };

  it('maps the form to a request the domain schema accepts: trimmed, blanks left out, knownAt now', () => {
    const request = toIntakeRequest(values, now);
    expect(request).toEqual({
      source: 'phone',
      eventType: 'landslide',
      occurredAt: '2026-07-01T02:10:00.000Z',
      knownAt: '2026-07-01T03:00:00.000Z',
      regionCode: '621026100',
      place: '新宁镇某村东沟',
      description: '山体滑坡，掩埋道路',
      // burned area dropped: a landslide is not graded by area
      figures: { deaths: 1, seriousInjuries: 0, injuries: 2 },
      caller: { name: '张三', phone: '13900000001' },
    });
    expect(IntakeRequest.safeParse(request).success).toBe(true);
  });

  it('keeps the point only when both coordinates are given, and the burned area for a forest fire', () => {
    const fire = toIntakeRequest(
      {
        ...values,
        eventTypePath: ['natural_disaster', 'forest_grassland_fire', 'forest_fire'],
        lon: 107.9,
        lat: 35.5,
        knownAt: time('2026-07-01T02:30:00.000Z'),
      },
      now,
    );
    expect(fire).toMatchObject({ lon: 107.9, lat: 35.5, knownAt: '2026-07-01T02:30:00.000Z' });
    expect(fire.figures?.burnedAreaHa).toBe(5);
    expect(toIntakeRequest({ ...values, lon: 107.9, lat: null }, now)).not.toHaveProperty('lon');
  });

  it('leaves missing required values empty so the server lists each problem, on the right field', () => {
    const request = toIntakeRequest({}, now);
    const parsed = IntakeRequest.safeParse(request);
    expect(parsed.success).toBe(false);
    const paths = new Set(parsed.error?.issues.map((i) => i.path.join('.')));
    for (const p of ['eventType', 'occurredAt', 'regionCode', 'place', 'description', 'caller.name'])
      expect(paths.has(p)).toBe(true);
    // Each of them lands on a field of the form.
    for (const p of paths) expect(intakeFieldOf(p)).toBeDefined();
    expect(intakeFieldOf('figures.deaths')).toBe('deaths');
    expect(intakeFieldOf('caller.name')).toBe('callerName');
  });

  it('figures: blank means not reported, zero is kept', () => {
    expect(figuresOf({ deaths: 0, missing: undefined, directLossWanYuan: 12.5 }, 'coal_mine')).toEqual({
      deaths: 0,
      directLossWanYuan: 12.5,
    });
  });
});

describe('timeline', () => {
  const entry = (seq: number, summary = `#${seq}`): TimelineEntryView => ({
    seq,
    incidentId: 'i',
    at: '2026-07-01T00:00:00Z',
    kind: 'note',
    actorName: 'x',
    summary,
    data: null,
    refId: null,
  });

  it('appends what came after, without duplicates, in seq order', () => {
    const merged = mergeTimeline([entry(1), entry(2), entry(3)], [entry(3, 'again'), entry(5), entry(4)]);
    expect(merged.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(merged[2]?.summary).toBe('again');
    expect(lastSeq(merged)).toBe(5);
    expect(lastSeq([])).toBe(0);
  });

  it('merges 1,000 entries quickly', () => {
    const base = Array.from({ length: 1000 }, (_, i) => entry(i + 1));
    const start = performance.now();
    const merged = mergeTimeline(base, [entry(1001)]);
    expect(merged).toHaveLength(1001);
    expect(performance.now() - start).toBeLessThan(50);
  });
});

describe('photos', () => {
  it('fits the longer side within 1600 px, never enlarging', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(1200, 800)).toEqual({ width: 1200, height: 800 });
    expect(fitWithin(4032, 3024, 1600)).toEqual({ width: 1600, height: 1200 });
  });

  it('counts decoded base64 bytes', () => {
    expect(base64Bytes(btoa('abc'))).toBe(3);
    expect(base64Bytes(btoa('abcd'))).toBe(4);
    expect(base64Bytes(btoa('abcde'))).toBe(5);
  });
});

describe('field-report queue (weak connection)', () => {
  const request = (clientId: string): FieldReportRequest => ({
    clientId,
    eventType: 'landslide',
    lon: 107.9,
    lat: 35.5,
    description: '滑坡',
    photos: [{ fileName: 'a.jpg', contentType: 'image/jpeg', dataBase64: 'AAAA' }],
  });
  const t0 = new Date('2026-07-01T00:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('adds a report once per clientId', () => {
    const q = enqueueReport(enqueueReport([], request('a'), t0), request('a'), t0);
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ state: 'pending', attempts: 0, lastTriedAt: null });
  });

  it('keeps a report pending through failed sends, retrying with a growing pause', () => {
    let q = enqueueReport([], request('a'), t0);
    expect(dueForRetry(q, t0.getTime())).toHaveLength(1);
    q = recordSend(q, 'a', { kind: 'no_answer' }, t0);
    expect(q[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect(dueForRetry(q, later(4_999).getTime())).toHaveLength(0);
    expect(dueForRetry(q, later(5_000).getTime())).toHaveLength(1);
    q = recordSend(q, 'a', { kind: 'no_answer' }, later(5_000));
    expect(dueForRetry(q, later(14_999).getTime())).toHaveLength(0);
    expect(dueForRetry(q, later(15_000).getTime())).toHaveLength(1);
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(3)).toBe(20_000);
    expect(retryDelayMs(20)).toBe(120_000);
  });

  it('marks a report sent with its incident and drops the photos; a refusal is kept with the reason', () => {
    let q = enqueueReport(enqueueReport([], request('a'), t0), request('b'), t0);
    q = recordSend(q, 'a', { kind: 'sent', incidentId: 'inc-1' }, t0);
    q = recordSend(q, 'b', { kind: 'rejected', problem: '不在辖区' }, t0);
    expect(q[0]).toMatchObject({ state: 'sent', incidentId: 'inc-1' });
    expect(q[0]?.request.photos).toBeUndefined();
    expect(q[1]).toMatchObject({ state: 'rejected', problem: '不在辖区' });
    expect(dueForRetry(q, later(600_000).getTime())).toHaveLength(0);
  });

  it('survives storage: parse drops malformed rows; old sent reports are pruned, pending ones never', () => {
    const q = recordSend(
      enqueueReport(enqueueReport([], request('a'), t0), request('b'), t0),
      'a',
      { kind: 'sent', incidentId: 'x' },
      t0,
    );
    const text = JSON.stringify([...q, { nonsense: true }, { request: {}, state: 'pending' }]);
    const parsed = parseQueue(text);
    expect(parsed.map((x) => x.request.clientId)).toEqual(['a', 'b']);
    expect(parseQueue('not json')).toEqual([]);
    expect(parseQueue(null)).toEqual([]);
    const pruned = pruneQueue(parsed, later(4 * 86_400_000).getTime());
    expect(pruned.map((x) => x.request.clientId)).toEqual(['b']);
  });
});
