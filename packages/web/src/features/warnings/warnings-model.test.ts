import { describe, expect, it } from 'vitest';
import {
  areaNamesOf,
  buildTownshipNodes,
  callTotals,
  canClosePolygon,
  checkedOfRegionCodes,
  circleRing,
  closedRing,
  countdown,
  drawnFeatures,
  expiryAfter,
  formatRate,
  progressPollMs,
  progressSegments,
  rateOf,
  regionCodesOfChecked,
  share,
  tabFilters,
  tabOf,
} from './warnings-model.ts';

const NODES = buildTownshipNodes(
  [
    { code: '621026101', name: '城关镇' },
    { code: '621026100', name: '新宁镇' },
  ],
  [
    { code: '621026100201', name: '西坡村', townshipCode: '621026100' },
    { code: '621026100200', name: '东关村', townshipCode: '621026100' },
    { code: '621026101200', name: '北街村', townshipCode: '621026101' },
  ],
);

describe('list tabs', () => {
  it('maps each tab to its query and each message back to its tab', () => {
    expect(tabFilters('draft')).toEqual({ state: 'draft,rejected' });
    expect(tabFilters('active')).toEqual({ state: 'published', phase: 'active' });
    expect(tabFilters('ended')).toEqual({ state: 'published', phase: 'cancelled' });
    expect(tabFilters('ended', 'expired').phase).toBe('expired');
    expect(tabOf('rejected', null)).toBe('draft');
    expect(tabOf('awaiting_signoff', null)).toBe('awaiting_signoff');
    expect(tabOf('published', 'active')).toBe('active');
    expect(tabOf('published', 'expired')).toBe('ended');
    expect(tabOf('published', 'superseded')).toBe('ended');
  });
});

describe('drawn area', () => {
  it('closes a polygon ring once, and needs three distinct corners (CAP 1.2 §3.3.2: ≥ 4 points closed)', () => {
    const pts = [
      { lon: 105, lat: 35 },
      { lon: 105.1, lat: 35 },
      { lon: 105.1, lat: 35.1 },
    ];
    expect(closedRing(pts)).toEqual([
      [105, 35],
      [105.1, 35],
      [105.1, 35.1],
      [105, 35],
    ]);
    expect(closedRing([...pts, pts[0]!])).toHaveLength(4);
    expect(canClosePolygon(pts)).toBe(true);
    expect(canClosePolygon([pts[0]!, pts[1]!, pts[0]!])).toBe(false);
  });

  it('draws a circle of radius km: 10 km north is ≈ 0.0898° of latitude, east widened by 1/cos(lat)', () => {
    const ring = circleRing(105, 35, 10, 4);
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    const [east, north] = [ring[0]!, ring[1]!];
    expect(north[1] - 35).toBeCloseTo(10 / 111.32, 5);
    expect(east[0] - 105).toBeCloseTo(10 / (111.32 * Math.cos((35 * Math.PI) / 180)), 5);
  });

  it('turns polygons and circles into GeoJSON features; open polygons of < 3 points are left out', () => {
    const fc = drawnFeatures({
      regionCodes: ['621026100'],
      polygons: [
        [
          { lon: 105, lat: 35 },
          { lon: 105.1, lat: 35 },
          { lon: 105.1, lat: 35.1 },
        ],
        [{ lon: 105, lat: 35 }],
      ],
      circles: [{ lon: 105.2, lat: 35.2, radiusKm: 3 }],
    });
    expect(fc.features.map((f) => f.properties.kind)).toEqual(['polygon', 'circle']);
  });
});

describe('township/village tree', () => {
  it('sorts townships and villages by code', () => {
    expect(NODES.map((n) => n.name)).toEqual(['新宁镇', '城关镇']);
    expect(NODES[0]!.villages.map((v) => v.name)).toEqual(['东关村', '西坡村']);
  });

  it('names a fully checked township by its code, a partly checked one by its villages', () => {
    expect(
      regionCodesOfChecked(['621026100', '621026100200', '621026100201', '621026101200'], NODES),
    ).toEqual(['621026100', '621026101']);
    expect(regionCodesOfChecked(['621026100201'], NODES)).toEqual(['621026100201']);
    expect(regionCodesOfChecked([], NODES)).toEqual([]);
  });

  it('checks a township’s villages when the township code is chosen', () => {
    expect(checkedOfRegionCodes(['621026100'], NODES).sort()).toEqual([
      '621026100',
      '621026100200',
      '621026100201',
    ]);
    expect(regionCodesOfChecked(checkedOfRegionCodes(['621026100'], NODES), NODES)).toEqual(['621026100']);
  });

  it('lists area names for the standard text, with a note for a drawn-only area', () => {
    const nameOf = (c: string) => ({ '621026100': '新宁镇', '621026100201': '新宁镇 · 西坡村' })[c] ?? c;
    const area = { regionCodes: ['621026100', '621026100201'], polygons: [], circles: [] };
    expect(areaNamesOf(area, [], nameOf, '指定区域')).toEqual(['新宁镇', '新宁镇西坡村']);
    const drawn = { regionCodes: [], polygons: [], circles: [{ lon: 105, lat: 35, radiusKm: 1 }] };
    expect(areaNamesOf(drawn, [], nameOf, '指定区域')).toEqual(['指定区域']);
    expect(areaNamesOf(drawn, ['621026100'], nameOf, '指定区域')).toEqual(['新宁镇']);
  });
});

describe('times', () => {
  it('quick expiry picks add hours', () => {
    expect(expiryAfter(new Date('2026-07-01T02:00:00Z'), 6).toISOString()).toBe('2026-07-01T08:00:00.000Z');
  });

  it('counts down to the 叫应 deadline and past it', () => {
    const now = Date.parse('2026-07-01T02:00:00Z');
    expect(countdown('2026-07-01T02:05:07Z', now)).toEqual({ overdue: false, text: '05:07' });
    expect(countdown('2026-07-01T01:59:00Z', now)).toEqual({ overdue: true, text: '01:00' });
    expect(countdown('2026-07-01T03:00:01Z', now)).toEqual({ overdue: false, text: '1:00:01' });
    expect(countdown(null, now)).toBeNull();
  });
});

describe('coverage and progress', () => {
  it('formats the 公众覆盖率 (delivered / targeted) with one decimal', () => {
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
    expect(rateOf({ targeted: 8, delivered: 6, failed: 1, pending: 1, rate: null })).toBe(0.75);
    expect(rateOf({ targeted: 0, delivered: 0, failed: 0, pending: 0, rate: null })).toBeNull();
  });

  it('groups delivery states into the bar: queued+sending, sent, delivered, failed, stopped', () => {
    const s = progressSegments({ queued: 3, sending: 1, sent: 2, delivered: 10, failed: 1, skipped: 4 });
    expect(s).toEqual({ queued: 4, sent: 2, delivered: 10, failed: 1, stopped: 4, total: 21 });
    expect(share(s.delivered, s.total)).toBeCloseTo(47.62, 2);
    expect(share(1, 0)).toBe(0);
  });

  it('polls every 2 s while running or messages wait, 15 s once settled', () => {
    expect(progressPollMs('running', null)).toBe(2_000);
    expect(progressPollMs('done', progressSegments({ sent: 1 }))).toBe(2_000);
    expect(progressPollMs('done', progressSegments({ delivered: 5 }))).toBe(15_000);
  });

  it('totals the 叫应 board over township heads and village persons', () => {
    let n = 0;
    const person = (answeredAt: string | null) => ({
      id: String(++n),
      name: 'x',
      role: 'village' as const,
      phone: null,
      step: 'initial' as const,
      stepAt: '2026-07-01T01:50:00Z',
      dueAt: null,
      answeredAt,
      answerChannel: answeredAt ? ('link' as const) : null,
      answerNote: null,
      overdue: false,
    });
    const tally = { total: 0, answered: 0, overdue: 0 };
    expect(
      callTotals({
        warningId: 'w',
        ...tally,
        townships: [
          {
            code: '621026100',
            name: '新宁镇',
            ...tally,
            persons: [person('2026-07-01T02:00:00Z')],
            villages: [
              {
                code: '621026100200',
                name: '东关村',
                ...tally,
                persons: [person(null), person('2026-07-01T02:01:00Z')],
              },
            ],
          },
        ],
        county: [person(null)],
      }),
    ).toEqual({ answered: 2, total: 4 });
  });
});

describe('hazard from an alarm', () => {
  it('reads the hazard from the rule name or subject', async () => {
    const { guessHazard } = await import('./warnings-model.ts');
    expect(guessHazard('暴雨预警信号（新宁东关）')).toBe('rainstorm');
    expect(guessHazard('边坡位移加速')).toBe('geohazard');
    expect(guessHazard('可燃气体 25% LEL')).toBe('hazmat');
    expect(guessHazard('设备离线')).toBeNull();
  });
});
