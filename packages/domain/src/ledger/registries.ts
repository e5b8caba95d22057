/**
 * The registries of the county ledger beyond enterprises (issue #3): risk sources, natural hazard points and
 * emergency resources. Option lists follow the plan (ningxian-14th-five-year-emergency-plan.txt) and the
 * national classifications named next to them; grades come from STANDARDS.md where one applies.
 */
import { area, length } from '@turf/turf';
import { assessLec, LEC_C_SCORES, LEC_E_SCORES, LEC_L_SCORES, LecInput } from '../calc/lec.ts';
import { computeMajorHazard, MajorHazardInput } from '../calc/major-hazard.ts';
import type { ErrorDetail } from '../errors.ts';
import type { DeriveContext, Derivation, FieldSpec, GradeSpec, RegistryDef, ScalarField } from './fields.ts';

const f = {
  text: (key: string, zh: string, en: string, extra: Partial<ScalarField> = {}) =>
    ({ key, zh, en, type: 'text', ...extra }) as ScalarField,
  textarea: (key: string, zh: string, en: string, extra: Partial<ScalarField> = {}) =>
    ({ key, zh, en, type: 'textarea', ...extra }) as ScalarField,
  int: (key: string, zh: string, en: string, extra: Partial<ScalarField> & { unit?: string } = {}) =>
    ({ key, zh, en, type: 'int', min: 0, ...extra }) as ScalarField,
  number: (
    key: string,
    zh: string,
    en: string,
    extra: Partial<ScalarField> & { unit?: string; choices?: readonly number[] } = {},
  ) => ({ key, zh, en, type: 'number', min: 0, ...extra }) as ScalarField,
  enum: (key: string, zh: string, en: string, options: readonly string[], extra: Partial<ScalarField> = {}) =>
    ({ key, zh, en, type: 'enum', options, ...extra }) as ScalarField,
  multi: (
    key: string,
    zh: string,
    en: string,
    options: readonly string[],
    extra: Partial<ScalarField> = {},
  ) => ({ key, zh, en, type: 'multi', options, ...extra }) as ScalarField,
  date: (key: string, zh: string, en: string, extra: Partial<ScalarField> = {}) =>
    ({ key, zh, en, type: 'date', ...extra }) as ScalarField,
  phone: (key: string, zh: string, en: string, extra: Partial<ScalarField> = {}) =>
    ({ key, zh, en, type: 'phone', ...extra }) as ScalarField,
  bool: (key: string, zh: string, en: string, extra: Partial<ScalarField> = {}) =>
    ({ key, zh, en, type: 'bool', ...extra }) as ScalarField,
  ref: (key: string, zh: string, en: string, to: string, extra: Partial<ScalarField> = {}) =>
    ({ key, zh, en, type: 'ref', to, ...extra }) as ScalarField,
};

/** A responsible person and a phone, the pair almost every register has. */
const person = (key: string, zh: string, en: string, required = false): FieldSpec[] => [
  f.text(key, zh, en, { max: 50, required, list: true, search: true }),
  f.phone(`${key}Phone`, `${zh}电话`, `${en} phone`, { required, list: true }),
];

/** Specialties of rescue teams, from the plan (四.4 ②) plus the industries it names (危化, 矿山). */
export const RESCUE_SPECIALTIES = [
  '地质灾害',
  '防汛抗旱',
  '地震',
  '森林草原防灭火',
  '工程抢险',
  '物资运输',
  '医疗救护',
  '电力保障',
  '通信保障',
  '道路抢修',
  '危化',
  '矿山',
  '消防',
  '油气',
] as const;

/** Hazard types plans, experts and teams are classified by (the plan's 全灾种 list). */
export const HAZARD_TYPES = [
  '洪涝',
  '干旱',
  '风雹',
  '地震',
  '地质灾害',
  '森林草原火灾',
  '气象灾害',
  '危险化学品',
  '矿山',
  '油气',
  '道路交通',
  '火灾',
  '建筑施工',
  '特种设备',
  '公共卫生',
  '社会安全',
  '综合',
] as const;

/** Response levels of a plan (应急预案的响应分级), Ⅰ highest. */
export const PLAN_LEVELS = ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'] as const;
/** Roles of a plan's command HQ members (指挥部成员). */
export const PLAN_HQ_ROLES = ['总指挥', '副总指挥', '成员单位', '联络员'] as const;
export type PlanHqRole = (typeof PLAN_HQ_ROLES)[number];

/** The four-colour risk levels of 安全风险分级管控 (STANDARDS.md §4.2). */
const RISK_COLOR_GRADES: GradeSpec[] = [
  { key: 'red', zh: '重大风险', en: 'Major', color: '#d4380d' },
  { key: 'orange', zh: '较大风险', en: 'High', color: '#fa8c16' },
  { key: 'yellow', zh: '一般风险', en: 'Moderate', color: '#fadb14' },
  { key: 'blue', zh: '低风险', en: 'Low', color: '#1677ff' },
];

/** GB 18218-2018 Table 6 grades, plus units below the S ≥ 1 threshold. */
const MAJOR_HAZARD_GRADES: GradeSpec[] = [
  { key: '1', zh: '一级', en: 'Grade 1', color: '#a8071a' },
  { key: '2', zh: '二级', en: 'Grade 2', color: '#d4380d' },
  { key: '3', zh: '三级', en: 'Grade 3', color: '#fa8c16' },
  { key: '4', zh: '四级', en: 'Grade 4', color: '#fadb14' },
  { key: 'none', zh: '未构成重大危险源', en: 'Not major', color: '#8c8c8c' },
];

const issuesToProblems = (
  issues: readonly { path: PropertyKey[]; message: string }[],
  prefix = '',
): ErrorDetail[] => issues.map((i) => ({ path: prefix + i.path.map(String).join('.'), message: i.message }));

/** GB 18218-2018 identification and grading of one unit, from its substances and α's exposed people. */
function deriveMajorHazard({ attrs }: { attrs: Record<string, unknown> }, ctx: DeriveContext): Derivation {
  const substances = ((attrs.substances as Record<string, unknown>[] | undefined) ?? []).map((s) =>
    Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null && v !== '')),
  );
  const parsed = MajorHazardInput.safeParse({ substances, exposedPeople: attrs.exposedPeople ?? 0 });
  if (!parsed.success) return { derived: null, grade: null, problems: issuesToProblems(parsed.error.issues) };
  const result = computeMajorHazard(parsed.data, ctx.majorHazard);
  return {
    derived: { ...result },
    grade: result.grade === null ? 'none' : String(result.grade),
    problems: [],
  };
}

function deriveLec({ attrs }: { attrs: Record<string, unknown> }, ctx: DeriveContext): Derivation {
  const parsed = LecInput.safeParse({ L: attrs.L, E: attrs.E, C: attrs.C });
  if (!parsed.success) return { derived: null, grade: null, problems: issuesToProblems(parsed.error.issues) };
  const result = assessLec(parsed.data, ctx.lec);
  return { derived: { ...result }, grade: result.color, problems: [] };
}

const DUE_GRADES: GradeSpec[] = [
  { key: 'overdue', zh: '已逾期', en: 'Overdue', color: '#d4380d' },
  { key: 'due', zh: '即将到期', en: 'Due soon', color: '#fa8c16' },
  { key: 'ok', zh: '正常', en: 'In date', color: '#52c41a' },
];

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** overdue / due (within the configured window) / ok for a date field; no date → no grade. */
function dueGrade(date: unknown, ctx: DeriveContext): { daysLeft: number; grade: string } | null {
  if (typeof date !== 'string') return null;
  const daysLeft = dayNumber(date) - dayNumber(ctx.today);
  return { daysLeft, grade: daysLeft < 0 ? 'overdue' : daysLeft <= ctx.expiringWithinDays ? 'due' : 'ok' };
}

const rnd = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

export const REGISTRIES: readonly RegistryDef[] = [
  // ----------------------------------------------------------------- risk sources
  {
    key: 'hazard-sources',
    entityType: 'hazard_source',
    zh: '重大危险源',
    en: 'Major hazard installations',
    group: 'risk',
    nameLabel: { zh: '单元名称', en: 'Unit name' },
    geometry: 'point',
    enterprise: 'required',
    supervised: true,
    keyField: 'recordNo',
    writePermission: 'enterprise:write',
    fields: [
      f.enum('unitType', '单元类型', 'Unit type', ['生产单元', '储存单元'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.text('recordNo', '备案编号', 'Filing number', { max: 40, search: true }),
      {
        key: 'substances',
        zh: '危险化学品',
        en: 'Hazardous chemicals',
        type: 'rows',
        required: true,
        max: 100,
        hint: '按 GB 18218-2018 表 1 名称、别名或 CAS 号填写；表 1 未列的填类别（如 W3、J4）',
        fields: [
          f.text('name', '名称', 'Name', { max: 200 }),
          f.text('cas', 'CAS 号', 'CAS No.', { max: 20 }),
          f.text('category', '类别', 'Category', { max: 40 }),
          f.number('quantity', '最大存在量（吨）', 'Maximum quantity (t)', { required: true, unit: 't' }),
        ],
      },
      f.int('exposedPeople', '厂外 500 米内常住人数', 'People within 500 m outside the site', {
        required: true,
        hint: 'GB 18218-2018 表 5，用于校正系数 α',
      }),
      ...person('responsible', '包保责任人', 'Responsible person'),
    ],
    grades: MAJOR_HAZARD_GRADES,
    derive: deriveMajorHazard,
  },
  {
    key: 'risk-points',
    entityType: 'risk_point',
    zh: '风险点',
    en: 'Risk points',
    group: 'risk',
    nameLabel: { zh: '风险点名称', en: 'Risk point' },
    geometry: 'point',
    enterprise: 'optional',
    supervised: true,
    writePermission: 'enterprise:write',
    fields: [
      f.enum(
        'category',
        '风险类别',
        'Category',
        ['设备设施', '作业活动', '场所环境', '危险物质', '工艺过程'],
        {
          required: true,
          list: true,
          filter: true,
        },
      ),
      f.textarea('hazards', '危险有害因素', 'Hazards', { max: 1000 }),
      f.number('L', '事故发生的可能性 L', 'Likelihood L', { required: true, choices: LEC_L_SCORES }),
      f.number('E', '暴露于危险环境的频繁程度 E', 'Exposure E', { required: true, choices: LEC_E_SCORES }),
      f.number('C', '发生事故可能造成的后果 C', 'Consequence C', { required: true, choices: LEC_C_SCORES }),
      f.textarea('measures', '管控措施', 'Control measures', { max: 2000, required: true }),
      f.enum('controlLevel', '管控层级', 'Control level', ['单位级', '部门级', '班组级', '岗位级'], {
        list: true,
      }),
      ...person('responsible', '管控责任人', 'Responsible person', true),
    ],
    grades: RISK_COLOR_GRADES,
    derive: deriveLec,
  },
  {
    key: 'wells',
    entityType: 'well',
    zh: '油气井',
    en: 'Oil and gas wells',
    group: 'risk',
    nameLabel: { zh: '井号', en: 'Well' },
    geometry: 'point',
    enterprise: 'required',
    keyField: 'code',
    writePermission: 'enterprise:write',
    fields: [
      f.text('code', '井编号', 'Well code', { max: 40, required: true, list: true, search: true }),
      f.enum('wellType', '井别', 'Type', ['采油井', '采气井', '注水井', '评价井', '其他'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.enum('status', '状态', 'Status', ['生产', '停产', '关停', '废弃', '在建'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.bool('sour', '含硫化氢', 'Contains H₂S', { list: true, filter: true }),
      f.number('wellheadPressureMPa', '井口压力（MPa）', 'Well-head pressure (MPa)', {
        unit: 'MPa',
        max: 200,
      }),
      f.text('workArea', '作业区', 'Operating area', { max: 60 }),
    ],
    grades: [
      { key: 'sour', zh: '含硫化氢', en: 'Sour', color: '#d4380d' },
      { key: 'normal', zh: '一般', en: 'Normal', color: '#595959' },
    ],
    derive: (r) => ({ derived: null, grade: r.attrs.sour === true ? 'sour' : 'normal', problems: [] }),
  },
  {
    key: 'pipelines',
    entityType: 'pipeline',
    zh: '油气管道',
    en: 'Pipelines',
    group: 'risk',
    nameLabel: { zh: '管道名称', en: 'Pipeline' },
    geometry: 'line',
    enterprise: 'optional',
    supervised: true,
    writePermission: 'ledger:write',
    fields: [
      f.enum('kind', '管道类别', 'Kind', ['长输油气管道', '城镇燃气管道'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.enum('medium', '输送介质', 'Medium', ['原油', '天然气', '成品油', '液化石油气', '其他'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.int('diameterMm', '管径（mm）', 'Diameter (mm)', { unit: 'mm', max: 2000 }),
      f.number('pressureMPa', '设计压力（MPa）', 'Design pressure (MPa)', { unit: 'MPa', max: 100 }),
      f.date('commissionedOn', '投运日期', 'In service since'),
      f.bool('highConsequence', '途经高后果区', 'Crosses high-consequence areas', {
        list: true,
        filter: true,
      }),
      ...person('responsible', '管道责任人', 'Responsible person'),
    ],
    grades: [
      { key: '长输油气管道', zh: '长输油气管道', en: 'Long-distance', color: '#722ed1' },
      { key: '城镇燃气管道', zh: '城镇燃气管道', en: 'Urban gas', color: '#eb2f96' },
    ],
    derive: (r) => ({
      derived: r.geometry
        ? { lengthKm: rnd(length({ type: 'Feature', properties: {}, geometry: r.geometry }), 3) }
        : null,
      grade: typeof r.attrs.kind === 'string' ? r.attrs.kind : null,
      problems: [],
    }),
  },
  {
    key: 'special-equipment',
    entityType: 'special_equipment',
    zh: '特种设备',
    en: 'Special equipment',
    group: 'risk',
    nameLabel: { zh: '设备名称', en: 'Equipment' },
    geometry: 'point',
    enterprise: 'required',
    supervised: true,
    keyField: 'registrationNo',
    writePermission: 'enterprise:write',
    fields: [
      f.enum(
        'kind',
        '设备种类',
        'Kind',
        [
          '锅炉',
          '压力容器',
          '压力管道',
          '电梯',
          '起重机械',
          '客运索道',
          '大型游乐设施',
          '场（厂）内专用机动车辆',
        ],
        { required: true, list: true, filter: true },
      ),
      f.text('registrationNo', '使用登记证编号', 'Registration number', {
        max: 40,
        required: true,
        list: true,
        search: true,
      }),
      f.text('model', '型号', 'Model', { max: 60 }),
      f.date('nextInspectionOn', '下次检验日期', 'Next inspection', { required: true, list: true }),
      f.enum('status', '使用状态', 'Status', ['在用', '停用', '报废'], {
        required: true,
        list: true,
        filter: true,
      }),
    ],
    grades: DUE_GRADES,
    derive: (r, ctx) => {
      const due = r.attrs.status === '在用' ? dueGrade(r.attrs.nextInspectionOn, ctx) : null;
      return {
        derived: due ? { daysToInspection: due.daysLeft } : null,
        grade: due?.grade ?? null,
        problems: [],
      };
    },
  },
  {
    key: 'crowded-places',
    entityType: 'crowded_place',
    zh: '人员密集场所',
    en: 'Crowded places',
    group: 'risk',
    nameLabel: { zh: '场所名称', en: 'Place' },
    geometry: 'point',
    enterprise: 'none',
    supervised: true,
    writePermission: 'ledger:write',
    fields: [
      f.enum(
        'kind',
        '场所类型',
        'Kind',
        ['商场市场', '宾馆饭店', '医院', '学校', '体育场馆', '车站', '公共娱乐场所', '宗教活动场所', '其他'],
        {
          required: true,
          list: true,
          filter: true,
        },
      ),
      f.int('capacity', '设计容纳人数', 'Capacity', { list: true, unit: '人' }),
      f.number('buildingAreaM2', '建筑面积（㎡）', 'Floor area (m²)', { unit: '㎡' }),
      f.text('address', '地址', 'Address', { max: 200 }),
      ...person('manager', '安全责任人', 'Person in charge'),
    ],
    grades: [],
  },
  {
    key: 'fire-units',
    entityType: 'fire_unit',
    zh: '消防安全重点单位',
    en: 'Fire-safety key units',
    group: 'risk',
    nameLabel: { zh: '单位名称', en: 'Unit' },
    geometry: 'point',
    enterprise: 'optional',
    supervised: true,
    writePermission: 'ledger:write',
    fields: [
      f.enum(
        'kind',
        '单位类别',
        'Kind',
        ['商场市场', '宾馆饭店', '医院', '学校', '养老机构', '易燃易爆单位', '高层建筑', '文物古建', '其他'],
        {
          required: true,
          list: true,
          filter: true,
        },
      ),
      f.number('buildingAreaM2', '建筑面积（㎡）', 'Floor area (m²)', { unit: '㎡' }),
      f.bool('fireControlRoom', '设有消防控制室', 'Has a fire control room'),
      f.text('address', '地址', 'Address', { max: 200 }),
      ...person('manager', '消防安全责任人', 'Fire-safety officer', true),
    ],
    grades: [],
  },
  {
    key: 'exposed-assets',
    entityType: 'exposed_asset',
    zh: '重要承灾体',
    en: 'Exposed assets',
    group: 'risk',
    nameLabel: { zh: '名称', en: 'Name' },
    geometry: 'point',
    enterprise: 'none',
    supervised: true,
    writePermission: 'ledger:write',
    fields: [
      f.enum('kind', '类别', 'Kind', ['学校', '医院', '养老机构', '水库', '淤地坝', '桥梁', '其他'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.int('people', '常驻/在校人数', 'People present', { list: true, unit: '人' }),
      f.text('scale', '规模', 'Scale', { max: 60, hint: '如：小（1）型水库、库容 120 万 m³；桥长 86 m' }),
      ...person('manager', '责任人', 'Person in charge'),
    ],
    grades: [],
  },

  // ----------------------------------------------------------------- natural hazards
  {
    key: 'geo-hazards',
    entityType: 'geo_hazard',
    zh: '地质灾害隐患点',
    en: 'Geological hazard points',
    group: 'natural',
    nameLabel: { zh: '隐患点名称', en: 'Hazard point' },
    geometry: 'point',
    enterprise: 'none',
    keyField: 'code',
    writePermission: 'ledger:write',
    fields: [
      f.text('code', '统一编号', 'Code', { max: 40, search: true }),
      f.enum('kind', '灾害类型', 'Kind', ['滑坡', '崩塌', '泥石流', '地裂缝', '地面塌陷'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.enum('scale', '规模等级', 'Scale', ['巨型', '大型', '中型', '小型'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.int('households', '威胁户数', 'Households threatened', { list: true, unit: '户' }),
      f.int('people', '威胁人数', 'People threatened', { list: true, unit: '人' }),
      f.number('propertyWan', '威胁财产（万元）', 'Property threatened (¥10k)', { unit: '万元' }),
      ...person('monitor', '监测责任人', 'Monitoring officer', true),
      ...person('patrol', '巡查员', 'Patrol person'),
      f.textarea('evacuationRoute', '撤离路线', 'Evacuation route', { max: 500 }),
      f.ref('shelterId', '避险场所', 'Assigned shelter', 'shelters'),
    ],
    grades: [
      { key: '巨型', zh: '巨型', en: 'Giant', color: '#a8071a' },
      { key: '大型', zh: '大型', en: 'Large', color: '#d4380d' },
      { key: '中型', zh: '中型', en: 'Medium', color: '#fa8c16' },
      { key: '小型', zh: '小型', en: 'Small', color: '#fadb14' },
    ],
    gradeField: 'scale',
  },
  {
    key: 'flood-zones',
    entityType: 'flood_zone',
    zh: '山洪危险区',
    en: 'Flash-flood danger zones',
    group: 'natural',
    nameLabel: { zh: '危险区名称', en: 'Zone' },
    geometry: 'polygon',
    enterprise: 'none',
    writePermission: 'ledger:write',
    fields: [
      f.enum('level', '危险等级', 'Danger level', ['极高危险区', '高危险区', '危险区'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.text('stream', '所在河流/沟道', 'Stream', { max: 60, list: true }),
      f.int('households', '区内户数', 'Households', { list: true, unit: '户' }),
      f.int('people', '区内人数', 'People', { list: true, unit: '人' }),
      f.text('warningIndicator', '预警指标', 'Warning indicator', {
        max: 200,
        hint: '如：1 小时降雨 40 mm 准备转移',
      }),
      f.ref('shelterId', '转移安置点', 'Shelter', 'shelters'),
      ...person('responsible', '转移责任人', 'Evacuation officer', true),
    ],
    grades: [
      { key: '极高危险区', zh: '极高危险区', en: 'Very high', color: '#a8071a' },
      { key: '高危险区', zh: '高危险区', en: 'High', color: '#fa541c' },
      { key: '危险区', zh: '危险区', en: 'Danger', color: '#faad14' },
    ],
    gradeField: 'level',
  },
  {
    key: 'forest-areas',
    entityType: 'forest_area',
    zh: '森林草原防火区',
    en: 'Forest and grassland areas',
    group: 'natural',
    nameLabel: { zh: '区域名称', en: 'Area' },
    geometry: 'polygon',
    enterprise: 'none',
    writePermission: 'ledger:write',
    fields: [
      f.enum('kind', '类型', 'Kind', ['林地', '草地', '林草混合'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.enum(
        'fireRisk',
        '火险区划等级',
        'Fire risk class',
        ['Ⅰ级（高危险）', 'Ⅱ级（中危险）', 'Ⅲ级（低危险）'],
        { required: true, list: true, filter: true, hint: '按林草部门的森林火险区划填写' },
      ),
      f.text('forestFarm', '林场/管护站', 'Forest farm', { max: 60 }),
      ...person('ranger', '护林员', 'Ranger'),
    ],
    grades: [
      { key: 'Ⅰ级（高危险）', zh: 'Ⅰ级（高危险）', en: 'Class I (high)', color: '#d4380d' },
      { key: 'Ⅱ级（中危险）', zh: 'Ⅱ级（中危险）', en: 'Class II (medium)', color: '#fa8c16' },
      { key: 'Ⅲ级（低危险）', zh: 'Ⅲ级（低危险）', en: 'Class III (low)', color: '#52c41a' },
    ],
    gradeField: 'fireRisk',
    derive: (r) => ({
      derived: r.geometry
        ? { areaHa: rnd(area({ type: 'Feature', properties: {}, geometry: r.geometry }) / 10_000, 1) }
        : null,
      grade: typeof r.attrs.fireRisk === 'string' ? r.attrs.fireRisk : null,
      problems: [],
    }),
  },

  // ----------------------------------------------------------------- resources
  {
    key: 'rescue-teams',
    entityType: 'rescue_team',
    zh: '救援队伍',
    en: 'Rescue teams',
    group: 'resource',
    nameLabel: { zh: '队伍名称', en: 'Team' },
    geometry: 'point',
    enterprise: 'optional',
    supervised: true,
    writePermission: 'ledger:write',
    fields: [
      f.enum('kind', '队伍类别', 'Kind', ['综合', '专业', '社会', '基层', '企业'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.multi('specialties', '专业方向', 'Specialties', RESCUE_SPECIALTIES, {
        required: true,
        list: true,
        filter: true,
      }),
      f.int('headcount', '人数', 'Headcount', { required: true, list: true, unit: '人' }),
      f.textarea('equipment', '主要装备', 'Main equipment', { max: 1000 }),
      f.enum('readiness', '战备状态', 'Readiness', ['待命', '执行任务', '休整'], {
        required: true,
        list: true,
        filter: true,
      }),
      ...person('leader', '队长', 'Leader', true),
    ],
    grades: [
      { key: '待命', zh: '待命', en: 'Ready', color: '#52c41a' },
      { key: '执行任务', zh: '执行任务', en: 'On a mission', color: '#fa8c16' },
      { key: '休整', zh: '休整', en: 'Resting', color: '#8c8c8c' },
    ],
    gradeField: 'readiness',
  },
  {
    key: 'experts',
    entityType: 'expert',
    zh: '专家库',
    en: 'Experts',
    group: 'resource',
    nameLabel: { zh: '姓名', en: 'Name' },
    geometry: 'none',
    enterprise: 'none',
    keyField: 'phone',
    writePermission: 'ledger:write',
    fields: [
      f.multi('specialties', '专业领域', 'Fields', HAZARD_TYPES, {
        required: true,
        list: true,
        filter: true,
      }),
      f.text('title', '职称/职务', 'Title', { max: 60, list: true }),
      f.text('workUnit', '工作单位', 'Employer', { max: 100, list: true, search: true }),
      f.phone('phone', '联系电话', 'Phone', { required: true, list: true }),
      f.textarea('expertise', '专长', 'Expertise', { max: 500 }),
    ],
    grades: [],
  },
  {
    key: 'equipment',
    entityType: 'equipment',
    keyWith: ['teamId', 'model'],
    zh: '应急装备',
    en: 'Equipment',
    group: 'resource',
    nameLabel: { zh: '装备名称', en: 'Equipment' },
    geometry: 'point',
    enterprise: 'optional',
    writePermission: 'ledger:write',
    fields: [
      f.enum(
        'kind',
        '装备类别',
        'Kind',
        [
          '抢险救援车辆',
          '工程机械',
          '排水设备',
          '发电照明',
          '通信设备',
          '侦检设备',
          '破拆救生',
          '个体防护',
          '灭火器材',
          '医疗设备',
          '其他',
        ],
        {
          required: true,
          list: true,
          filter: true,
        },
      ),
      f.int('quantity', '数量', 'Quantity', { required: true, list: true }),
      f.text('unit', '单位', 'Unit', { max: 10, required: true, list: true }),
      f.text('model', '型号规格', 'Model', { max: 60 }),
      f.ref('teamId', '所属队伍', 'Team', 'rescue-teams'),
      f.enum('status', '状态', 'Status', ['完好', '维修', '报废'], {
        required: true,
        list: true,
        filter: true,
      }),
      ...person('keeper', '保管人', 'Keeper'),
    ],
    grades: [],
  },
  {
    key: 'warehouses',
    entityType: 'warehouse',
    zh: '物资储备库',
    en: 'Warehouses',
    group: 'resource',
    nameLabel: { zh: '储备库名称', en: 'Warehouse' },
    geometry: 'point',
    enterprise: 'none',
    supervised: true,
    writePermission: 'ledger:write',
    fields: [
      f.enum('level', '级别', 'Level', ['县级', '乡镇级', '村级'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.number('areaM2', '库房面积（㎡）', 'Floor area (m²)', { unit: '㎡', list: true }),
      f.text('address', '地址', 'Address', { max: 200 }),
      ...person('keeper', '管理员', 'Keeper', true),
    ],
    grades: [
      { key: '县级', zh: '县级', en: 'County', color: '#1677ff' },
      { key: '乡镇级', zh: '乡镇级', en: 'Township', color: '#13c2c2' },
      { key: '村级', zh: '村级', en: 'Village', color: '#52c41a' },
    ],
    gradeField: 'level',
  },
  {
    key: 'shelters',
    entityType: 'shelter',
    zh: '应急避难场所',
    en: 'Shelters',
    group: 'resource',
    nameLabel: { zh: '场所名称', en: 'Shelter' },
    geometry: 'point',
    enterprise: 'none',
    writePermission: 'ledger:write',
    fields: [
      f.enum('type', '场所类型', 'Type', ['室外避难场所', '室内避难场所', '综合避难场所'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.enum('tier', '避难时长类别', 'Tier', ['紧急避难场所', '短期避难场所', '长期避难场所'], {
        list: true,
        filter: true,
      }),
      f.int('capacity', '可容纳人数', 'Capacity', { required: true, list: true, unit: '人' }),
      f.number('areaM2', '有效避难面积（㎡）', 'Usable area (m²)', { unit: '㎡' }),
      f.multi('facilities', '配套设施', 'Facilities', [
        '应急供水',
        '应急供电',
        '应急厕所',
        '医疗救护',
        '应急广播',
        '物资储备',
        '消防设施',
        '应急通信',
      ]),
      f.enum('status', '状态', 'Status', ['可用', '已启用', '维护中', '停用'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.text('address', '地址', 'Address', { max: 200 }),
      ...person('manager', '管理人', 'Manager', true),
    ],
    grades: [
      { key: '可用', zh: '可用', en: 'Available', color: '#52c41a' },
      { key: '已启用', zh: '已启用', en: 'Open', color: '#1677ff' },
      { key: '维护中', zh: '维护中', en: 'Maintenance', color: '#faad14' },
      { key: '停用', zh: '停用', en: 'Closed', color: '#8c8c8c' },
    ],
    gradeField: 'status',
  },
  {
    key: 'plans',
    entityType: 'plan',
    zh: '应急预案',
    en: 'Emergency plans',
    group: 'resource',
    nameLabel: { zh: '预案名称', en: 'Plan' },
    geometry: 'none',
    enterprise: 'optional',
    supervised: true,
    writePermission: 'ledger:write',
    // The plan itself (PDF/Word), its annexes and the filing receipt (备案回执).
    attachments: true,
    fields: [
      f.enum('type', '预案类型', 'Type', ['总体', '专项', '部门', '企业', '现场处置'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.text('owner', '编制单位', 'Owner', { max: 100, required: true, list: true, search: true }),
      f.multi('hazardTypes', '适用灾种', 'Hazard types', HAZARD_TYPES, {
        required: true,
        list: true,
        filter: true,
      }),
      {
        key: 'levels',
        zh: '响应分级',
        en: 'Response levels',
        type: 'rows',
        max: 4,
        fields: [
          f.enum('level', '响应级别', 'Level', PLAN_LEVELS, { required: true }),
          f.textarea('trigger', '启动条件', 'Trigger', { max: 1000, required: true }),
          f.textarea('actions', '响应措施', 'Actions', { max: 2000, required: true }),
        ],
      },
      {
        // 应急指挥部成员: called (叫应) when the plan is activated at one of their levels (issue #6 part 5).
        key: 'hq',
        zh: '指挥部成员',
        en: 'Command HQ members',
        type: 'rows',
        max: 80,
        fields: [
          f.enum('role', '职务', 'Role', PLAN_HQ_ROLES, { required: true }),
          f.text('name', '姓名', 'Name', { max: 50, required: true }),
          f.text('unit', '单位', 'Unit', { max: 100, required: true }),
          f.phone('phone', '电话', 'Phone', { required: true }),
          f.multi('levels', '参与响应级别', 'Levels', PLAN_LEVELS, { required: true }),
        ],
      },
      f.text('version', '版本', 'Version', { max: 20, list: true }),
      f.text('approvedBy', '批准单位', 'Approved by', { max: 100 }),
      f.date('issuedOn', '印发日期', 'Issued on', { required: true, list: true }),
      f.text('documentNo', '文号', 'Document number', { max: 60, search: true }),
    ],
    grades: [
      { key: 'overdue', zh: '需修订', en: 'Revision due', color: '#d4380d' },
      { key: 'current', zh: '有效', en: 'Current', color: '#52c41a' },
    ],
    derive: (r, ctx) => {
      const levels = (r.attrs.levels as { level: string }[] | undefined) ?? [];
      const problems: ErrorDetail[] = [];
      const seen = new Set<string>();
      levels.forEach((l, i) => {
        if (seen.has(l.level))
          problems.push({ path: `levels.${i}.level`, message: `响应级别 ${l.level} 重复` });
        seen.add(l.level);
      });
      if (typeof r.attrs.issuedOn !== 'string') return { derived: null, grade: null, problems };
      const issued = r.attrs.issuedOn;
      const due = `${Number(issued.slice(0, 4)) + ctx.planReviewYears}${issued.slice(4)}`;
      const daysLeft = dayNumber(due) - dayNumber(ctx.today);
      return {
        derived: { revisionDueOn: due, daysToRevision: daysLeft },
        grade: daysLeft < 0 ? 'overdue' : 'current',
        problems,
      };
    },
  },
  {
    key: 'drills',
    entityType: 'drill',
    keyWith: ['heldOn'],
    zh: '应急演练',
    en: 'Drills',
    group: 'resource',
    nameLabel: { zh: '演练名称', en: 'Drill' },
    geometry: 'none',
    enterprise: 'optional',
    writePermission: 'ledger:write',
    // The drill's scenario, evaluation report and photos (演练方案、评估报告、现场照片).
    attachments: true,
    fields: [
      f.ref('planId', '依据预案', 'Plan', 'plans', { required: true }),
      f.enum('type', '演练形式', 'Form', ['桌面推演', '实战演练', '综合演练', '单项演练'], {
        required: true,
        list: true,
        filter: true,
      }),
      f.date('heldOn', '演练日期', 'Held on', { required: true, list: true }),
      f.int('participants', '参演人数', 'Participants', { required: true, list: true, unit: '人' }),
      f.textarea('evaluation', '评估结论', 'Evaluation', { max: 2000 }),
      {
        key: 'followUps',
        zh: '整改事项',
        en: 'Follow-up items',
        type: 'rows',
        max: 50,
        fields: [
          f.text('item', '事项', 'Item', { max: 200, required: true }),
          f.text('owner', '责任人', 'Owner', { max: 50 }),
          f.date('dueOn', '完成期限', 'Due'),
          f.bool('done', '已完成', 'Done'),
        ],
      },
    ],
    grades: [
      { key: 'open', zh: '有未完成整改', en: 'Open items', color: '#fa8c16' },
      { key: 'closed', zh: '整改完成', en: 'All done', color: '#52c41a' },
    ],
    derive: (r) => {
      const items = (r.attrs.followUps as { done: boolean }[] | undefined) ?? [];
      const open = items.filter((i) => !i.done).length;
      return { derived: { openFollowUps: open }, grade: open > 0 ? 'open' : 'closed', problems: [] };
    },
  },
];

export const REGISTRY_KEYS = REGISTRIES.map((r) => r.key);

export function findRegistry(key: string): RegistryDef | undefined {
  return REGISTRIES.find((r) => r.key === key);
}
