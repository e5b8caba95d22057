import { describe, expect, it } from 'vitest';
// The schemas exactly as GET /monitoring/rule-templates writes them (alarm-rules.service.ts `templates`).
import { z } from 'zod';
import {
  ALARM_RULE_TEMPLATES,
  buildRuleFromTemplate,
  type AlarmRuleTemplateName,
  type StationView,
} from '@ningan/domain';
import {
  buildFormTree,
  changedPaths,
  formToParams,
  OFF,
  ON,
  paramsToForm,
  placeProblems,
  type FieldNode,
  type FormRoot,
  type JsonSchema,
  type ObjectNode,
} from './schema-form-model.ts';
import {
  citationOf,
  defaultPaths,
  gasVariantOf,
  hintsOf,
  prefillParams,
  templateSuits,
} from './rule-templates.ts';
import { fieldLabel, fieldUnit, optionLabel } from './rules-labels.ts';

const schemaOf = (name: AlarmRuleTemplateName) =>
  z.toJSONSchema(ALARM_RULE_TEMPLATES[name].params, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
const treeOf = (name: AlarmRuleTemplateName) =>
  buildFormTree(schemaOf(name), { defaults: defaultPaths(name) });

function child(node: FormRoot | FieldNode, ...path: string[]): FieldNode {
  let current: FormRoot | FieldNode = node;
  for (const key of path) {
    const children: FieldNode[] =
      current.kind === 'object'
        ? current.children
        : current.kind === 'variants'
          ? current.variants.flatMap((v) => v.children)
          : current.kind === 'array'
            ? [current.item]
            : [];
    const next = children.find((c) => c.key === key);
    if (!next) throw new Error(`no ${key} under ${current.path.join('.')}`);
    current = next;
  }
  return current;
}

function station(
  metrics: { metric: string; warningStage?: number; guaranteedStage?: number }[],
): StationView {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    code: 'WL-0001',
    name: '新宁桥水位站',
    kind: 'water_level',
    regionCode: '621026100',
    lon: 108.3,
    lat: 35.5,
    ledgerRecordId: null,
    ledgerRegistry: null,
    ledgerRecordName: null,
    enterpriseId: null,
    enterpriseName: null,
    ownerDepartmentId: null,
    orgUnitId: null,
    note: null,
    enabled: true,
    sensors: metrics.map((m, i) => ({
      id: `s${i}`,
      stationId: 'x',
      metric: m.metric as StationView['sensors'][number]['metric'],
      label: null,
      unit: 'm',
      validMin: 0,
      validMax: 1000,
      samplingSeconds: 300,
      warningStage: m.warningStage ?? null,
      guaranteedStage: m.guaranteedStage ?? null,
      enabled: true,
      latest: null,
      createdAt: '',
      updatedAt: '',
    })),
    health: { status: 'online', lastSeenAt: null, battery: null, signal: null, offlineAfterSeconds: 900 },
    quarantined: 0,
    secretSetAt: '',
    createdAt: '',
    updatedAt: '',
  };
}

describe('JSON Schema → form tree', () => {
  it('leaves out what the platform fills in (id, subject, version) and the name asked apart', () => {
    for (const name of Object.keys(ALARM_RULE_TEMPLATES) as AlarmRuleTemplateName[]) {
      const tree = treeOf(name);
      const keys =
        tree.kind === 'object'
          ? tree.children.map((c) => c.key)
          : tree.variants[0]!.children.map((c) => c.key);
      expect(keys, name).not.toContain('id');
      expect(keys, name).not.toContain('subject');
      expect(keys, name).not.toContain('version');
      expect(keys, name).not.toContain('name');
      expect(keys, name).toContain('noData');
    }
  });

  it('water level: numbers, the gauge as a stream, enums of levels, durations in minutes', () => {
    const tree = treeOf('water-level');
    expect(child(tree, 'gauge')).toMatchObject({ kind: 'stream', required: true });
    expect(child(tree, 'warningStage')).toMatchObject({ kind: 'number', required: true, duration: false });
    expect(child(tree, 'stageLevels', 'warning')).toMatchObject({
      kind: 'enum',
      options: ['blue', 'yellow', 'orange', 'red'],
    });
    // stageLevels' parts have template defaults: no switch, filled in when left out.
    expect(child(tree, 'stageLevels')).toMatchObject({ kind: 'object', toggle: false, inline: true });
    const window = child(tree, 'rise', 'windowMs');
    expect(window).toMatchObject({
      kind: 'number',
      integer: true,
      duration: true,
      min: 0,
      exclusiveMin: true,
    });
    // zod's safe-integer maximum is not a real bound.
    expect(window).not.toHaveProperty('max');
    expect(child(tree, 'rise', 'mPerHour', 'red')).toMatchObject({ kind: 'number', exclusiveMin: true });
  });

  it('noData: a nullable required group with the timeout (minutes), handling alarm/keep/normal and a level', () => {
    const noData = child(treeOf('rainstorm-signal'), 'noData') as ObjectNode;
    expect(noData).toMatchObject({ kind: 'object', nullable: true, required: true, toggle: false });
    expect(child(noData, 'timeoutMs')).toMatchObject({ kind: 'number', duration: true, required: true });
    expect(child(noData, 'handling')).toMatchObject({ kind: 'enum', options: ['alarm', 'keep', 'normal'] });
    expect(child(noData, 'level')).toMatchObject({ kind: 'enum', required: false });
  });

  it('暴雨 thresholds: each level a nullable optional {window, mm} (null drops the level)', () => {
    const blue = child(treeOf('rainstorm-signal'), 'thresholds', 'blue');
    expect(blue).toMatchObject({
      kind: 'object',
      nullable: true,
      required: false,
      toggle: false,
      inline: true,
    });
    expect(child(blue, 'window')).toMatchObject({ kind: 'enum', options: ['1h', '3h', '6h', '12h', '24h'] });
  });

  it('flash flood: an array of gauge streams (1–20) and the critical rainfall table', () => {
    const tree = treeOf('flash-flood');
    expect(child(tree, 'gauges')).toMatchObject({
      kind: 'array',
      minItems: 1,
      maxItems: 20,
      item: { kind: 'stream', path: ['gauges', '[]'] },
    });
    expect(child(tree, 'criticalRainfall', 'yellow', '6h')).toMatchObject({ kind: 'number' });
  });

  it('gas detector: variants told apart by `gas`, each with its own fields', () => {
    const tree = treeOf('gas-detector');
    expect(tree.kind).toBe('variants');
    if (tree.kind !== 'variants') return;
    expect(tree.discriminator).toBe('gas');
    expect(tree.variants.map((v) => v.value)).toEqual(['combustible', 'toxic']);
    const toxic = tree.variants[1]!.children.map((c) => c.key);
    expect(toxic).toEqual(expect.arrayContaining(['detector', 'oel', 'unit', 'firstAlarm', 'secondAlarm']));
    expect(tree.variants[0]!.children.map((c) => c.key)).not.toContain('oel');
    // GB/T 50493-2019 §5.5 ceilings as the set points' maxima.
    expect(child(tree.variants[0]!.children.find((c) => c.key === 'firstAlarm')!)).toMatchObject({ max: 25 });
  });

  it('tank: each quantity is switched on (its sensor has no default)', () => {
    const tree = treeOf('tank');
    expect(child(tree, 'level')).toMatchObject({ kind: 'object', toggle: true });
    expect(child(tree, 'level', 'sensor')).toMatchObject({ kind: 'stream' });
    expect(child(tree, 'alarmLevels')).toMatchObject({ toggle: false });
  });

  it('unknown shapes become JSON fields', () => {
    const tree = buildFormTree({
      type: 'object',
      properties: { odd: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
    });
    expect(child(tree, 'odd')).toMatchObject({ kind: 'json' });
  });
});

describe('form values ↔ parameters', () => {
  it('water level: a prefilled draft builds a valid rule (警戒/保证水位 from the sensor)', () => {
    const s = station([{ metric: 'water_level', warningStage: 352, guaranteedStage: 354 }]);
    const tree = treeOf('water-level');
    const values = paramsToForm(tree, prefillParams('water-level', s));
    expect(values).toMatchObject({
      gauge: { device: 'WL-0001', metric: 'water_level' },
      warningStage: 352,
      guaranteeStage: 354,
      // The station's offline threshold (900 s), in minutes; alarm by default.
      noData: { timeoutMs: 15, handling: 'alarm', [OFF]: false },
    });
    const params = formToParams(tree, values, hintsOf('water-level').defaults(undefined));
    expect(params).toEqual({
      gauge: { device: 'WL-0001', metric: 'water_level' },
      warningStage: 352,
      guaranteeStage: 354,
      noData: { timeoutMs: 900_000, handling: 'alarm' },
    });
    const rule = buildRuleFromTemplate('water-level', { ...params, id: 'draft', subject: 'WL-0001' });
    expect(rule.levels.yellow?.when).toEqual({ op: '>=', signal: 'stage', raise: 352 });
  });

  it('leaves out empty optional groups, and completes a partly filled one from the template defaults', () => {
    const tree = treeOf('water-level');
    const defaults = hintsOf('water-level').defaults(undefined);
    const base = { gauge: { device: 'WL', metric: 'water_level' }, warningStage: 1, guaranteeStage: 2 };
    expect(
      formToParams(
        tree,
        { ...base, stageLevels: {}, rise: { mPerHour: {} }, noData: { [OFF]: true } },
        defaults,
      ),
    ).toEqual({ ...base, noData: null });
    // Only 保证水位's level given: 警戒水位's comes from DEFAULT_STAGE_LEVELS (yellow).
    expect(
      formToParams(
        tree,
        { ...base, stageLevels: { guarantee: 'orange' }, noData: { [OFF]: true } },
        defaults,
      ),
    ).toMatchObject({ stageLevels: { warning: 'yellow', guarantee: 'orange' } });
    // A rise threshold: the group is sent with its window in ms.
    expect(
      formToParams(
        tree,
        { ...base, rise: { windowMs: 30, mPerHour: { red: 0.5 } }, noData: { [OFF]: true } },
        defaults,
      ),
    ).toMatchObject({ rise: { windowMs: 1_800_000, mPerHour: { red: 0.5 } } });
  });

  it('暴雨: a level switched off is null, a level left empty is left to the standard (omitted)', () => {
    const tree = treeOf('rainstorm-signal');
    const defaults = hintsOf('rainstorm-signal').defaults(undefined);
    const params = formToParams(
      tree,
      {
        gauge: { device: 'RG', metric: 'rainfall' },
        noData: { [OFF]: true },
        thresholds: { blue: { [OFF]: true }, yellow: {}, orange: { mm: 40 } },
      },
      defaults,
    );
    // 橙: only the amount changed, its 3 h window kept from the standard.
    expect(params.thresholds).toEqual({ blue: null, orange: { window: '3h', mm: 40 } });
    const rule = buildRuleFromTemplate('rainstorm-signal', { ...params, id: 'r', subject: 'RG' });
    expect(rule.levels.blue).toBeUndefined();
    expect(rule.levels.orange?.when).toEqual({ op: '>=', signal: 'rain3h', raise: 40 });
    expect(rule.levels.red?.when).toEqual({ op: '>=', signal: 'rain3h', raise: 100 });
  });

  it('noData switched on but left empty is sent as {} so the server names the missing timeout', () => {
    const tree = treeOf('landslide-rate');
    expect(formToParams(tree, { noData: { [OFF]: false } }).noData).toEqual({});
  });

  it('tank: a quantity is sent only when switched on', () => {
    const tree = treeOf('tank');
    const s = station([{ metric: 'tank_level' }, { metric: 'tank_pressure' }]);
    const values = paramsToForm(tree, prefillParams('tank', s));
    expect(values).toMatchObject({
      level: { [ON]: true, sensor: { device: 'WL-0001', metric: 'tank_level' } },
      pressure: { [ON]: true },
      temperature: { [ON]: false },
    });
    const params = formToParams(tree, {
      ...values,
      level: { ...(values.level as object), high: 8, highHigh: 9 },
      pressure: { ...(values.pressure as object), [ON]: false },
    });
    expect(params).toMatchObject({ level: { sensor: { metric: 'tank_level' }, high: 8, highHigh: 9 } });
    expect(params).not.toHaveProperty('pressure');
    expect(params).not.toHaveProperty('temperature');
  });

  it('gas: the chosen variant only, with its discriminator', () => {
    const tree = treeOf('gas-detector');
    const s = station([{ metric: 'toxic_gas' }]);
    expect(gasVariantOf(s)).toBe('toxic');
    const values = paramsToForm(tree, prefillParams('gas-detector', s));
    expect(values).toMatchObject({ gas: 'toxic', detector: { metric: 'toxic_gas' } });
    const params = formToParams(tree, { ...values, oel: 10, unit: 'mg/m³', noData: { [OFF]: true } });
    expect(params).toEqual({
      gas: 'toxic',
      detector: { device: 'WL-0001', metric: 'toxic_gas' },
      oel: 10,
      unit: 'mg/m³',
      noData: null,
    });
    // Switching to combustible drops the toxic-only fields.
    expect(formToParams(tree, { ...values, gas: 'combustible', oel: 10 })).not.toHaveProperty('oel');
  });

  it('flash flood: gauges as a list, empty rows dropped', () => {
    const tree = treeOf('flash-flood');
    const params = formToParams(tree, {
      gauges: [
        { device: 'RG1', metric: 'rainfall' },
        { device: '', metric: '' },
        { device: 'RG2', metric: 'rainfall' },
      ],
      criticalRainfall: { red: { '1h': 40 } },
      noData: { [OFF]: true },
    });
    expect(params.gauges).toEqual([
      { device: 'RG1', metric: 'rainfall' },
      { device: 'RG2', metric: 'rainfall' },
    ]);
    expect(params.criticalRainfall).toEqual({ red: { '1h': 40 } });
  });

  it('a saved rule’s parameters come back as the same form values', () => {
    const tree = treeOf('water-level');
    const saved = {
      gauge: { device: 'WL', metric: 'water_level' },
      warningStage: 1,
      guaranteeStage: 2,
      noData: null,
      rise: { windowMs: 7_200_000, mPerHour: { red: 0.3 } },
      persistence: { raiseAfter: { forMs: 600_000 } },
    };
    const values = paramsToForm(tree, saved);
    expect(values).toMatchObject({ rise: { windowMs: 120 }, persistence: { raiseAfter: { forMs: 10 } } });
    expect(formToParams(tree, values)).toEqual(saved);
  });
});

describe('problems on their fields', () => {
  it('places a template problem on its field, a group’s on the group, the rest above the form', () => {
    const tree = treeOf('flash-flood');
    const placed = placeProblems(tree, [
      { path: 'gauges.1.metric', message: '必填项，不能为空' },
      { path: 'criticalRainfall', message: '至少给出一个级别的临界雨量' },
      { path: 'noData.timeoutMs', message: '必填项，不能为空' },
      { path: 'inputs.g1_rain', message: '设备 X 没有指标 rainfall 的传感器' },
      { path: 'stationId', message: '站点 ID 无效' },
    ]);
    expect(placed.byPath).toEqual({
      'gauges.1.metric': ['必填项，不能为空'],
      criticalRainfall: ['至少给出一个级别的临界雨量'],
      'noData.timeoutMs': ['必填项，不能为空'],
    });
    expect(placed.unplaced.map((p) => p.path)).toEqual(['inputs.g1_rain', 'stationId']);
  });

  it('a path deeper than any field lands on the nearest field', () => {
    const placed = placeProblems(treeOf('water-level'), [
      { path: 'stageLevels.guarantee', message: '保证水位的预警级别须高于警戒水位的' },
      { path: 'gauge', message: 'x' },
      { path: 'rise.mPerHour.red.extra', message: 'y' },
    ]);
    expect(Object.keys(placed.byPath)).toEqual(['stageLevels.guarantee', 'gauge', 'rise.mPerHour.red']);
  });

  it('lists the paths a change touched (to clear their problems)', () => {
    expect(changedPaths({ noData: { timeoutMs: 5 } })).toEqual(['noData.timeoutMs']);
    expect(changedPaths({ gauges: [undefined, { metric: 'rainfall' }] })).toEqual(['gauges.1.metric']);
  });
});

describe('template hints and labels', () => {
  it('cites the standard the summary names (暴雨 §3, GB/T 50493-2019), none otherwise', () => {
    expect(citationOf(ALARM_RULE_TEMPLATES['rainstorm-signal'].summary)).toContain(
      '《气象灾害预警信号及防御指南》',
    );
    expect(citationOf(ALARM_RULE_TEMPLATES['gas-detector'].summary)).toMatch(/^GB\/T 50493-2019/);
    expect(citationOf(ALARM_RULE_TEMPLATES['flash-flood'].summary)).toBeNull();
    expect(citationOf(ALARM_RULE_TEMPLATES['water-level'].summary)).toBeNull();
  });

  it('defaults: 暴雨 levels from STANDARDS.md §3, gas set points from GB/T 50493-2019 §5.5', () => {
    expect(hintsOf('rainstorm-signal').defaults(undefined)).toMatchObject({
      'thresholds.blue.window': '12h',
      'thresholds.blue.mm': 50,
      'thresholds.red.window': '3h',
      'thresholds.red.mm': 100,
    });
    expect(hintsOf('gas-detector').defaults('combustible')).toMatchObject({
      firstAlarm: 25,
      secondAlarm: 50,
    });
    expect(hintsOf('gas-detector').defaults('toxic')).toMatchObject({ firstAlarm: 100, secondAlarm: 200 });
  });

  it('a template suits a station with a sensor it reads', () => {
    const s = station([{ metric: 'water_level' }]);
    expect(templateSuits('water-level', s)).toBe(true);
    expect(templateSuits('rainstorm-signal', s)).toBe(false);
  });

  it('labels: by the longest matching path end; units per field', () => {
    expect(fieldLabel(['noData', 'level'], 'zh')).toBe('至少保持级别');
    expect(fieldLabel(['level'], 'zh')).toBe('液位');
    expect(fieldLabel(['thresholds', 'blue'], 'zh')).toBe('蓝色（四级）');
    expect(fieldLabel(['criticalRainfall', 'red', '6h'], 'zh')).toBe('6 小时');
    expect(fieldLabel(['gauges', '[]', 'device'], 'en')).toBe('Device ID');
    expect(optionLabel('handling', 'normal', 'zh')).toBe('视为正常');
    expect(optionLabel('handling', 'keep', 'zh')).toBe('保持');
    expect(optionLabel('handling', 'alarm', 'zh')).toBe('报警');
    expect(fieldUnit(['noData', 'timeoutMs'], { duration: true, lang: 'zh' })).toBe('分钟');
    expect(fieldUnit(['firstAlarm'], { duration: false, variant: 'toxic', lang: 'zh' })).toBe('%OEL');
    expect(fieldUnit(['pressure', 'highHigh'], { duration: false, lang: 'zh' })).toBe('MPa');
    expect(fieldUnit(['criticalRainfall', 'red', '1h'], { duration: false, lang: 'zh' })).toBe('mm');
  });
});
