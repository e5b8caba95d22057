/**
 * The registry form's values ↔ the ledger request bodies, for any `RegistryDef`: the controls hold dates
 * as dayjs, lines and areas as GeoJSON text; the API wants YYYY-MM-DD strings, geometry objects and null
 * for an empty optional field.
 */
import dayjs from 'dayjs';
import type { LedgerRecordView, RegistryDef, ScalarField } from '@ningan/domain';
import type { ApiErrorDetail } from '../../api/client.ts';
import type { Translate } from '../../i18n/i18n.tsx';
import { parseGeometryText } from './geometry-text.ts';

export interface RegistryFormValues {
  name?: string;
  regionCode?: string;
  lon?: number | null;
  lat?: number | null;
  /** GeoJSON text (lines and areas). */
  geometry?: string;
  enterpriseId?: string | null;
  supervisingDepartmentId?: string | null;
  attrs?: Record<string, unknown>;
}

/** A request body as the form builds it (create: every part; edit: compared with the record). */
export type RegistryBody = Record<string, unknown> & { attrs: Record<string, unknown> };

/** A stored value → the value its control holds. */
function toInput(field: ScalarField, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (field.type === 'multi') return [];
    if (field.type === 'bool') return false;
    return undefined;
  }
  if (field.type === 'date' && typeof value === 'string') return dayjs(value);
  return value;
}

/** A control's value → the request value (null for an empty optional field). */
function fromInput(field: ScalarField, value: unknown): unknown {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'phone':
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    case 'int':
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'enum':
    case 'ref':
      return typeof value === 'string' && value !== '' ? value : null;
    case 'multi':
      return Array.isArray(value) ? value : [];
    case 'bool':
      return value === true;
    case 'date':
      if (dayjs.isDayjs(value)) return value.format('YYYY-MM-DD');
      return typeof value === 'string' && value !== '' ? value : null;
  }
}

const asRows = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.map((row: unknown) =>
        typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {},
      )
    : [];

/** The values a new record's form opens with. */
export function initialFormValues(def: RegistryDef, regionCode: string | undefined): RegistryFormValues {
  const attrs: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (f.type === 'rows') attrs[f.key] = f.required ? [{}] : [];
    else if (f.type === 'multi') attrs[f.key] = [];
    else if (f.type === 'bool') attrs[f.key] = false;
  }
  return { regionCode, attrs };
}

/** A record → the form's values. */
export function toFormValues(def: RegistryDef, record: LedgerRecordView): RegistryFormValues {
  const attrs: Record<string, unknown> = {};
  for (const f of def.fields) {
    const value = record.attrs[f.key];
    attrs[f.key] =
      f.type === 'rows'
        ? asRows(value).map((row) => Object.fromEntries(f.fields.map((s) => [s.key, toInput(s, row[s.key])])))
        : toInput(f, value);
  }
  return {
    name: record.name,
    regionCode: record.regionCode,
    lon: record.lon,
    lat: record.lat,
    geometry: record.geometry ? JSON.stringify(record.geometry) : '',
    enterpriseId: record.enterpriseId,
    supervisingDepartmentId: record.supervisingDepartmentId,
    attrs,
  };
}

/**
 * The request body of the form's values, with the parts this registry has; `problems` holds what cannot
 * even be put into a body (GeoJSON that does not parse), by field path.
 */
export function toBody(
  def: RegistryDef,
  values: RegistryFormValues,
  t: Translate,
): { body: RegistryBody; problems: ApiErrorDetail[] } {
  const problems: ApiErrorDetail[] = [];
  const attrsIn = values.attrs ?? {};
  const attrs: Record<string, unknown> = {};
  for (const f of def.fields) {
    attrs[f.key] =
      f.type === 'rows'
        ? asRows(attrsIn[f.key]).map((row) =>
            Object.fromEntries(f.fields.map((s) => [s.key, fromInput(s, row[s.key])])),
          )
        : fromInput(f, attrsIn[f.key]);
  }
  const body: RegistryBody = { name: values.name?.trim() ?? '', regionCode: values.regionCode ?? '', attrs };
  switch (def.geometry) {
    case 'point':
      body.lon = values.lon ?? null;
      body.lat = values.lat ?? null;
      break;
    case 'line':
    case 'polygon': {
      const text = values.geometry?.trim() ?? '';
      if (!text) {
        problems.push({ path: 'geometry', message: t('registry.geometryRequired') });
        break;
      }
      const parsed = parseGeometryText(text, def.geometry, t);
      if (parsed.ok) body.geometry = parsed.geometry;
      else problems.push({ path: 'geometry', message: parsed.message });
      break;
    }
    case 'none':
      break;
  }
  if (def.enterprise !== 'none') body.enterpriseId = values.enterpriseId ?? null;
  if (def.supervised) body.supervisingDepartmentId = values.supervisingDepartmentId ?? null;
  return { body, problems };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Only what differs from the record (both sides built by `toBody`, so equal values compare equal):
 * changed top-level parts, and `attrs` with the changed fields only. Empty: nothing changed.
 */
export function changedParts(body: RegistryBody, before: RegistryBody): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'attrs') {
      const attrs = Object.fromEntries(
        Object.entries(body.attrs).filter(([field, v]) => !same(v, before.attrs[field])),
      );
      if (Object.keys(attrs).length > 0) patch.attrs = attrs;
    } else if (!same(value, before[key])) patch[key] = value;
  }
  return patch;
}

/** Every field a `details[].path` may name, rows included (`attrs.substances.0.name`). */
export function formFieldPaths(def: RegistryDef, values: RegistryFormValues): string[] {
  const paths = ['name', 'regionCode', 'lon', 'lat', 'geometry', 'enterpriseId', 'supervisingDepartmentId'];
  for (const f of def.fields) {
    paths.push(`attrs.${f.key}`);
    if (f.type !== 'rows') continue;
    const count = asRows(values.attrs?.[f.key]).length;
    for (let i = 0; i < count; i++) for (const s of f.fields) paths.push(`attrs.${f.key}.${i}.${s.key}`);
  }
  return paths;
}
