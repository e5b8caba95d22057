/**
 * What the generic registry screens read from a `RegistryDef` (@ningan/domain): labels in the current
 * language, list columns, sorts and filters, grades, and how a field's value reads as text.
 */
import {
  filterFields,
  LEDGER_GROUPS,
  optionLabel,
  REGISTRIES,
  type FieldSpec,
  type GradeSpec,
  type Label,
  type LedgerGroup,
  type RegistryDef,
  type RowsField,
  type ScalarField,
} from '@ningan/domain';
import type { Lang, Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

export const labelOf = (label: Label, lang: Lang): string => (lang === 'en' ? label.en : label.zh);

export const GROUP_LABELS: Record<LedgerGroup, MessageKey> = {
  risk: 'registry.group.risk',
  natural: 'registry.group.natural',
  resource: 'registry.group.resource',
};

/** The registries of one group, in declaration order. */
export function registriesOf(group: LedgerGroup): RegistryDef[] {
  return REGISTRIES.filter((r) => r.group === group);
}

export const REGISTRY_GROUPS = LEDGER_GROUPS;

export const registryPath = (key: string) => `/ledger/${key}`;

/** The path that opens a record's detail drawer on its registry's list page. */
export function registryDetailPath(registry: string, id: string): string {
  return `/ledger/${encodeURIComponent(registry)}?open=${encodeURIComponent(id)}`;
}

export function isRowsField(field: FieldSpec): field is RowsField {
  return field.type === 'rows';
}

/** Fields shown as list columns (after the name and the township, which always are). */
export function listFields(def: RegistryDef): ScalarField[] {
  return def.fields.filter((f): f is ScalarField => f.type !== 'rows' && f.list === true);
}

/** The list filters: the enum, multi and bool fields marked `filter` (refs are not offered). */
export function listFilters(def: RegistryDef): ScalarField[] {
  return filterFields(def).filter((f) => f.type !== 'ref');
}

export function gradeSpec(def: RegistryDef, key: string | null | undefined): GradeSpec | undefined {
  if (!key) return undefined;
  return def.grades?.find((g) => g.key === key);
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * The enum field the grade simply repeats (救援队伍: 战备状态, 地灾隐患点: 规模等级), if any: its column and
 * filter then show the grade colours, and no second grade column or filter is added.
 */
export function gradeEnumField(def: RegistryDef): ScalarField | undefined {
  const keys = (def.grades ?? []).map((g) => g.key);
  if (keys.length === 0) return undefined;
  return def.fields.find(
    (f): f is ScalarField => f.type === 'enum' && (f.key === def.gradeField || sameSet(f.options, keys)),
  );
}

/** Whether the list gets a separate grade column and grade filter. */
export function hasOwnGrade(def: RegistryDef): boolean {
  return (def.grades?.length ?? 0) > 0 && gradeEnumField(def) === undefined;
}

/** Columns the API sorts by: `sort=name`, `sort=-updatedAt`, `sort=headcount`… */
export function sortKeys(def: RegistryDef): string[] {
  return ['name', 'regionCode', 'updatedAt', 'grade', ...listFields(def).map((f) => f.key)];
}

/** Readable width of a field in the form grid: long texts take the whole row. */
export function isWideField(field: ScalarField): boolean {
  if (field.type === 'textarea' || field.type === 'multi') return true;
  if (field.type === 'text') return (field.max ?? 100) > 60;
  return false;
}

/** The LEC scores' meanings (STANDARDS.md §4.1), shown next to the numbers of `choices` fields. */
const LEC_MEANINGS: Record<string, Record<string, MessageKey>> = {
  L: {
    '10': 'lec.L.10',
    '6': 'lec.L.6',
    '3': 'lec.L.3',
    '1': 'lec.L.1',
    '0.5': 'lec.L.0_5',
    '0.2': 'lec.L.0_2',
    '0.1': 'lec.L.0_1',
  },
  E: {
    '10': 'lec.E.10',
    '6': 'lec.E.6',
    '3': 'lec.E.3',
    '2': 'lec.E.2',
    '1': 'lec.E.1',
    '0.5': 'lec.E.0_5',
  },
  C: {
    '100': 'lec.C.100',
    '40': 'lec.C.40',
    '15': 'lec.C.15',
    '7': 'lec.C.7',
    '3': 'lec.C.3',
    '1': 'lec.C.1',
  },
};

/** "6（相当可能）" for an LEC score; the bare number for other choices. */
export function choiceLabel(field: ScalarField, value: number, t: Translate): string {
  const key = LEC_MEANINGS[field.key]?.[String(value)];
  return key ? t('registry.choice', { value, meaning: t(key) }) : String(value);
}

/** What an empty value reads as. */
export const EMPTY_TEXT = '—';

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** A number as people read it: no float noise, thousands grouped. */
export function formatNumber(value: number, lang: Lang): string {
  return value.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: 6 });
}

/** Any stored value as plain text (strings and numbers as they are, anything else as JSON). */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A scalar value as one line of text ('—' when empty); refs read as their id (see RefName for names). */
export function fieldText(field: ScalarField, value: unknown, t: Translate, lang: Lang): string {
  if (isEmpty(value)) return EMPTY_TEXT;
  switch (field.type) {
    case 'bool':
      return value === true ? t('common.yes') : t('common.no');
    case 'int':
    case 'number': {
      if (typeof value !== 'number') return plainText(value);
      if (field.type === 'number' && field.choices) return choiceLabel(field, value, t);
      const unit = field.unit ? ` ${field.unit}` : '';
      return `${formatNumber(value, lang)}${unit}`;
    }
    case 'multi':
      return (Array.isArray(value) ? value : [value]).map((v) => optionLabel(plainText(v), lang)).join('、');
    case 'enum':
      return optionLabel(plainText(value), lang);
    case 'text':
    case 'textarea':
    case 'date':
    case 'phone':
    case 'ref':
      return plainText(value);
  }
}

export { isEmpty as isEmptyValue };
