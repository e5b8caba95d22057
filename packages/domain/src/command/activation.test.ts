import { describe, expect, it } from 'vitest';
import { hqMembersAt, planHazardTypesOf, rankPlans, splitPlanActions, unitNamedIn } from './activation.ts';

describe('plan suggestions', () => {
  it('maps an event type and its ancestors to the plans’ hazard types', () => {
    expect(planHazardTypesOf('landslide')).toEqual(['地质灾害']);
    expect(planHazardTypesOf('fireworks')).toEqual(['危险化学品', '火灾']);
    expect(planHazardTypesOf('road_traffic')).toEqual(['道路交通']);
  });

  it('ranks a matching 专项 plan first, then other matches, then general plans; enterprise plans only nearby', () => {
    const plans = [
      { id: 'overall', type: '总体', hazardTypes: ['综合'], enterprise: false, nearby: false },
      { id: 'dept', type: '部门', hazardTypes: ['地质灾害'], enterprise: false, nearby: false },
      { id: 'special', type: '专项', hazardTypes: ['地质灾害'], enterprise: false, nearby: false },
      { id: 'flood', type: '专项', hazardTypes: ['洪涝'], enterprise: false, nearby: false },
      { id: 'firm-far', type: '企业', hazardTypes: ['地质灾害'], enterprise: true, nearby: false },
      { id: 'firm-near', type: '企业', hazardTypes: ['地质灾害'], enterprise: true, nearby: true },
    ];
    expect(rankPlans(plans, 'landslide').map((p) => p.id)).toEqual([
      'special',
      'dept',
      'firm-near',
      'overall',
    ]);
    expect(rankPlans(plans, null).map((p) => p.id)).toEqual(['overall']);
  });
});

describe('activation checklist', () => {
  it('cuts actions at sentences, semicolons, lines and numbered items, without the numbering', () => {
    expect(
      splitPlanActions(
        '县防指总指挥坐镇指挥，全体成员单位到岗；组织群众转移。\n1、调集抢险力量（2）提请市防指支援',
      ),
    ).toEqual(['县防指总指挥坐镇指挥，全体成员单位到岗', '组织群众转移', '调集抢险力量', '提请市防指支援']);
    expect(splitPlanActions('县内发生 6.0 级以上地震')).toEqual(['县内发生 6.0 级以上地震']);
  });

  it('finds the first member unit a line names, by full or short name', () => {
    const units = ['宁县应急管理局', '宁县自然资源局', '宁县消防救援大队'];
    expect(unitNamedIn('县自然资源、应急管理部门和属地乡镇组织调查监测', units)).toBe('宁县自然资源局');
    expect(unitNamedIn('宁县消防救援大队设置警戒', units)).toBe('宁县消防救援大队');
    expect(unitNamedIn('做好舆情引导', units)).toBeNull();
  });

  it('calls the HQ members of the level', () => {
    const hq = [
      { role: '总指挥', name: '甲', unit: '县政府', phone: '13900000001', levels: ['Ⅰ级', 'Ⅱ级'] },
      {
        role: '联络员',
        name: '乙',
        unit: '应急局',
        phone: '13900000002',
        levels: ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'],
      },
    ];
    expect(hqMembersAt(hq, 'Ⅲ').map((m) => m.name)).toEqual(['乙']);
    expect(hqMembersAt(hq, 'Ⅰ').map((m) => m.name)).toEqual(['甲', '乙']);
  });
});
