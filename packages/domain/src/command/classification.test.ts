import { describe, expect, it } from 'vitest';
import { isDroughtHazard, isShortCasualtyWindow } from '../calc/report-deadlines.ts';
import {
  describeEventType,
  EVENT_CLASS_LABELS,
  EVENT_CLASSES,
  EVENT_TYPES,
  eventClassOf,
  eventTypeLineage,
  EventTypeIdSchema,
  getEventType,
  gradingRuleOf,
  isEventTypeId,
  isGradedClass,
  listEventTypes,
  reportingRegimeOf,
  type EventTypeId,
} from './classification.ts';

const zh = (types: { zh: string }[]) => types.map((t) => t.zh);

describe('event classes, 《突发事件应对法》 (STANDARDS.md §2.3)', () => {
  it('has exactly the four classes 自然灾害、事故灾难、公共卫生事件、社会安全事件', () => {
    expect(EVENT_CLASSES.map((c) => EVENT_CLASS_LABELS[c].zh)).toEqual([
      '自然灾害',
      '事故灾难',
      '公共卫生事件',
      '社会安全事件',
    ]);
  });

  it('grades the first three classes only (社会安全事件 is not graded)', () => {
    expect(isGradedClass('landslide')).toBe(true);
    expect(isGradedClass('coal_mine')).toBe(true);
    expect(isGradedClass('infectious_disease')).toBe(true);
    expect(isGradedClass('mass_incident')).toBe(false);
  });
});

describe('event types, 国家突发公共事件总体应急预案 1.3 分类分级', () => {
  it('自然灾害: 水旱、气象、地震、地质、海洋、生物灾害和森林草原火灾', () => {
    expect(zh(listEventTypes('natural_disaster'))).toEqual([
      '水旱灾害',
      '气象灾害',
      '地震灾害',
      '地质灾害',
      '海洋灾害',
      '生物灾害',
      '森林草原火灾',
    ]);
  });

  it('事故灾难: 工矿商贸安全事故、交通运输事故、（火灾事故）、公共设施和设备事故、环境污染和生态破坏事件', () => {
    expect(zh(listEventTypes('accident_disaster'))).toEqual([
      '工矿商贸生产安全事故',
      '交通运输事故',
      '火灾事故',
      '公共设施和设备事故',
      '环境污染和生态破坏事件',
    ]);
    expect(zh(listEventTypes('work_safety'))).toEqual(
      expect.arrayContaining(['煤矿', '非煤矿山', '危险化学品', '烟花爆竹', '建筑施工']),
    );
  });

  it('公共卫生事件 and 社会安全事件 as the plan lists them', () => {
    expect(zh(listEventTypes('public_health'))).toEqual([
      '传染病疫情',
      '群体性不明原因疾病',
      '食品安全事件',
      '职业危害',
      '动物疫情',
    ]);
    expect(zh(listEventTypes('social_security'))).toEqual(
      expect.arrayContaining(['恐怖袭击事件', '经济安全事件', '涉外突发事件']),
    );
  });

  it('is a closed, consistent catalogue: unique ids, parents exist and share the class, labels in both languages', () => {
    const ids = EVENT_TYPES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of EVENT_TYPES) {
      expect(t.zh.length).toBeGreaterThan(0);
      expect(t.en.length).toBeGreaterThan(0);
      if (t.parent !== null) {
        expect(isEventTypeId(t.parent)).toBe(true);
        expect(eventClassOf(t.parent as EventTypeId)).toBe(t.eventClass);
      }
    }
    expect(EventTypeIdSchema.safeParse('landslide').success).toBe(true);
    expect(EventTypeIdSchema.safeParse('alien_invasion').success).toBe(false);
    expect(isEventTypeId('alien_invasion')).toBe(false);
  });

  it('describes a type with its lineage', () => {
    expect(eventTypeLineage('landslide')).toEqual(['landslide', 'geological']);
    expect(describeEventType('landslide')).toBe('滑坡（地质灾害·自然灾害）');
    expect(describeEventType('coal_mine')).toBe('煤矿（工矿商贸生产安全事故·事故灾难）');
    expect(describeEventType('mass_incident')).toBe('群体性事件（社会安全事件）');
  });
});

describe('which grading rule applies', () => {
  it('493号令 第三条 for every 工矿商贸 production-safety accident type', () => {
    for (const t of ['work_safety', ...listEventTypes('work_safety').map((s) => s.id)] as EventTypeId[])
      expect(gradingRuleOf(t), t).toBe('accident_493');
  });

  it('493号令 for 道路交通 and 火灾 accidents too (第十三条 names them)', () => {
    expect(gradingRuleOf('road_traffic')).toBe('accident_493');
    expect(gradingRuleOf('fire_accident')).toBe('accident_493');
  });

  it('森林防火条例 第四十条 for forest fires; no computed rule for grassland fires or geological disasters', () => {
    expect(gradingRuleOf('forest_fire')).toBe('forest_fire');
    expect(gradingRuleOf('forest_grassland_fire')).toBe('forest_fire');
    expect(gradingRuleOf('grassland_fire')).toBe('none');
    expect(gradingRuleOf('landslide')).toBe('none');
    expect(gradingRuleOf('railway')).toBe('none');
    expect(gradingRuleOf('infectious_disease')).toBe('none');
  });
});

describe('which reporting regime applies', () => {
  it('493号令 for accidents, with the 7-day casualty window only for 道路交通 and 火灾 (第十三条)', () => {
    expect(reportingRegimeOf('coal_mine')).toEqual({ regime: 'accident' });
    const road = reportingRegimeOf('road_traffic');
    const fire = reportingRegimeOf('fire_accident');
    expect(road).toEqual({ regime: 'accident', accidentType: 'road-traffic' });
    expect(fire).toEqual({ regime: 'accident', accidentType: 'fire' });
    // the ids are the ones report-deadlines.ts recognises
    expect(road.regime === 'accident' && isShortCasualtyWindow(road.accidentType)).toBe(true);
    expect(fire.regime === 'accident' && isShortCasualtyWindow(fire.accidentType)).toBe(true);
  });

  it('统计制度 for natural disasters; 干旱 switches 续报 to every 10 days (STANDARDS.md §9)', () => {
    const drought = reportingRegimeOf('drought');
    const flood = reportingRegimeOf('flood');
    expect(drought).toEqual({ regime: 'disaster', hazard: '干旱' });
    expect(drought.regime === 'disaster' && isDroughtHazard(drought.hazard)).toBe(true);
    expect(flood.regime === 'disaster' && isDroughtHazard(flood.hazard)).toBe(false);
  });

  it('every disaster type of the 统计制度 is reported under it', () => {
    const hazards = EVENT_TYPES.map((t) => t.reporting).flatMap((r) =>
      r.regime === 'disaster' ? [r.hazard] : [],
    );
    for (const h of [
      '洪涝',
      '干旱',
      '台风',
      '风雹',
      '低温冷冻',
      '雪灾',
      '沙尘暴',
      '地震',
      '崩塌',
      '滑坡',
      '泥石流',
      '风暴潮',
      '海啸',
      '森林草原火灾',
      '重大生物灾害',
    ])
      expect(hazards, h).toContain(h);
  });

  it('no statutory clock here for public-health, social-security, environmental or railway events', () => {
    for (const t of ['infectious_disease', 'mass_incident', 'environment', 'railway'] as const)
      expect(reportingRegimeOf(t)).toEqual({ regime: 'general' });
    expect(getEventType('environment').zh).toBe('环境污染和生态破坏事件');
  });
});
