/**
 * GB 18218-2018《危险化学品重大危险源辨识》tables 1–6, transcribed from ../shared/STANDARDS.md §1.2–1.4.
 *
 * Provenance (STANDARDS.md): every table comes from a public SQL seed "标准正本 PDF 抽取，CAS 校验位已逐条验证";
 * Table 1 quantities agree row by row with a second transcription (CONFIRMED, 2 sources), Table 2 likewise,
 * Tables 3 and 4 are CONFIRMED (the same values as 安监总局令第40号 附件1), Table 5 CONFIRMED (2 sources),
 * Table 6 CONFIRMED. These are secondary transcriptions: re-check against the official text before release.
 *
 * What is NOT a transcription, and therefore configuration in major-hazard.ts:
 * - GB18218_TABLE1_BETA_BASIS: which Table 4 class a Table 1 chemical outside Table 3 takes its β from
 *   (STANDARDS.md §1.4: the rule is PARTIAL, the clause text UNCONFIRMED; the per-chemical class is our reading
 *   of each chemical's GHS / UN classification).
 * - GB18218_LOOKUP_ALIASES: extra names accepted when looking a chemical up (not printed in Table 1).
 *
 * Units: every critical quantity Q is in tonnes (t).
 */

// ---------------------------------------------------------------------------------------------------------
// Table 2 — categories for substances not named in Table 1 (STANDARDS.md §1.3, CONFIRMED 2 sources)
// ---------------------------------------------------------------------------------------------------------

/**
 * The standard's own category symbols (表2 "符号") are the stable keys: J = 健康危险 (急性毒性),
 * W = 物理危险. They are also the keys of the β table (Table 4).
 */
export const GB18218_CATEGORY_CODES = [
  'J1',
  'J2',
  'J3',
  'J4',
  'J5',
  'W1.1',
  'W1.2',
  'W1.3',
  'W2',
  'W3',
  'W4',
  'W5.1',
  'W5.2',
  'W5.3',
  'W5.4',
  'W6.1',
  'W6.2',
  'W7.1',
  'W7.2',
  'W8',
  'W9.1',
  'W9.2',
  'W10',
  'W11',
] as const;
export type Gb18218CategoryCode = (typeof GB18218_CATEGORY_CODES)[number];

export interface Gb18218Category {
  code: Gb18218CategoryCode;
  /** 类别 (the hazard class, Chinese as printed). */
  hazardClass: string;
  /** 说明 (which GHS categories / divisions / types the row covers). */
  description: string;
  /** Q, t. */
  criticalQuantity: number;
}

export const GB18218_TABLE2: readonly Gb18218Category[] = [
  { code: 'J1', hazardClass: '急性毒性', description: '类别1，所有暴露途径，气体', criticalQuantity: 5 },
  {
    code: 'J2',
    hazardClass: '急性毒性',
    description: '类别1，所有暴露途径，固体、液体',
    criticalQuantity: 50,
  },
  { code: 'J3', hazardClass: '急性毒性', description: '类别2、3，所有暴露途径，气体', criticalQuantity: 50 },
  {
    code: 'J4',
    hazardClass: '急性毒性',
    description: '类别2、3，吸入途径，液体（沸点≤35℃）',
    criticalQuantity: 50,
  },
  {
    code: 'J5',
    hazardClass: '急性毒性',
    description: '类别2，所有暴露途径，液体（除J4外）、固体',
    criticalQuantity: 500,
  },
  { code: 'W1.1', hazardClass: '爆炸物', description: '不稳定爆炸物；1.1项爆炸物', criticalQuantity: 1 },
  { code: 'W1.2', hazardClass: '爆炸物', description: '1.2、1.3、1.5、1.6项爆炸物', criticalQuantity: 10 },
  { code: 'W1.3', hazardClass: '爆炸物', description: '1.4项爆炸物', criticalQuantity: 50 },
  { code: 'W2', hazardClass: '易燃气体', description: '类别1和类别2', criticalQuantity: 10 },
  // Source note: "150 (净重)" — for aerosols q and Q are the net weight of the contents.
  { code: 'W3', hazardClass: '气溶胶', description: '类别1和类别2（净重）', criticalQuantity: 150 },
  { code: 'W4', hazardClass: '氧化性气体', description: '类别1', criticalQuantity: 50 },
  {
    code: 'W5.1',
    hazardClass: '易燃液体',
    description: '类别1；类别2和3，工作温度高于沸点',
    criticalQuantity: 10,
  },
  {
    code: 'W5.2',
    hazardClass: '易燃液体',
    description:
      '类别2和3，具有引发重大事故的特殊工艺条件（包括危险化工工艺、爆炸极限范围或附近操作、操作压力大于1.6MPa等）',
    criticalQuantity: 50,
  },
  {
    code: 'W5.3',
    hazardClass: '易燃液体',
    description: '不属于W5.1或W5.2的其他类别2',
    criticalQuantity: 1000,
  },
  {
    code: 'W5.4',
    hazardClass: '易燃液体',
    description: '不属于W5.1或W5.2的其他类别3',
    criticalQuantity: 5000,
  },
  { code: 'W6.1', hazardClass: '自反应物质和混合物', description: 'A型和B型', criticalQuantity: 10 },
  { code: 'W6.2', hazardClass: '自反应物质和混合物', description: 'C型、D型、E型', criticalQuantity: 50 },
  { code: 'W7.1', hazardClass: '有机过氧化物', description: 'A型和B型', criticalQuantity: 10 },
  { code: 'W7.2', hazardClass: '有机过氧化物', description: 'C型、D型、E型、F型', criticalQuantity: 50 },
  { code: 'W8', hazardClass: '自燃液体和自燃固体', description: '类别1', criticalQuantity: 50 },
  { code: 'W9.1', hazardClass: '氧化性固体和液体', description: '类别1', criticalQuantity: 50 },
  { code: 'W9.2', hazardClass: '氧化性固体和液体', description: '类别2、类别3', criticalQuantity: 200 },
  { code: 'W10', hazardClass: '易燃固体', description: '类别1', criticalQuantity: 200 },
  {
    code: 'W11',
    hazardClass: '遇水放出易燃气体的物质和混合物',
    description: '类别1和类别2',
    criticalQuantity: 200,
  },
];

// ---------------------------------------------------------------------------------------------------------
// Table 3 — β for named toxic gases (STANDARDS.md §1.4, CONFIRMED; identical to 40号令 表1)
// ---------------------------------------------------------------------------------------------------------

export const GB18218_TABLE3_GASES = [
  '一氧化碳',
  '二氧化硫',
  '氨',
  '环氧乙烷',
  '氯化氢',
  '溴甲烷',
  '氯',
  '硫化氢',
  '氟化氢',
  '二氧化氮',
  '氰化氢',
  '碳酰氯',
  '磷化氢',
  '异氰酸甲酯',
] as const;
export type Gb18218Table3Gas = (typeof GB18218_TABLE3_GASES)[number];

export const GB18218_TABLE3_BETA: Readonly<Record<Gb18218Table3Gas, number>> = {
  一氧化碳: 2,
  二氧化硫: 2,
  氨: 2,
  环氧乙烷: 2,
  氯化氢: 3,
  溴甲烷: 3,
  氯: 4,
  硫化氢: 5,
  氟化氢: 5,
  二氧化氮: 10,
  氰化氢: 10,
  碳酰氯: 20,
  磷化氢: 20,
  异氰酸甲酯: 20,
};

// ---------------------------------------------------------------------------------------------------------
// Table 4 — β by category for substances not in Table 3 (STANDARDS.md §1.4, CONFIRMED)
// ---------------------------------------------------------------------------------------------------------

export const GB18218_TABLE4_BETA: Readonly<Record<Gb18218CategoryCode, number>> = {
  J1: 4,
  J2: 1,
  J3: 2,
  J4: 2,
  J5: 1,
  'W1.1': 2,
  'W1.2': 2,
  'W1.3': 2,
  W2: 1.5,
  W3: 1,
  W4: 1,
  'W5.1': 1.5,
  'W5.2': 1,
  'W5.3': 1,
  'W5.4': 1,
  'W6.1': 1.5,
  'W6.2': 1,
  'W7.1': 1.5,
  'W7.2': 1,
  W8: 1,
  'W9.1': 1,
  'W9.2': 1,
  W10: 1,
  W11: 1,
};

// ---------------------------------------------------------------------------------------------------------
// Table 5 — α by the people outside the site (STANDARDS.md §1.4, CONFIRMED 2 sources)
// ---------------------------------------------------------------------------------------------------------

/**
 * 厂外可能暴露人员数量: the people who normally live (常住人口) within 500 m of the site boundary — the
 * radius is CONFIRMED for 40号令 (2011), UNCONFIRMED for the 2018 wording. Bands are inclusive at both
 * ends ("100人以上" includes 100: "以上包括本数"); `max` null = no upper bound.
 */
export const GB18218_TABLE5_ALPHA: readonly {
  label: string;
  min: number;
  max: number | null;
  alpha: number;
}[] = [
  { label: '100人以上', min: 100, max: null, alpha: 2.0 },
  { label: '50人~99人', min: 50, max: 99, alpha: 1.5 },
  { label: '30人~49人', min: 30, max: 49, alpha: 1.2 },
  { label: '1~29人', min: 1, max: 29, alpha: 1.0 },
  { label: '0人', min: 0, max: 0, alpha: 0.5 },
];

// ---------------------------------------------------------------------------------------------------------
// Table 6 — grades by R (STANDARDS.md §1.4, CONFIRMED): 一级 R≥100; 二级 100>R≥50; 三级 50>R≥10; 四级 R<10.
// ---------------------------------------------------------------------------------------------------------

export type MajorHazardGrade = 1 | 2 | 3 | 4;

/** Lower bound of R (inclusive) per grade, most severe first; 四级 has none (R < 10). */
export const GB18218_TABLE6_GRADES: readonly {
  grade: MajorHazardGrade;
  label: string;
  minR: number | null;
}[] = [
  { grade: 1, label: '一级', minR: 100 },
  { grade: 2, label: '二级', minR: 50 },
  { grade: 3, label: '三级', minR: 10 },
  { grade: 4, label: '四级', minR: null },
];

// ---------------------------------------------------------------------------------------------------------
// Table 1 — named chemicals and critical quantities (STANDARDS.md §1.2, CONFIRMED 2 sources; 85 rows)
// ---------------------------------------------------------------------------------------------------------

export interface Gb18218Chemical {
  /** Row number in the seed's order (STANDARDS.md "#"), NOT checked against the official 序号: never a key. */
  no: number;
  /** 名称 without its 说明. Rows 37–41 share one name and differ only in `spec`. */
  name: string;
  /** The 说明 printed with the name (concentration, state, what the row covers), or null. Part of the identity. */
  spec: string | null;
  /** The name as the standard prints it, 说明 included: unique, and the key of the β configuration. */
  fullName: string;
  /** 别名 as given in STANDARDS.md. */
  aliases: readonly string[];
  /** CAS numbers; empty when the standard gives none (煤气, 硝酸铵肥料, 烷基铝). */
  cas: readonly string[];
  /** Q, t. */
  criticalQuantity: number;
}

type Row = [no: number, name: string, spec: string | null, aliases: string[], cas: string[], q: number];

// [#, 名称, 说明, 别名, CAS, Q/t] in STANDARDS.md's order. Where STANDARDS.md writes "名称 (…)" the bracket is a
// 说明 (spec) when it qualifies what is covered (甲醛 含量>90%, 氯化氢 无水, …) and an alias otherwise, following
// the split in the seed STANDARDS.md cites.
const ROWS: Row[] = [
  [1, '氨', null, ['液氨', '氨气'], ['7664-41-7'], 10],
  [2, '二氟化氧', null, ['一氧化二氟'], ['7783-41-7'], 1],
  [3, '二氧化氮', null, [], ['10102-44-0'], 1],
  [4, '二氧化硫', null, ['亚硫酸酐'], ['7446-09-5'], 20],
  [5, '氟', null, [], ['7782-41-4'], 1],
  [6, '碳酰氯', null, ['光气'], ['75-44-5'], 0.3],
  [7, '环氧乙烷', null, ['氧化乙烯'], ['75-21-8'], 10],
  [8, '甲醛', '含量>90%', ['蚁醛'], ['50-00-0'], 5],
  [9, '磷化氢', null, ['磷化三氢', '膦'], ['7803-51-2'], 1],
  [10, '硫化氢', null, [], ['7783-06-4'], 5],
  [11, '氯化氢', '无水', [], ['7647-01-0'], 20],
  [12, '氯', null, ['液氯', '氯气'], ['7782-50-5'], 5],
  [13, '煤气', 'CO，CO和H₂、CH₄的混合物等', [], [], 20],
  [14, '砷化氢', null, ['砷化三氢', '胂'], ['7784-42-1'], 1],
  [15, '锑化氢', null, ['三氢化锑', '锑化三氢'], ['7803-52-3'], 1],
  [16, '硒化氢', null, [], ['7783-07-5'], 1],
  [17, '溴甲烷', null, ['甲基溴'], ['74-83-9'], 10],
  [18, '丙酮氰醇', null, [], ['75-86-5'], 20],
  [19, '丙烯醛', null, [], ['107-02-8'], 20],
  [20, '氟化氢', null, [], ['7664-39-3'], 1],
  [21, '1-氯-2,3-环氧丙烷', null, ['环氧氯丙烷'], ['106-89-8'], 20],
  [22, '3-溴-1,2-环氧丙烷', null, ['环氧溴丙烷'], ['3132-64-7'], 20],
  [23, '甲苯二异氰酸酯', null, ['TDI'], ['26471-62-5'], 100],
  [24, '一氯化硫', null, ['氯化硫'], ['10025-67-9'], 1],
  [25, '氰化氢', null, ['无水氢氰酸'], ['74-90-8'], 1],
  [26, '三氧化硫', null, ['硫酸酐'], ['7446-11-9'], 75],
  [27, '3-氨基丙烯', null, ['烯丙胺'], ['107-11-9'], 20],
  [28, '溴', null, ['溴素'], ['7726-95-6'], 20],
  [29, '乙撑亚胺', null, ['吖丙啶', '氮丙啶'], ['151-56-4'], 20],
  [30, '异氰酸甲酯', null, ['甲基异氰酸酯'], ['624-83-9'], 0.75],
  [31, '叠氮化钡', null, [], ['18810-58-7'], 0.5],
  [32, '叠氮化铅', null, [], ['13424-46-9'], 0.5],
  [33, '雷汞', null, [], ['628-86-4'], 0.5],
  [34, '三硝基苯甲醚', null, [], ['28653-16-9'], 5],
  [35, '2,4,6-三硝基甲苯', null, ['TNT'], ['118-96-7'], 5],
  [36, '硝化甘油', null, [], ['55-63-0'], 1],
  // Rows 37–42 share CAS 9004-70-0 and rows 43–44 share 6484-52-2: the 说明 tells them apart.
  [37, '硝化纤维素', '干的或含水(或乙醇)<25%', [], ['9004-70-0'], 1],
  [38, '硝化纤维素', '未改型的，或增塑的，含增塑剂<18%', [], ['9004-70-0'], 1],
  [39, '硝化纤维素', '含乙醇≥25%', [], ['9004-70-0'], 10],
  [40, '硝化纤维素', '含氮≤12.6%', [], ['9004-70-0'], 50],
  [41, '硝化纤维素', '含水≥25%', [], ['9004-70-0'], 50],
  [42, '硝化纤维素溶液', '含氮量≤12.6%，含硝化纤维素≤55%', [], ['9004-70-0'], 50],
  // STANDARDS.md elides the rest of this 说明 ("含可燃物>0.2%, …"); the full text is the cited seed's.
  [43, '硝酸铵', '含可燃物>0.2%，包括以碳计算的任何有机物，但不包括任何其他添加剂', [], ['6484-52-2'], 5],
  [44, '硝酸铵', '含可燃物≤0.2%', [], ['6484-52-2'], 50],
  [45, '硝酸铵肥料', '含可燃物≤0.4%', [], [], 200],
  [46, '硝酸钾', null, [], ['7757-79-1'], 1000],
  [47, '1,3-丁二烯', null, [], ['106-99-0'], 5],
  [48, '二甲醚', null, [], ['115-10-6'], 50],
  [49, '甲烷，天然气', null, [], ['74-82-8', '8006-14-2'], 50],
  [50, '氯乙烯', null, [], ['75-01-4'], 50],
  [51, '氢', null, ['氢气'], ['1333-74-0'], 5],
  [52, '液化石油气', '含丙烷、丁烷及其混合物', [], ['68476-85-7', '74-98-6', '106-97-8'], 50],
  [53, '一甲胺', null, [], ['74-89-5'], 5],
  [54, '乙炔', null, ['电石气'], ['74-86-2'], 1],
  [55, '乙烯', null, [], ['74-85-1'], 50],
  [56, '氧', '压缩的或液化的', [], ['7782-44-7'], 200],
  [57, '苯', null, [], ['71-43-2'], 50],
  [58, '苯乙烯', null, [], ['100-42-5'], 500],
  [59, '丙酮', null, [], ['67-64-1'], 500],
  [60, '2-丙烯腈', null, [], ['107-13-1'], 50],
  [61, '二硫化碳', null, [], ['75-15-0'], 50],
  [62, '环己烷', null, [], ['110-82-7'], 500],
  [63, '1,2-环氧丙烷', null, [], ['75-56-9'], 10],
  [64, '甲苯', null, [], ['108-88-3'], 500],
  [65, '甲醇', null, [], ['67-56-1'], 500],
  [66, '汽油', '乙醇汽油、甲醇汽油', [], ['86290-81-5'], 200],
  [67, '乙醇', null, [], ['64-17-5'], 500],
  [68, '乙醚', null, [], ['60-29-7'], 10],
  [69, '乙酸乙酯', null, [], ['141-78-6'], 500],
  [70, '正己烷', null, [], ['110-54-3'], 500],
  [71, '过乙酸', null, [], ['79-21-0'], 10],
  [72, '过氧化甲基乙基酮', '10%<有效氧≤10.7%，含A型稀释剂≥48%', [], ['1338-23-4'], 10],
  [73, '白磷', null, ['黄磷'], ['12185-10-3'], 50],
  [74, '烷基铝', null, [], [], 1],
  [75, '戊硼烷', null, [], ['19624-22-7'], 1],
  [76, '过氧化钾', null, [], ['17014-71-0'], 20],
  [77, '过氧化钠', null, [], ['1313-60-6'], 20],
  [78, '氯酸钾', null, [], ['3811-04-9'], 100],
  [79, '氯酸钠', null, [], ['7775-09-9'], 100],
  [80, '发烟硝酸', null, [], ['52583-42-3'], 20],
  [81, '硝酸', '发红烟的除外，含硝酸>70%', [], ['7697-37-2'], 100],
  [82, '硝酸胍', null, ['硝酸亚氨脲'], ['506-93-4'], 50],
  [83, '碳化钙', null, ['电石'], ['75-20-7'], 100],
  [84, '钾', null, [], ['7440-09-7'], 1],
  [85, '钠', null, [], ['7440-23-5'], 10],
];

/** The standard prints a 说明 that itself contains round brackets in square ones (row 37). */
const fullNameOf = (name: string, spec: string | null) =>
  spec === null ? name : spec.includes('(') ? `${name}［${spec}］` : `${name}（${spec}）`;

export const GB18218_TABLE1: readonly Gb18218Chemical[] = ROWS.map(([no, name, spec, aliases, cas, q]) => ({
  no,
  name,
  spec,
  fullName: fullNameOf(name, spec),
  aliases,
  cas,
  criticalQuantity: q,
}));

// ---------------------------------------------------------------------------------------------------------
// Lookup aliases (NOT in STANDARDS.md): names users write for a Table 1 row. Lookup only; they change nothing
// in the computation. Sources: the row's own 说明 (丙烷/丁烷 for LPG, CO for 煤气, 甲烷/天然气, 乙醇汽油/甲醇汽油)
// and common names (the cited seed lists 硝化棉, 金属钾, 过氧乙酸, 甲胺, 氧气, 酒精…). A name shared by several
// rows (硝化棉) is ambiguous and the user is asked for the 说明.
// ---------------------------------------------------------------------------------------------------------

export const GB18218_LOOKUP_ALIASES: Readonly<
  Record<string, { names: readonly string[]; cas?: readonly string[] }>
> = {
  '煤气（CO，CO和H₂、CH₄的混合物等）': { names: ['一氧化碳', 'CO'], cas: ['630-08-0'] },
  '液化石油气（含丙烷、丁烷及其混合物）': {
    names: ['丙烷', '丁烷', '正丁烷', '异丁烷', 'LPG', '石油气(液化的)'],
    cas: ['75-28-5'], // 异丁烷
  },
  '甲烷，天然气': { names: ['甲烷', '天然气', '液化天然气', '压缩天然气', 'LNG', 'CNG'] },
  '汽油（乙醇汽油、甲醇汽油）': { names: ['乙醇汽油', '甲醇汽油'] },
  '氧（压缩的或液化的）': { names: ['氧气', '液氧'] },
  '2-丙烯腈': { names: ['丙烯腈'] },
  '1,2-环氧丙烷': { names: ['环氧丙烷'] },
  '1,3-丁二烯': { names: ['丁二烯'] },
  '2,4,6-三硝基甲苯': { names: ['梯恩梯'] },
  一甲胺: { names: ['甲胺'] },
  过乙酸: { names: ['过氧乙酸'] },
  乙醇: { names: ['酒精'] },
  乙酸乙酯: { names: ['醋酸乙酯'] },
  钾: { names: ['金属钾'] },
  钠: { names: ['金属钠'] },
  '硝化纤维素［干的或含水(或乙醇)<25%］': { names: ['硝化棉'] },
  '硝化纤维素（未改型的，或增塑的，含增塑剂<18%）': { names: ['硝化棉'] },
  '硝化纤维素（含乙醇≥25%）': { names: ['硝化棉'] },
  '硝化纤维素（含氮≤12.6%）': { names: ['硝化棉'] },
  '硝化纤维素（含水≥25%）': { names: ['硝化棉'] },
  '硝化纤维素溶液（含氮量≤12.6%，含硝化纤维素≤55%）': { names: ['硝化棉溶液'] },
};

// ---------------------------------------------------------------------------------------------------------
// β basis of the Table 1 chemicals NOT named in Table 3 — UNCONFIRMED, the default of a configuration.
// ---------------------------------------------------------------------------------------------------------

/**
 * Where β comes from for a Table 1 chemical: a Table 4 category, a Table 3 gas, or 'other' (no Table 2 class
 * applies; β = the configured fallback, default 1 after 40号令 表2 "其他类危险化学品 β=1").
 */
export type Gb18218BetaBasis = Gb18218CategoryCode | Gb18218Table3Gas | 'other';

/**
 * STANDARDS.md §1.4: "a Table 1 chemical that is not in Table 3 takes β from Table 4 according to its own hazard
 * category" (PARTIAL; clause text UNCONFIRMED). The standard does not print the category of each Table 1
 * chemical, so the assignment below is ours (UNCONFIRMED): the chemical's GHS class as the 2015 危险化学品目录 /
 * UN model regulations give it, and where several Table 4 classes apply, the one with the largest β. Only the
 * classes with β ≠ 1 change a result: J1 (4), J3/J4 (2), W1.x (2), W2 / W5.1 / W6.1 / W7.1 (1.5).
 * Keyed by `fullName`; chemicals named in Table 3 are absent (their β is Table 3's, CONFIRMED).
 */
export const GB18218_TABLE1_BETA_BASIS: Readonly<Record<string, Gb18218BetaBasis>> = {
  // Toxic gases with Q = 1 t (below J1's 5 t): acute toxicity category 1 by inhalation (剧毒; 40号令 "剧毒气体
  // β=4"). 二氟化氧 is also an oxidizing gas (W4, β 1).
  二氟化氧: 'J1',
  氟: 'J1',
  砷化氢: 'J1',
  锑化氢: 'J1',
  硒化氢: 'J1',
  // Formaldehyde above 90 % is a gas: acute toxicity category 2/3 (J3, β 2) outranks flammable gas (W2, 1.5).
  '甲醛（含量>90%）': 'J3',
  // 煤气 is CO or CO mixtures (its 说明): Table 3 一氧化碳 (β 2; J3 and W2 would give 2 and 1.5).
  '煤气（CO，CO和H₂、CH₄的混合物等）': '一氧化碳',
  // Toxic liquids (boiling point > 35 ℃): acute toxicity category 1 → J2, category 2 → J5 (both β 1).
  丙酮氰醇: 'J2',
  丙烯醛: 'J2',
  甲苯二异氰酸酯: 'J5',
  一氯化硫: 'J5',
  溴: 'J5',
  乙撑亚胺: 'J5',
  // Flammable liquids whose acute toxicity (category 3, bp > 35 ℃) has no Table 2 row.
  '1-氯-2,3-环氧丙烷': 'W5.4',
  '3-溴-1,2-环氧丙烷': 'W5.4',
  '3-氨基丙烯': 'W5.3',
  // Corrosive only (skin corrosion 1A, STOT SE 3): no Table 2 class.
  三氧化硫: 'other',
  // Explosives (UN class 1).
  叠氮化钡: 'W1.1',
  叠氮化铅: 'W1.1',
  雷汞: 'W1.1',
  三硝基苯甲醚: 'W1.1',
  '2,4,6-三硝基甲苯': 'W1.1',
  硝化甘油: 'W1.1',
  '硝化纤维素［干的或含水(或乙醇)<25%］': 'W1.1', // UN 0340, 1.1D
  '硝化纤维素（未改型的，或增塑的，含增塑剂<18%）': 'W1.1', // UN 0341, 1.1D
  '硝化纤维素（含乙醇≥25%）': 'W1.2', // UN 0342, 1.3C
  '硝化纤维素（含氮≤12.6%）': 'W10', // UN 2556/2557, 4.1 flammable solid
  '硝化纤维素（含水≥25%）': 'W10', // UN 2555, 4.1
  '硝化纤维素溶液（含氮量≤12.6%，含硝化纤维素≤55%）': 'W5.3', // UN 2059, class 3
  '硝酸铵（含可燃物>0.2%，包括以碳计算的任何有机物，但不包括任何其他添加剂）': 'W1.1', // UN 0222, 1.1D
  '硝酸铵（含可燃物≤0.2%）': 'W9.2', // UN 1942, 5.1; oxidizing solid category 3
  '硝酸铵肥料（含可燃物≤0.4%）': 'W9.2', // UN 2067, 5.1
  硝酸钾: 'W9.2',
  // Flammable gases (the examples STANDARDS.md gives: LPG, 氢, 甲烷 → W2 → β 1.5).
  '1,3-丁二烯': 'W2',
  二甲醚: 'W2',
  '甲烷，天然气': 'W2',
  氯乙烯: 'W2',
  氢: 'W2',
  '液化石油气（含丙烷、丁烷及其混合物）': 'W2',
  一甲胺: 'W2',
  乙炔: 'W2',
  乙烯: 'W2',
  '氧（压缩的或液化的）': 'W4',
  // Flammable liquids stored below their boiling point. Category 1 (flash point < 23 ℃, initial boiling
  // point ≤ 35 ℃) → W5.1; category 2 → W5.3; category 3 → W5.4.
  苯: 'W5.3',
  苯乙烯: 'W5.4',
  丙酮: 'W5.3',
  '2-丙烯腈': 'W5.3',
  二硫化碳: 'W5.3', // initial boiling point 46 ℃ → category 2
  环己烷: 'W5.3',
  '1,2-环氧丙烷': 'J4', // bp 34 ℃, acute toxicity 3 by inhalation: J4 (β 2) outranks W5.1 (1.5)
  甲苯: 'W5.3',
  甲醇: 'W5.3',
  '汽油（乙醇汽油、甲醇汽油）': 'W5.1', // initial boiling point < 35 ℃ → category 1 (some catalogues say 2)
  乙醇: 'W5.3',
  乙醚: 'W5.1', // bp 34.6 ℃ → category 1
  乙酸乙酯: 'W5.3',
  正己烷: 'W5.3',
  // Organic peroxides: Q = 10 t, as for types A/B (W7.1); MEKP at this active oxygen is UN 3101 (type B).
  过乙酸: 'W7.1',
  '过氧化甲基乙基酮（10%<有效氧≤10.7%，含A型稀释剂≥48%）': 'W7.1',
  白磷: 'W8',
  烷基铝: 'W8',
  戊硼烷: 'W8',
  过氧化钾: 'W9.1',
  过氧化钠: 'W9.1',
  氯酸钾: 'W9.1',
  氯酸钠: 'W9.1',
  发烟硝酸: 'W9.1',
  '硝酸（发红烟的除外，含硝酸>70%）': 'W9.2',
  硝酸胍: 'W9.2',
  碳化钙: 'W11',
  钾: 'W11',
  钠: 'W11',
};
