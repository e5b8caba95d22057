import { describe, expect, it } from 'vitest';
import { DEFAULT_LEC_CONFIG } from '../calc/lec.ts';
import { DEFAULT_MAJOR_HAZARD_CONFIG } from '../calc/major-hazard.ts';
import {
  createRequestSchema,
  deriveRecord,
  recordKey,
  updateRequestSchema,
  type DeriveContext,
  type RegistryDef,
} from './fields.ts';
import { findRegistry, REGISTRIES } from './registries.ts';

const ctx: DeriveContext = {
  today: '2026-11-29',
  lec: DEFAULT_LEC_CONFIG,
  majorHazard: DEFAULT_MAJOR_HAZARD_CONFIG,
  planReviewYears: 3,
  expiringWithinDays: 30,
};
const reg = (key: string): RegistryDef => findRegistry(key)!;
const derive = (key: string, attrs: Record<string, unknown>, geometry: unknown = null) =>
  deriveRecord(reg(key), { attrs, geometry: geometry as never }, ctx);

describe('registry definitions', () => {
  it('have unique keys and entity types, and refer only to registries that exist', () => {
    expect(new Set(REGISTRIES.map((r) => r.key)).size).toBe(REGISTRIES.length);
    expect(new Set(REGISTRIES.map((r) => r.entityType)).size).toBe(REGISTRIES.length);
    for (const r of REGISTRIES) {
      expect(new Set(r.fields.map((f) => f.key)).size, r.key).toBe(r.fields.length);
      for (const f of r.fields)
        if (f.type === 'ref') expect(findRegistry(f.to), `${r.key}.${f.key}`).toBeDefined();
      if (r.keyField) expect(r.fields.some((f) => f.key === r.keyField && f.type !== 'rows')).toBe(true);
      if (r.gradeField) {
        const field = r.fields.find((f) => f.key === r.gradeField);
        expect(field?.type).toBe('enum');
        if (field?.type === 'enum') expect(r.grades?.map((g) => g.key)).toEqual([...field.options]);
      }
    }
  });
});

describe('request schemas', () => {
  const team = createRequestSchema(reg('rescue-teams'));
  const good = {
    name: '宁县森林草原防灭火专业队',
    regionCode: '621026100',
    lon: 107.93,
    lat: 35.5,
    attrs: {
      kind: '专业',
      specialties: ['森林草原防灭火'],
      headcount: 30,
      readiness: '待命',
      leader: '张队长',
      leaderPhone: '13900000001',
    },
  };

  it('accept a complete record and fill optional fields with null or []', () => {
    const r = team.parse(good);
    expect(r.attrs.equipment).toBeNull();
    expect(r.enterpriseId).toBeNull();
    expect(r.geometry).toBeNull();
  });

  it('list every bad field at once, by its path under attrs', () => {
    const r = team.safeParse({
      ...good,
      lon: 'x',
      attrs: {
        ...good.attrs,
        kind: '民兵',
        specialties: ['魔法'],
        headcount: -1,
        leaderPhone: '123',
        extra: 1,
      },
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'lon',
        'attrs.kind',
        'attrs.specialties.0',
        'attrs.headcount',
        'attrs.leaderPhone',
        'attrs',
      ]),
    );
  });

  it('require a line for pipelines and a closed ring for polygons', () => {
    const pipe = createRequestSchema(reg('pipelines'));
    const bad = pipe.safeParse({
      name: 'x',
      regionCode: '621026',
      attrs: { kind: '城镇燃气管道', medium: '天然气' },
    });
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toContain('geometry');
    const zone = createRequestSchema(reg('flood-zones'));
    const open = zone.safeParse({
      name: 'x',
      regionCode: '621026100',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [107.9, 35.5],
            [107.95, 35.5],
            [107.95, 35.55],
            [107.9, 35.56],
          ],
        ],
      },
      attrs: { level: '危险区', responsible: '李', responsiblePhone: '13900000002' },
    });
    expect(open.error!.issues.map((i) => i.message)).toContain('面的每个环须首尾闭合');
  });

  it('updates accept a part of attrs without filling the rest', () => {
    const u = updateRequestSchema(reg('rescue-teams')).parse({ attrs: { headcount: 12 } });
    expect(u).toEqual({ attrs: { headcount: 12 } });
  });
});

describe('derived results', () => {
  it('major hazard unit: GB 18218-2018 §4.1.2 S = Σq/Q and §4.2 grade from R (liquid ammonia 10 t, Q = 10 t)', () => {
    const d = derive('hazard-sources', {
      unitType: '储存单元',
      substances: [{ name: '液氨', cas: null, category: null, quantity: 20 }],
      exposedPeople: 0,
    });
    expect(d.problems).toEqual([]);
    expect(d.derived).toMatchObject({ S: 2, isMajorHazard: true });
    // β(氨) = 2 (Table 3), α = 0.5 (Table 5, 0 people), R = 0.5 · 2 · 2 = 2 → 四级 (R < 10, Table 6)
    expect(d.derived).toMatchObject({ alpha: 0.5, R: 2, grade: 4 });
    expect(d.grade).toBe('4');
  });

  it('major hazard unit below S = 1 is graded "none"; an unknown chemical is a problem at its row', () => {
    expect(
      derive('hazard-sources', { substances: [{ name: '汽油', quantity: 10 }], exposedPeople: 5 }).grade,
    ).toBe('none');
    const bad = derive('hazard-sources', {
      substances: [{ name: '不存在的化学品', quantity: 1 }],
      exposedPeople: 0,
    });
    expect(bad.problems.map((p) => p.path)).toEqual(['substances.0.name']);
  });

  it('risk point: LEC D = L·E·C with STANDARDS §4.1 bands and the default §4.2 colour mapping', () => {
    expect(derive('risk-points', { L: 6, E: 6, C: 15 })).toMatchObject({
      derived: { D: 540, danger: '极其危险', riskLevel: '重大风险', color: 'red' },
      grade: 'red',
    });
    expect(derive('risk-points', { L: 1, E: 6, C: 3 }).grade).toBe('blue'); // D = 18 稍有危险
  });

  it('plans older than the configured review period are flagged', () => {
    expect(derive('plans', { issuedOn: '2023-11-28', levels: [] })).toMatchObject({
      derived: { revisionDueOn: '2026-11-28', daysToRevision: -1 },
      grade: 'overdue',
    });
    expect(derive('plans', { issuedOn: '2024-01-01', levels: [] }).grade).toBe('current');
    const dup = derive('plans', {
      issuedOn: '2024-01-01',
      levels: [{ level: 'Ⅳ级' }, { level: 'Ⅳ级' }],
    });
    expect(dup.problems).toEqual([{ path: 'levels.1.level', message: '响应级别 Ⅳ级 重复' }]);
  });

  it('special equipment inspection due dates: overdue, due within the window, in date', () => {
    const g = (on: string) => derive('special-equipment', { status: '在用', nextInspectionOn: on }).grade;
    expect([g('2026-11-28'), g('2026-12-29'), g('2026-12-30')]).toEqual(['overdue', 'due', 'ok']);
    expect(derive('special-equipment', { status: '停用', nextInspectionOn: '2020-01-01' }).grade).toBeNull();
  });

  it('pipeline length in km from its line', () => {
    // 0.01° of latitude ≈ 1.112 km
    const d = derive(
      'pipelines',
      { kind: '城镇燃气管道' },
      {
        type: 'LineString',
        coordinates: [
          [107.9, 35.5],
          [107.9, 35.51],
        ],
      },
    );
    expect(d.derived!.lengthKm).toBeCloseTo(1.112, 2);
    expect(d.grade).toBe('城镇燃气管道');
  });

  it('grade from an enum field when there is no derivation', () => {
    expect(derive('geo-hazards', { scale: '中型' }).grade).toBe('中型');
  });
});

describe('record keys', () => {
  it('use the key field when the registry has one, else enterprise + region + name', () => {
    const base = { name: 'A', regionCode: '621026100', enterpriseId: null };
    expect(recordKey(reg('wells'), { ...base, attrs: { code: 'N-1' } })).toBe('k:N-1');
    expect(recordKey(reg('shelters'), { ...base, attrs: {} })).toBe('n::621026100:A');
  });
});
