/** 应急通讯录 rules: duty-list problems, the 三委四部 names and order, positions, and the search. */
import { describe, expect, it } from 'vitest';
import type { ContactView } from './api.ts';
import {
  bodyRank,
  bodyShortName,
  compareMembers,
  dutyListProblems,
  filterDirectory,
  normaliseDuties,
  positionLabel,
  type DirectoryBody,
  type DirectoryMember,
} from './directory.ts';

const person = (over: Partial<ContactView>): ContactView => ({
  id: over.name ?? 'x',
  name: '某人',
  duty: 'liaison',
  phone: '13900010001',
  officePhone: null,
  title: null,
  regionCode: '621026',
  orgUnitId: null,
  bodyId: null,
  note: null,
  isDemo: false,
  createdAt: '2026-03-02T01:00:00.000Z',
  updatedAt: '2026-03-02T01:00:00.000Z',
  ...over,
});

const member = (unitName: string, contacts: ContactView[] = [], role: 'lead' | 'member' = 'member') =>
  ({
    unitId: unitName,
    unitName,
    unitKind: 'department',
    role,
    duties: ['负责某事'],
    isDemo: false,
    updatedAt: '2026-03-02T01:00:00.000Z',
    contacts,
  }) satisfies DirectoryMember;

const flood: DirectoryBody = {
  id: 'fx',
  name: '宁县防汛抗旱指挥部',
  shortName: '防汛抗旱',
  kind: 'headquarters',
  regionCode: '621026',
  leadership: [
    person({ name: '王县长', duty: 'body_director', phone: '13900010002', title: '县人民政府县长' }),
  ],
  members: [
    member(
      '宁县水务局',
      [person({ name: '张局长', duty: 'unit_leader', officePhone: '0934-0000101' })],
      'lead',
    ),
    member('宁县气象局', [person({ name: '李联络', duty: 'liaison', phone: '13900010003' })]),
  ],
};
const safety: DirectoryBody = {
  ...flood,
  id: 'aw',
  name: '宁县安全生产委员会',
  shortName: '安委会',
  kind: 'committee',
  leadership: [],
  members: [member('宁县水务局'), member('宁县公安局')],
};

describe('duty list (责任清单) problems', () => {
  it('lists every problem at once, each on its item', () => {
    const items = normaliseDuties(['  负责水情监测预报  ', '', '负责水情监测预报', 'x'.repeat(201)]);
    expect(items[0]).toBe('负责水情监测预报');
    expect(dutyListProblems(items)).toEqual([
      { path: 'duties.1', message: '第 2 条为空' },
      { path: 'duties.2', message: '第 3 条与第 1 条重复' },
      { path: 'duties.3', message: '第 4 条超过 200 字' },
    ]);
  });

  it('refuses more than 30 items and accepts an empty list', () => {
    const many = Array.from({ length: 31 }, (_, i) => `职责${i}`);
    expect(dutyListProblems(many)).toEqual([{ path: 'duties', message: '责任清单最多 30 条，现有 31 条' }]);
    expect(dutyListProblems([])).toEqual([]);
  });
});

describe('三委四部 names and positions', () => {
  it('shortens the seven bodies and orders them as the plan lists them', () => {
    expect(bodyShortName('宁县安全生产委员会')).toBe('安委会');
    expect(bodyShortName('宁县消防安全委员会')).toBe('消安委');
    expect(bodyShortName('宁县森林草原防灭火指挥部')).toBe('森林防灭火');
    expect(bodyShortName('宁县防灾减灾救灾委员会')).toBe('宁县防灾减灾救灾委员会');
    const names = ['宁县地质灾害应急指挥部', '宁县防汛抗旱指挥部', '宁县减灾委员会', '宁县安全生产委员会'];
    expect([...names].sort((a, b) => bodyRank(a) - bodyRank(b))).toEqual([
      '宁县安全生产委员会',
      '宁县减灾委员会',
      '宁县防汛抗旱指挥部',
      '宁县地质灾害应急指挥部',
    ]);
  });

  it('a committee has a 主任, a headquarters a 总指挥', () => {
    expect(positionLabel('body_director', 'committee')).toBe('主任');
    expect(positionLabel('body_director', 'headquarters')).toBe('总指挥');
    expect(positionLabel('body_deputy', 'headquarters')).toBe('副总指挥');
    expect(positionLabel('liaison', 'committee')).toBe('联络员');
  });

  it('puts 牵头 units first', () => {
    const sorted = [member('宁县气象局'), member('宁县水务局', [], 'lead')].sort(compareMembers);
    expect(sorted.map((m) => m.unitName)).toEqual(['宁县水务局', '宁县气象局']);
  });
});

describe('directory search', () => {
  const bodies = [safety, flood];

  it('finds a member unit in every body it belongs to, with all its people', () => {
    const found = filterDirectory(bodies, '水务');
    expect(found.map((b) => b.shortName)).toEqual(['安委会', '防汛抗旱']);
    expect(found[1]!.members.map((m) => m.unitName)).toEqual(['宁县水务局']);
    expect(found[1]!.members[0]!.contacts).toHaveLength(1);
    expect(found[1]!.leadership).toEqual([]);
  });

  it('finds a person by name, title or phone (with or without the dash)', () => {
    expect(filterDirectory(bodies, '李联络')[0]!.members.map((m) => m.unitName)).toEqual(['宁县气象局']);
    expect(filterDirectory(bodies, '县长')[0]!.leadership.map((c) => c.name)).toEqual(['王县长']);
    expect(filterDirectory(bodies, '09340000101')[0]!.members.map((m) => m.unitName)).toEqual(['宁县水务局']);
    expect(filterDirectory(bodies, '10003')[0]!.members.map((m) => m.unitName)).toEqual(['宁县气象局']);
  });

  it('keeps a body whole when its name matches, and everything for an empty query', () => {
    expect(filterDirectory(bodies, '防汛')).toEqual([flood]);
    expect(filterDirectory(bodies, '  ')).toEqual(bodies);
    expect(filterDirectory(bodies, '不存在的单位')).toEqual([]);
  });
});
