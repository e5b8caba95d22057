/**
 * Major hazard installation (重大危险源) identification and grading, GB 18218-2018 (STANDARDS.md §1).
 *
 * Identification (§1.1, CONFIRMED): S = Σ qᵢ/Qᵢ over the unit's hazardous chemicals; the unit is a major hazard
 * installation when S ≥ 1 (one chemical: q ≥ Q — inclusive). q is the maximum quantity present, Q the critical
 * quantity, both in tonnes.
 * Grading (§1.4, CONFIRMED): R = α · Σ βᵢ qᵢ/Qᵢ; 一级 R ≥ 100, 二级 100 > R ≥ 50, 三级 50 > R ≥ 10, 四级 R < 10.
 *
 * Decisions (ours, documented here):
 * - Lookup: CAS first, then name (name with or without its 说明, 别名, lookup aliases; whitespace, full/half-width
 *   characters, bracket shapes and ≥/>= are normalised) in Table 1; only a substance not in Table 1 uses its
 *   `category` (Table 2). A name or CAS shared by several Table 1 rows (硝化纤维素, 硝酸铵) must be made
 *   specific. A substance that cannot be resolved is a validation problem, never skipped.
 * - The same substance listed more than once (same Table 1 row; or same Table 2 category and name) is one item
 *   with the quantities summed.
 * - Grading applies only to a major hazard installation: `grade` is null when S < 1, but R is still reported
 *   (it is the working the detail page shows).
 * - Full precision throughout; S ≥ 1 and the grade bounds are compared with a 1e-9 relative tolerance so that
 *   binary noise (0.7 + 0.2 + 0.1 = 0.9999999999999999) cannot flip a result. Outputs are rounded: S and R to
 *   4 decimals, ratios and quantities to 6.
 * - β of a Table 1 chemical outside Table 3 comes from the class in `config.betaBasisByChemical`
 *   (UNCONFIRMED, see gb18218-tables.ts); the standard's mixture rule (4.2.3, wording UNCONFIRMED) is left to
 *   whoever chooses the name or category of a mixture.
 */
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors.ts';
import {
  GB18218_LOOKUP_ALIASES,
  GB18218_TABLE1,
  GB18218_TABLE1_BETA_BASIS,
  GB18218_TABLE2,
  GB18218_TABLE3_BETA,
  GB18218_TABLE3_GASES,
  GB18218_TABLE4_BETA,
  GB18218_TABLE5_ALPHA,
  GB18218_TABLE6_GRADES,
  type Gb18218BetaBasis,
  type Gb18218Category,
  type Gb18218CategoryCode,
  type Gb18218Chemical,
  type Gb18218Table3Gas,
  type MajorHazardGrade,
} from './gb18218-tables.ts';

// ---------------------------------------------------------------------------------------------------------
// CAS numbers
// ---------------------------------------------------------------------------------------------------------

const CAS_FORMAT = /^(\d{2,7})-(\d{2})-(\d)$/;

/** The check digit a CAS number's other digits call for: Σ (position from the right × digit) mod 10. */
export function computeCasCheckDigit(cas: string): number | null {
  const m = CAS_FORMAT.exec(cas);
  if (!m) return null;
  const digits = `${m[1]}${m[2]}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) sum += (digits.length - i) * Number(digits[i]);
  return sum % 10;
}

export function isValidCasNumber(cas: string): boolean {
  const check = computeCasCheckDigit(cas);
  return check !== null && check === Number(cas.at(-1));
}

export const CasNumber = z
  .string()
  .trim()
  .superRefine((cas, ctx) => {
    const check = computeCasCheckDigit(cas);
    if (check === null)
      ctx.addIssue({ code: 'custom', message: `CAS 号格式应为“数字-两位数字-校验位”，如 7664-41-7：${cas}` });
    else if (check !== Number(cas.at(-1)))
      ctx.addIssue({ code: 'custom', message: `CAS 号 ${cas} 的校验位不正确（应为 ${check}）` });
  });

// ---------------------------------------------------------------------------------------------------------
// Lookup in Table 1 and Table 2
// ---------------------------------------------------------------------------------------------------------

/** Canonical form for name matching: NFKC (full-width → half-width, H₂ → H2), no whitespace, lower case,
 *  one bracket shape, one list separator, ≥/≤ as >=/<=. */
export function normalizeChemicalName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[[【〔]/g, '(')
    .replace(/[\]】〕]/g, ')')
    .replace(/[、;]/g, ',')
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=');
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

const CHEMICALS_BY_NAME = new Map<string, Gb18218Chemical[]>();
const CHEMICALS_BY_CAS = new Map<string, Gb18218Chemical[]>();
for (const c of GB18218_TABLE1) {
  const extra = GB18218_LOOKUP_ALIASES[c.fullName];
  for (const n of [c.name, c.fullName, ...c.aliases, ...(extra?.names ?? [])])
    addTo(CHEMICALS_BY_NAME, normalizeChemicalName(n), c);
  for (const cas of [...c.cas, ...(extra?.cas ?? [])]) addTo(CHEMICALS_BY_CAS, cas, c);
}

/** Table 1 rows a name designates (empty: not named in Table 1; several: ambiguous without the 说明). */
export function findGb18218ChemicalsByName(name: string): readonly Gb18218Chemical[] {
  return CHEMICALS_BY_NAME.get(normalizeChemicalName(name)) ?? [];
}

/** Table 1 rows a CAS number designates (several for 硝化纤维素 9004-70-0 and 硝酸铵 6484-52-2). */
export function findGb18218ChemicalsByCas(cas: string): readonly Gb18218Chemical[] {
  return CHEMICALS_BY_CAS.get(cas.trim()) ?? [];
}

const CATEGORY_BY_CODE = new Map<string, Gb18218Category>(GB18218_TABLE2.map((c) => [c.code, c]));
const lettersOnly = (s: string) => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
const CODE_AT_START = /^([JW]\d{1,2}(?:\.\d)?)(?![\d.])(.*)$/;
const CODE_AT_END = /^(.*?)(?<![\dA-Z.])([JW]\d{1,2}(?:\.\d)?)\)?$/;

/**
 * A Table 2 category from what a user writes: its symbol ("W5.4", "w5.4", full-width too), a symbol with the
 * class name ("W5.4 易燃液体", "易燃液体（W5.4）"), the class name when it has a single row ("易燃气体"), or
 * class and 说明 in full.
 */
export function findGb18218Category(
  text: string,
): { ok: true; category: Gb18218Category } | { ok: false; message: string } {
  const t = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const exact = CATEGORY_BY_CODE.get(t);
  if (exact) return { ok: true, category: exact };

  const withCode = splitCategoryCode(t);
  if (withCode) {
    const category = CATEGORY_BY_CODE.get(withCode.code);
    if (category) {
      const rest = lettersOnly(withCode.rest);
      const hazardClass = lettersOnly(category.hazardClass);
      if (rest.startsWith(hazardClass) || hazardClass.startsWith(rest)) return { ok: true, category };
      return {
        ok: false,
        message: `类别名称与符号不一致：${text}（${category.code} 是${category.hazardClass}）`,
      };
    }
  }

  const key = lettersOnly(t);
  const byClass = GB18218_TABLE2.filter((c) => lettersOnly(c.hazardClass) === key);
  if (byClass.length === 1) return { ok: true, category: byClass[0]! };
  if (byClass.length > 1)
    return {
      ok: false,
      message: `类别“${text}”对应 GB 18218 表2 中多个条目（${byClass.map((c) => `${c.code} ${c.description}`).join('；')}），请写明符号`,
    };
  const byFull = GB18218_TABLE2.find((c) => lettersOnly(c.hazardClass + c.description) === key);
  if (byFull) return { ok: true, category: byFull };
  return {
    ok: false,
    message: `未知的 GB 18218 表2 类别：${text}（请写表2符号 J1–J5、W1.1–W11，如 W5.4，或类别名称）`,
  };
}

/** A symbol at the start or the end of what the user wrote, and the rest. */
function splitCategoryCode(t: string): { code: string; rest: string } | null {
  const start = CODE_AT_START.exec(t);
  if (start) return { code: start[1]!, rest: start[2]! };
  const end = CODE_AT_END.exec(t);
  if (end) return { code: end[2]!, rest: end[1]! };
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Resolution: which row of which table each substance is
// ---------------------------------------------------------------------------------------------------------

export type ResolvedSubstance =
  | { table: 1; chemical: Gb18218Chemical; name: string | null; quantity: number }
  | { table: 2; category: Gb18218Category; name: string | null; quantity: number };

interface SubstanceIdentity {
  name?: string | undefined;
  cas?: string | undefined;
  category?: string | undefined;
}

type SubstanceProblem = { field: 'name' | 'cas' | 'category' | null; message: string };
type Resolution =
  | { ok: true; table: 1; chemical: Gb18218Chemical }
  | { ok: true; table: 2; category: Gb18218Category }
  | { ok: false; problem: SubstanceProblem };

const listNames = (cs: readonly Gb18218Chemical[]) => cs.map((c) => `“${c.fullName}”`).join('、');

/** Resolves one substance; `cas`, when present, is assumed well-formed (the schema checks it first). */
function resolveIdentity(s: SubstanceIdentity): Resolution {
  const name = s.name?.trim() || undefined;
  const cas = s.cas?.trim() || undefined;
  const category = s.category?.trim() || undefined;
  if (name === undefined && cas === undefined && category === undefined)
    return {
      ok: false,
      problem: {
        field: null,
        message: '须提供名称（name）、CAS 号（cas）或 GB 18218 表2 类别（category）之一',
      },
    };

  const byCas = cas === undefined ? [] : findGb18218ChemicalsByCas(cas);
  const byName = name === undefined ? [] : findGb18218ChemicalsByName(name);
  if (byCas.length > 0) {
    if (byName.length > 0) {
      const both = byCas.filter((c) => byName.includes(c));
      if (both.length === 1) return { ok: true, table: 1, chemical: both[0]! };
      if (both.length === 0)
        return {
          ok: false,
          problem: {
            field: 'name',
            message: `名称“${name}”与 CAS 号 ${cas} 对应 GB 18218 表1 中不同的条目（${listNames(byName)} / ${listNames(byCas)}）`,
          },
        };
      return {
        ok: false,
        problem: {
          field: 'name',
          message: `“${name}”（CAS ${cas}）对应 GB 18218 表1 中多个条目：${listNames(both)}，请在名称中写明是哪一条`,
        },
      };
    }
    if (byCas.length === 1) return { ok: true, table: 1, chemical: byCas[0]! };
    return {
      ok: false,
      problem: {
        field: name === undefined ? 'cas' : 'name',
        message: `CAS 号 ${cas} 对应 GB 18218 表1 中多个条目：${listNames(byCas)}，请在名称（name）中写明是哪一条`,
      },
    };
  }
  if (byName.length === 1) return { ok: true, table: 1, chemical: byName[0]! };
  if (byName.length > 1)
    return {
      ok: false,
      problem: {
        field: 'name',
        message: `“${name}”对应 GB 18218 表1 中多个条目：${listNames(byName)}，请写明是哪一条`,
      },
    };

  if (category !== undefined) {
    const found = findGb18218Category(category);
    if (found.ok) return { ok: true, table: 2, category: found.category };
    return { ok: false, problem: { field: 'category', message: found.message } };
  }
  if (name !== undefined)
    return {
      ok: false,
      problem: {
        field: 'name',
        message: `未知的危险化学品：${name}${cas === undefined ? '' : `（CAS ${cas}）`}（请提供 CAS 号或 GB 18218 表2 类别）`,
      },
    };
  return {
    ok: false,
    problem: { field: 'cas', message: `CAS 号 ${cas} 不在 GB 18218 表1 中（请提供 GB 18218 表2 类别）` },
  };
}

const pathOf = (i: number, field: SubstanceProblem['field']) =>
  field === null ? `substances.${i}` : `substances.${i}.${field}`;

/**
 * Resolves every substance against Table 1 / Table 2, or lists every one that cannot be resolved, with its
 * path (`substances.3.name`). The schema runs the same resolution, so parsed input always resolves.
 */
export function resolveSubstances(input: {
  substances: readonly (SubstanceIdentity & { quantity: number })[];
}): { ok: true; substances: ResolvedSubstance[] } | { ok: false; problems: ErrorDetail[] } {
  const substances: ResolvedSubstance[] = [];
  const problems: ErrorDetail[] = [];
  input.substances.forEach((s, i) => {
    const r = resolveIdentity(s);
    const name = s.name?.trim() || null;
    if (!r.ok) problems.push({ path: pathOf(i, r.problem.field), message: r.problem.message });
    else if (r.table === 1) substances.push({ table: 1, chemical: r.chemical, name, quantity: s.quantity });
    else substances.push({ table: 2, category: r.category, name, quantity: s.quantity });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, substances };
}

// ---------------------------------------------------------------------------------------------------------
// Input schema
// ---------------------------------------------------------------------------------------------------------

export const MajorHazardSubstance = z
  .object({
    /** Table 1 name, 别名 or common name; for a Table 2 substance, its own name (shown in the result). */
    name: z.string().trim().min(1, '名称不能为空').max(200).optional(),
    cas: CasNumber.optional(),
    /** Table 2 symbol (J1…J5, W1.1…W11) or class name; used only when the substance is not in Table 1. */
    category: z.string().trim().min(1, '类别不能为空').max(200).optional(),
    /** q: maximum quantity present in the unit, t. */
    quantity: z.number().min(0, '数量（吨）不能为负数'),
  })
  .strict()
  // Resolution per substance, so every unknown substance is listed even when others have type errors.
  .superRefine((s, ctx) => {
    const casGiven = s.cas !== undefined && s.cas !== '';
    const casUsable = casGiven && isValidCasNumber(s.cas!);
    // A malformed CAS is reported by its own check; resolve with the other fields, if any.
    if (casGiven && !casUsable && s.name === undefined && s.category === undefined) return;
    const r = resolveIdentity({ ...s, cas: casUsable ? s.cas : undefined });
    if (!r.ok)
      ctx.addIssue({
        code: 'custom',
        path: r.problem.field === null ? [] : [r.problem.field],
        message: r.problem.message,
      });
  });
export type MajorHazardSubstance = z.infer<typeof MajorHazardSubstance>;

export const MajorHazardInput = z
  .object({
    substances: z.array(MajorHazardSubstance).min(1, '至少需要一种危险化学品'),
    /** People who normally live within 500 m outside the site boundary (厂外可能暴露人员), for α. */
    exposedPeople: z.number().int('人数须为整数').min(0, '人数不能为负数'),
  })
  .strict();
export type MajorHazardInput = z.infer<typeof MajorHazardInput>;

// ---------------------------------------------------------------------------------------------------------
// Configuration (the UNCONFIRMED values) and the computation
// ---------------------------------------------------------------------------------------------------------

export interface MajorHazardConfig {
  /**
   * For each Table 1 chemical NOT named in Table 3 (keyed by `fullName`): the Table 4 class (or Table 3 gas)
   * its β is taken from. UNCONFIRMED (STANDARDS.md §1.4: rule PARTIAL, clause text and per-chemical classes
   * not in the sources); default GB18218_TABLE1_BETA_BASIS.
   */
  betaBasisByChemical: Readonly<Record<string, Gb18218BetaBasis>>;
  /** β when the basis is 'other' (no Table 2 class applies). UNCONFIRMED; default 1 (40号令 "其他类"). */
  otherBeta: number;
}

export const DEFAULT_MAJOR_HAZARD_CONFIG: MajorHazardConfig = {
  betaBasisByChemical: GB18218_TABLE1_BETA_BASIS,
  otherBeta: 1,
};

export interface MajorHazardItem {
  /** Table 1: the standard's name with its 说明; Table 2: the given name, else the class and symbol. */
  name: string;
  /** The table Q comes from. */
  table: 1 | 2;
  /** Table 2: the category used; Table 1: the Table 4 class β was taken from (null: Table 3 or 'other'). */
  category: Gb18218CategoryCode | null;
  /** Where β comes from: Table 3 (named toxic gas), Table 4 (by class) or the configured fallback. */
  betaFrom: 'table3' | 'table4' | 'fallback';
  /** q, t (summed when listed more than once). */
  quantity: number;
  /** Q, t. */
  criticalQuantity: number;
  beta: number;
  /** q / Q. */
  ratio: number;
}

export interface MajorHazardResult {
  /** Σ q/Q. */
  S: number;
  /** S ≥ 1. */
  isMajorHazard: boolean;
  alpha: number;
  /** α · Σ β q/Q; reported even when the unit is not a major hazard installation. */
  R: number;
  /** 1 = 一级 (most severe) … 4 = 四级; null when not a major hazard installation. */
  grade: MajorHazardGrade | null;
  items: MajorHazardItem[];
}

const TOLERANCE = 1e-9; // relative; far below any meaningful quantity, far above binary noise
const reaches = (value: number, bound: number) => value >= bound - TOLERANCE * Math.max(1, Math.abs(bound));
const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** α (Table 5) for the number of people outside the site. @throws RangeError for a negative or fractional count */
export function getExposureAlpha(exposedPeople: number): number {
  const band = GB18218_TABLE5_ALPHA.find(
    (b) => exposedPeople >= b.min && (b.max === null || exposedPeople <= b.max),
  );
  if (!band || !Number.isInteger(exposedPeople)) throw new RangeError(`人数无效：${exposedPeople}`);
  return band.alpha;
}

/** Grade (Table 6) for R; lower bounds inclusive ("R ≥ 100" is 一级). */
export function getMajorHazardGrade(R: number): MajorHazardGrade {
  for (const g of GB18218_TABLE6_GRADES) if (g.minR === null || reaches(R, g.minR)) return g.grade;
  return 4;
}

const isTable3Gas = (name: string): name is Gb18218Table3Gas =>
  (GB18218_TABLE3_GASES as readonly string[]).includes(name);

function betaOf(
  c: Gb18218Chemical,
  config: MajorHazardConfig,
): Pick<MajorHazardItem, 'category' | 'betaFrom' | 'beta'> {
  if (isTable3Gas(c.name)) return { category: null, betaFrom: 'table3', beta: GB18218_TABLE3_BETA[c.name] };
  const basis = config.betaBasisByChemical[c.fullName];
  if (basis === undefined) throw new Error(`GB 18218 β configuration has no entry for ${c.fullName}`);
  if (basis === 'other') return { category: null, betaFrom: 'fallback', beta: config.otherBeta };
  if (isTable3Gas(basis)) return { category: null, betaFrom: 'table3', beta: GB18218_TABLE3_BETA[basis] };
  return { category: basis, betaFrom: 'table4', beta: GB18218_TABLE4_BETA[basis] };
}

/**
 * Identifies and grades one unit. Pure. Input must have passed `MajorHazardInput`.
 * @throws AppError validation_failed when a substance cannot be resolved (input that skipped the schema)
 */
export function computeMajorHazard(
  input: MajorHazardInput,
  config: MajorHazardConfig = DEFAULT_MAJOR_HAZARD_CONFIG,
): MajorHazardResult {
  const resolved = resolveSubstances(input);
  if (!resolved.ok)
    throw new AppError('validation_failed', '重大危险源辨识的输入有误', { details: resolved.problems });

  const groups = new Map<string, Omit<MajorHazardItem, 'ratio'>>();
  for (const s of resolved.substances) {
    const key =
      s.table === 1
        ? `1:${s.chemical.fullName}`
        : `2:${s.category.code}:${normalizeChemicalName(s.name ?? '')}`;
    const seen = groups.get(key);
    if (seen) seen.quantity += s.quantity;
    else if (s.table === 1) {
      const { category, betaFrom, beta } = betaOf(s.chemical, config);
      groups.set(key, {
        name: s.chemical.fullName,
        table: 1,
        category,
        betaFrom,
        quantity: s.quantity,
        criticalQuantity: s.chemical.criticalQuantity,
        beta,
      });
    } else
      groups.set(key, {
        name: s.name ?? `${s.category.hazardClass}（${s.category.code}）`,
        table: 2,
        category: s.category.code,
        betaFrom: 'table4',
        quantity: s.quantity,
        criticalQuantity: s.category.criticalQuantity,
        beta: GB18218_TABLE4_BETA[s.category.code],
      });
  }

  let S = 0;
  let weighted = 0;
  const items: MajorHazardItem[] = [];
  for (const g of groups.values()) {
    const ratio = g.quantity / g.criticalQuantity;
    S += ratio;
    weighted += g.beta * ratio;
    items.push({ ...g, quantity: round(g.quantity, 6), ratio: round(ratio, 6) });
  }
  const alpha = getExposureAlpha(input.exposedPeople);
  const R = alpha * weighted;
  const isMajorHazard = reaches(S, 1);
  return {
    S: round(S, 4),
    isMajorHazard,
    alpha,
    R: round(R, 4),
    grade: isMajorHazard ? getMajorHazardGrade(R) : null,
    items,
  };
}
