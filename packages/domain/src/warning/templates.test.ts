import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { DEFAULT_WEATHER_SIGNAL_CONFIG, WEATHER_HAZARDS } from '../calc/weather-signal.ts';
import { WARNING_LEVELS } from './levels.ts';
import {
  composeEnglishText,
  composeWarningText,
  levelsOf,
  templateOf,
  WARNING_HAZARD_CAP,
  WARNING_HAZARD_LABELS,
  WARNING_HAZARDS,
  WARNING_TEMPLATES,
} from './templates.ts';

const JULY_1_10H = new Date('2026-07-01T02:00:00Z'); // 10:00 Beijing time
const JULY_1_22H = new Date('2026-07-01T14:00:00Z');

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return (e.details ?? []).map((d) => `${d.path}: ${d.message}`);
    throw e;
  }
  throw new Error('expected a validation_failed error');
}

describe('warning hazards and their levels (STANDARDS.md §3, §5.1, §6.2, §8)', () => {
  it('§3: each weather signal has exactly the levels of the national guide', () => {
    expect(levelsOf('rainstorm')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(levelsOf('snowstorm')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(levelsOf('coldwave')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(levelsOf('wind')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(levelsOf('heat')).toEqual(['yellow', 'orange', 'red']); // 高温 has no 蓝
    expect(levelsOf('drought')).toEqual(['orange', 'red']); // 干旱 2 levels
    expect(levelsOf('hail')).toEqual(['orange', 'red']); // 冰雹 2 levels
    expect(levelsOf('frost')).toEqual(['blue', 'yellow', 'orange']); // 霜冻 3 levels, no 红
    expect(levelsOf('dust')).toEqual(['yellow', 'orange', 'red']);
    expect(levelsOf('fog')).toEqual(['yellow', 'orange', 'red']);
    expect(levelsOf('road_icing')).toEqual(['yellow', 'orange', 'red']);
  });

  it('§3: the levels agree with the signal calculator (calc/weather-signal.ts) for every hazard it knows', () => {
    for (const hazard of WEATHER_HAZARDS) {
      const calcLevels = WARNING_LEVELS.filter((l) => DEFAULT_WEATHER_SIGNAL_CONFIG[hazard][l] !== undefined);
      expect(levelsOf(hazard), hazard).toEqual(calcLevels);
    }
  });

  it('§8 山洪, §6.2 地质灾害: four levels; §5.1 森林火险 signals 黄/橙/红 (火险三/四/五级); hazmat and other: all four', () => {
    expect(levelsOf('flash_flood')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(levelsOf('geohazard')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(levelsOf('forest_fire')).toEqual(['yellow', 'orange', 'red']);
    expect(levelsOf('hazmat')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(levelsOf('other')).toEqual(['blue', 'yellow', 'orange', 'red']);
  });

  it('every hazard has a zh/en label, a CAP category and event, and at least one level with non-empty texts', () => {
    for (const hazard of WARNING_HAZARDS) {
      expect(WARNING_HAZARD_LABELS[hazard].zh).not.toBe('');
      expect(WARNING_HAZARD_LABELS[hazard].en).not.toBe('');
      expect(['Met', 'Geo', 'Fire', 'CBRNE', 'Safety', 'Other']).toContain(
        WARNING_HAZARD_CAP[hazard].category,
      );
      expect(levelsOf(hazard).length).toBeGreaterThan(0);
      for (const level of levelsOf(hazard)) {
        const t = WARNING_TEMPLATES[hazard][level]!;
        expect(t.criterion.length, `${hazard} ${level}`).toBeGreaterThan(5);
        expect(t.guidance.length, `${hazard} ${level}`).toBeGreaterThan(0);
        for (const g of t.guidance) expect(g).not.toMatch(/[；。]$/); // numbered and punctuated when composed
      }
    }
  });

  it('CAP 1.2 categories: floods are Met, landslides Geo, forest fire Fire, chemical release CBRNE', () => {
    expect(WARNING_HAZARD_CAP.rainstorm).toEqual({ category: 'Met', event: '暴雨' });
    expect(WARNING_HAZARD_CAP.flash_flood.category).toBe('Met');
    expect(WARNING_HAZARD_CAP.geohazard.category).toBe('Geo');
    expect(WARNING_HAZARD_CAP.forest_fire.category).toBe('Fire');
    expect(WARNING_HAZARD_CAP.hazmat.category).toBe('CBRNE');
    expect(WARNING_HAZARD_CAP.other.category).toBe('Other');
  });

  it('§3 thresholds appear in the criterion wording of each level (暴雨, 暴雪, 大雾, 高温)', () => {
    expect(templateOf('rainstorm', 'blue')!.criterion).toMatch(/^12小时内降雨量将达50毫米以上/);
    expect(templateOf('rainstorm', 'yellow')!.criterion).toMatch(/^6小时内降雨量将达50毫米以上/);
    expect(templateOf('rainstorm', 'red')!.criterion).toMatch(/^3小时内降雨量将达100毫米以上/);
    expect(templateOf('snowstorm', 'orange')!.criterion).toMatch(/^6小时内降雪量将达10毫米以上/);
    expect(templateOf('fog', 'red')!.criterion).toMatch(/^2小时内可能出现能见度小于50米的雾/);
    expect(templateOf('heat', 'yellow')!.criterion).toContain('35℃');
    expect(templateOf('heat', 'blue')).toBeNull();
  });
});

describe('composeWarningText: standard wording (issue #5 part 2)', () => {
  it('§3 暴雨橙色: headline "宁县应急管理局发布暴雨橙色预警", the criterion and the 防御指南 of 暴雨橙色', () => {
    const text = composeWarningText({
      hazard: 'rainstorm',
      level: 'orange',
      issuerName: '宁县应急管理局',
      areaNames: ['早胜镇', '和盛镇'],
      effective: JULY_1_10H,
      expires: JULY_1_22H,
    });
    expect(text.headline).toBe('宁县应急管理局发布暴雨橙色预警');
    expect(text.event).toBe('暴雨');
    expect(text.description).toBe(
      '宁县应急管理局发布暴雨橙色预警（Ⅱ级，严重）。预警区域：早胜镇、和盛镇。' +
        '生效时间：2026年7月1日10时00分；失效时间：2026年7月1日22时00分。' +
        '暴雨橙色预警标准：3小时内降雨量将达50毫米以上，或者已达50毫米以上且降雨可能持续。',
    );
    expect(text.instruction).toBe(
      '1.政府及相关部门按照职责做好防暴雨应急工作；2.切断有危险的室外电源，暂停户外作业；' +
        '3.处于危险地带的单位应当停课、停业，采取专门措施保护已到校学生、幼儿和其他上班人员的安全；' +
        '4.做好城市、农田的排涝，注意防范可能引发的山洪、滑坡、泥石流等灾害。',
    );
  });

  it('§3 暴雨红色 guidance: 停止集会、停课、停业（除特殊行业外）', () => {
    const text = composeWarningText({
      hazard: 'rainstorm',
      level: 'red',
      issuerName: '宁县应急管理局',
      areaNames: ['宁县'],
    });
    expect(text.headline).toBe('宁县应急管理局发布暴雨红色预警');
    expect(text.instruction).toContain('2.停止集会、停课、停业（除特殊行业外）');
    expect(text.description).not.toContain('生效时间'); // no times given, none stated
  });

  it('Beijing time across midnight UTC: 2026-06-30T16:30Z is 2026年7月1日00时30分', () => {
    const text = composeWarningText({
      hazard: 'heat',
      level: 'red',
      issuerName: '宁县应急管理局',
      areaNames: ['宁县'],
      expires: new Date('2026-06-30T16:30:00Z'),
    });
    expect(text.description).toContain('失效时间：2026年7月1日00时30分。');
  });

  it('other: the event word comes from eventName, or is left out', () => {
    expect(
      composeWarningText({
        hazard: 'other',
        level: 'yellow',
        issuerName: '宁县应急管理局',
        areaNames: ['新宁镇'],
      }).headline,
    ).toBe('宁县应急管理局发布黄色预警');
    const named = composeWarningText({
      hazard: 'other',
      level: 'yellow',
      issuerName: '宁县应急管理局',
      areaNames: ['新宁镇'],
      eventName: '城市供水中断',
    });
    expect(named.headline).toBe('宁县应急管理局发布城市供水中断黄色预警');
    expect(named.event).toBe('城市供水中断');
  });

  it('a level the hazard does not have (高温蓝色, 冰雹黄色) is refused, naming the levels it has', () => {
    expect(
      problems(() =>
        composeWarningText({
          hazard: 'heat',
          level: 'blue',
          issuerName: '宁县应急管理局',
          areaNames: ['宁县'],
        }),
      ),
    ).toEqual(['level: 高温预警没有蓝色级别，可选：黄色、橙色、红色']);
    expect(
      problems(() =>
        composeWarningText({
          hazard: 'hail',
          level: 'yellow',
          issuerName: '宁县应急管理局',
          areaNames: ['宁县'],
        }),
      ),
    ).toEqual(['level: 冰雹预警没有黄色级别，可选：橙色、红色']);
  });

  it('bad input lists every problem at once: empty issuer, no area, expiry before effective', () => {
    const list = problems(() =>
      composeWarningText({
        hazard: 'rainstorm',
        level: 'orange',
        issuerName: ' ',
        areaNames: [],
        effective: JULY_1_22H,
        expires: JULY_1_10H,
      }),
    );
    expect(list).toEqual(
      expect.arrayContaining([
        'issuerName: 不能为空',
        'areaNames: 至少一个预警区域',
        'expires: 失效时间不能早于生效时间',
      ]),
    );
    expect(list).toHaveLength(3);
  });

  it('effective equal to expires is allowed (CAP: effective not after expires)', () => {
    expect(() =>
      composeWarningText({
        hazard: 'fog',
        level: 'yellow',
        issuerName: '宁县应急管理局',
        areaNames: ['宁县'],
        effective: JULY_1_10H,
        expires: JULY_1_10H,
      }),
    ).not.toThrow();
  });

  it('every hazard and level composes', () => {
    for (const hazard of WARNING_HAZARDS)
      for (const level of levelsOf(hazard)) {
        const text = composeWarningText({ hazard, level, issuerName: '宁县应急管理局', areaNames: ['宁县'] });
        expect(text.headline).toMatch(/^宁县应急管理局发布.*(蓝|黄|橙|红)色预警$/);
        expect(text.instruction).toMatch(/^1\..+。$/);
      }
  });
});

describe('composeEnglishText: the optional English info block', () => {
  it('short and plain, with Beijing time marked UTC+8', () => {
    const text = composeEnglishText({
      hazard: 'rainstorm',
      level: 'orange',
      issuerName: 'Ning County Emergency Management Bureau',
      areaNames: ['Zaosheng', 'Hesheng'],
      expires: JULY_1_22H,
    });
    expect(text).toEqual({
      headline: 'Ning County Emergency Management Bureau: Orange Rainstorm Warning',
      description:
        'Orange rainstorm warning (level II; I is the highest) for Zaosheng, Hesheng, valid until 2026-07-01 22:00 (UTC+8).',
      instruction:
        'Stop outdoor activities, stay away from dangerous areas and follow instructions from local authorities.',
      event: 'Rainstorm',
    });
  });
});
