/**
 * The spreadsheet form of a ledger registry, from its declaration: one column list for export, the
 * import template and import parsing, so a file exported from the platform imports back unchanged.
 * Cells: enum as its text, multi joined with "、", bool 是/否, dates YYYY-MM-DD, references by the
 * referenced record's name, sub-record lists as "a|b|c；a|b|c" in the sub-fields' order, lines and
 * polygons as "经度,纬度;经度,纬度;…".
 */
import { uncsvText } from '../lib/csv.ts';
import { TableFormatError, type Table } from '../lib/table-reader.ts';
import type { FieldSpec, LedgerGeometry, LedgerRecordView, RegistryDef, ScalarField } from '@ningan/domain';

/** Names the sheet shows for ids: regions, enterprises (and their credit codes), departments, references. */
export interface SheetNames {
  region: (code: string) => string;
  enterprise: (id: string) => { name: string; creditCode: string } | null;
  department: (id: string) => string | null;
  record: (id: string) => string | null;
}

/** Looks names up the other way for an import; null when there is no such thing (or more than one). */
export interface SheetLookups {
  regionByName: (name: string) => string | null;
  enterpriseByCreditCodeOrName: (text: string) => string | null;
  departmentByName: (name: string) => string | null;
  recordByName: (registry: string, name: string) => string | null;
}

export interface LedgerColumn {
  header: string;
  width: number;
  /** Export-only columns (the grade) are skipped on import. */
  exportOnly?: boolean;
  toCell: (r: LedgerRecordView, names: SheetNames) => string | number | boolean | null;
}

const ROW_SEP = '；';
const CELL_SEP = '|';

const textOf = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function scalarToCell(f: ScalarField, v: unknown, names: SheetNames): string | number | null {
  if (v === null || v === undefined) return null;
  switch (f.type) {
    case 'multi':
      return (v as string[]).join('、');
    case 'bool':
      return v ? '是' : '否';
    case 'ref':
      return names.record(textOf(v)) ?? textOf(v);
    case 'int':
    case 'number':
      return v as number;
    case 'text':
    case 'textarea':
    case 'enum':
    case 'date':
    case 'phone':
      return textOf(v);
  }
}

function fieldToCell(f: FieldSpec, v: unknown, names: SheetNames): string | number | null {
  if (f.type !== 'rows') return scalarToCell(f, v, names);
  const rows = (v as Record<string, unknown>[] | undefined) ?? [];
  return rows
    .map((row) => f.fields.map((sub) => String(scalarToCell(sub, row[sub.key], names) ?? '')).join(CELL_SEP))
    .join(ROW_SEP);
}

const formatCoordinates = (g: LedgerGeometry | null) =>
  g === null
    ? null
    : (g.type === 'LineString' ? g.coordinates : g.coordinates[0]!).map(([x, y]) => `${x},${y}`).join(';');

export function fieldHeader(f: FieldSpec): string {
  return f.type === 'rows' ? `${f.zh}（${f.fields.map((s) => s.zh).join(CELL_SEP)}${ROW_SEP}…）` : f.zh;
}

export function ledgerColumns(def: RegistryDef): LedgerColumn[] {
  const cols: LedgerColumn[] = [
    { header: def.nameLabel.zh, width: 30, toCell: (r) => r.name },
    { header: '所在乡镇/村', width: 24, toCell: (r, n) => n.region(r.regionCode) },
    { header: '区划代码', width: 14, toCell: (r) => r.regionCode },
  ];
  if (def.enterprise !== 'none')
    cols.push(
      {
        header: '所属企业',
        width: 30,
        exportOnly: true,
        toCell: (r, n) => (r.enterpriseId ? (n.enterprise(r.enterpriseId)?.name ?? null) : null),
      },
      {
        header: '所属企业统一社会信用代码',
        width: 22,
        toCell: (r, n) => (r.enterpriseId ? (n.enterprise(r.enterpriseId)?.creditCode ?? null) : null),
      },
    );
  if (def.geometry === 'point')
    cols.push(
      { header: '经度', width: 12, toCell: (r) => r.lon },
      { header: '纬度', width: 12, toCell: (r) => r.lat },
    );
  if (def.geometry === 'line' || def.geometry === 'polygon')
    cols.push({
      header: '坐标（经度,纬度;…）',
      width: 40,
      toCell: (r) => formatCoordinates(r.geometry as LedgerGeometry | null),
    });
  for (const f of def.fields)
    cols.push({
      header: fieldHeader(f),
      width: f.type === 'textarea' || f.type === 'rows' ? 40 : 16,
      toCell: (r, n) => fieldToCell(f, r.attrs[f.key], n),
    });
  if (def.supervised)
    cols.push({
      header: '监管部门',
      width: 20,
      toCell: (r, n) => (r.supervisingDepartmentId ? n.department(r.supervisingDepartmentId) : null),
    });
  if (def.grades?.length)
    cols.push({
      header: '等级/状态',
      width: 14,
      exportOnly: true,
      toCell: (r) => def.grades!.find((g) => g.key === r.grade)?.zh ?? null,
    });
  return cols;
}

/** The headers an import must have: name, place and every required field. */
export function requiredHeaders(def: RegistryDef): string[] {
  const headers = [def.nameLabel.zh];
  if (def.geometry === 'point') headers.push('经度', '纬度');
  if (def.geometry === 'line' || def.geometry === 'polygon') headers.push('坐标（经度,纬度;…）');
  if (def.enterprise === 'required') headers.push('所属企业统一社会信用代码');
  for (const f of def.fields) if (f.required) headers.push(fieldHeader(f));
  return headers;
}

type Problem = (field: string, message: string) => void;

function parseScalar(
  f: ScalarField,
  text: string,
  lookups: SheetLookups,
  problem: Problem,
  path: string,
): unknown {
  if (text === '') return f.type === 'multi' ? [] : f.type === 'bool' ? false : null;
  switch (f.type) {
    case 'int':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) {
        problem(path, `${f.zh}应为数字：${text}`);
        return null;
      }
      return n;
    }
    case 'multi':
      return text
        .split(/[、,，;；]/)
        .map((s) => s.trim())
        .filter(Boolean);
    case 'bool':
      if (text === '是' || text === '否') return text === '是';
      problem(path, `${f.zh}应为“是”或“否”`);
      return false;
    case 'ref': {
      const id = lookups.recordByName(f.to, text);
      if (!id) problem(path, `找不到${f.zh}“${text}”（或有重名）`);
      return id;
    }
    case 'text':
    case 'textarea':
    case 'enum':
    case 'date':
    case 'phone':
      return text;
  }
}

function parseCoordinates(text: string, kind: 'line' | 'polygon', problem: Problem): LedgerGeometry | null {
  if (!text) return null;
  const points = text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.split(/[,，]/).map((n) => Number(n.trim())));
  if (points.some((p) => p.length !== 2 || p.some((n) => !Number.isFinite(n)))) {
    problem('geometry', '坐标格式应为“经度,纬度;经度,纬度;…”');
    return null;
  }
  const coords = points as [number, number][];
  if (kind === 'line') return { type: 'LineString', coordinates: coords };
  const first = coords[0]!;
  const last = coords.at(-1)!;
  const ring = first[0] === last[0] && first[1] === last[1] ? coords : [...coords, first];
  return { type: 'Polygon', coordinates: [ring] };
}

/** One sheet row → the create request's raw shape; cell-level problems go to `problem`. */
export function sheetRowToRequest(
  def: RegistryDef,
  cells: Record<string, string>,
  lookups: SheetLookups,
  problem: Problem,
): Record<string, unknown> {
  const text = (header: string) => uncsvText(cells[header]?.trim() ?? '');
  const number = (header: string) => (text(header) === '' ? undefined : Number(text(header)));
  let regionCode = text('区划代码');
  if (!regionCode && text('所在乡镇/村')) {
    regionCode = lookups.regionByName(text('所在乡镇/村').replace(/\s*[·・]\s*/, ' · ')) ?? '';
    if (!regionCode) problem('regionCode', `未知的乡镇/村：${text('所在乡镇/村')}`);
  }
  let enterpriseId: string | null = null;
  const enterpriseText = text('所属企业统一社会信用代码') || text('所属企业');
  if (def.enterprise !== 'none' && enterpriseText) {
    enterpriseId = lookups.enterpriseByCreditCodeOrName(enterpriseText);
    if (!enterpriseId) problem('enterpriseId', `未登记的企业：${enterpriseText}`);
  }
  let supervisingDepartmentId: string | null = null;
  if (def.supervised && text('监管部门')) {
    supervisingDepartmentId = lookups.departmentByName(text('监管部门'));
    if (!supervisingDepartmentId) problem('supervisingDepartmentId', `未知的监管部门：${text('监管部门')}`);
  }
  const attrs: Record<string, unknown> = {};
  for (const f of def.fields) {
    const cell = text(fieldHeader(f));
    if (f.type !== 'rows') {
      attrs[f.key] = parseScalar(f, cell, lookups, problem, `attrs.${f.key}`);
      continue;
    }
    attrs[f.key] = cell
      ? cell
          .split(/[；;]/)
          .map((part) => part.trim())
          .filter(Boolean)
          .map((part, i) => {
            const values = part.split(CELL_SEP).map((v) => v.trim());
            if (values.length !== f.fields.length)
              problem(
                `attrs.${f.key}.${i}`,
                `每项应有 ${f.fields.length} 个以“|”分隔的值（${f.fields.map((s) => s.zh).join('|')}）`,
              );
            return Object.fromEntries(
              f.fields.map((sub, j) => [
                sub.key,
                parseScalar(sub, values[j] ?? '', lookups, problem, `attrs.${f.key}.${i}.${sub.key}`),
              ]),
            );
          })
      : [];
  }
  const raw: Record<string, unknown> = {
    name: text(def.nameLabel.zh),
    regionCode,
    enterpriseId,
    supervisingDepartmentId,
    attrs,
  };
  if (def.geometry === 'point') {
    raw.lon = number('经度');
    raw.lat = number('纬度');
  }
  if (def.geometry === 'line' || def.geometry === 'polygon')
    raw.geometry = parseCoordinates(text('坐标（经度,纬度;…）'), def.geometry, problem);
  return raw;
}

/**
 * A GeoJSON FeatureCollection as a sheet: properties keyed by the sheet's headers (what the GeoJSON
 * export writes), the geometry as the longitude/latitude or coordinate cells. Row n is feature n.
 */
export function geojsonToTable(def: RegistryDef, text: string): Table {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new TableFormatError('GeoJSON 文件无法解析（不是有效的 JSON）');
  }
  const fc = doc as { type?: string; features?: unknown };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new TableFormatError('GeoJSON 应为 FeatureCollection');
  const headers = new Set<string>();
  const rows = (
    fc.features as {
      properties?: Record<string, unknown>;
      geometry?: { type?: string; coordinates?: unknown };
    }[]
  ).map((feature, i) => {
    const cells: Record<string, string> = {};
    for (const [k, v] of Object.entries(feature.properties ?? {}))
      cells[k] =
        v === null || v === undefined
          ? ''
          : typeof v === 'boolean'
            ? v
              ? '是'
              : '否'
            : typeof v === 'number'
              ? String(v)
              : textOf(v);
    const g = feature.geometry;
    if (def.geometry === 'point' && g?.type === 'Point' && Array.isArray(g.coordinates)) {
      cells['经度'] = String(g.coordinates[0]);
      cells['纬度'] = String(g.coordinates[1]);
    } else if (
      (def.geometry === 'line' && g?.type === 'LineString') ||
      (def.geometry === 'polygon' && g?.type === 'Polygon')
    ) {
      const coords = (
        g.type === 'LineString' ? g.coordinates : (g.coordinates as unknown[])[0]
      ) as number[][];
      cells['坐标（经度,纬度;…）'] = coords.map((c) => c.join(',')).join(';');
    } else if (def.geometry !== 'none') cells['坐标（经度,纬度;…）'] = cells['经度'] = cells['纬度'] = '';
    for (const k of Object.keys(cells)) headers.add(k);
    return { row: i + 1, cells };
  });
  return { headers: [...headers], rows };
}
