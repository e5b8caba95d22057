/**
 * The enterprise spreadsheet: one column list for export, the import template and import parsing,
 * so a file exported from the platform imports back unchanged.
 */
import type { EnterpriseView, Licence } from '@ningan/domain';

export interface SheetColumn {
  header: string;
  width: number;
  /** The request field this column fills on import (absent: export-only). */
  field?: string;
  toCell: (e: EnterpriseView & { regionName: string }) => string | number | boolean | null;
}

const LICENCE_RE = /^(.+?)\s+(\S+)（至\s*(\d{4}-\d{2}-\d{2})）$/;

export function formatLicences(licences: Licence[]): string {
  return licences.map((l) => `${l.name} ${l.number}（至 ${l.expiresOn}）`).join('；');
}

/** "名称 证号（至 YYYY-MM-DD）；…" back into licences; null when a part does not have that shape. */
export function parseLicences(text: string): Licence[] | null {
  if (!text.trim()) return [];
  const out: Licence[] = [];
  for (const part of text
    .split(/[；;]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = LICENCE_RE.exec(part);
    if (!m) return null;
    out.push({ name: m[1]!, number: m[2]!, expiresOn: m[3]! });
  }
  return out;
}

export const ENTERPRISE_COLUMNS: SheetColumn[] = [
  { header: '企业名称', width: 36, field: 'name', toCell: (e) => e.name },
  { header: '统一社会信用代码', width: 22, field: 'creditCode', toCell: (e) => e.creditCode },
  { header: '行业类别', width: 16, field: 'industry', toCell: (e) => e.industry },
  { header: '规模', width: 8, field: 'scale', toCell: (e) => e.scale },
  { header: '所在乡镇/村', width: 24, toCell: (e) => e.regionName },
  { header: '区划代码', width: 14, field: 'regionCode', toCell: (e) => e.regionCode },
  { header: '经度', width: 11, field: 'lon', toCell: (e) => e.lon },
  { header: '纬度', width: 11, field: 'lat', toCell: (e) => e.lat },
  { header: '地址', width: 30, field: 'address', toCell: (e) => e.address },
  { header: '法定代表人', width: 12, field: 'legalRepresentative', toCell: (e) => e.legalRepresentative },
  { header: '安全管理人员', width: 12, field: 'safetyManager', toCell: (e) => e.safetyManager },
  { header: '联系电话', width: 14, field: 'safetyManagerPhone', toCell: (e) => e.safetyManagerPhone },
  {
    header: '安全生产标准化等级',
    width: 10,
    field: 'standardizationGrade',
    toCell: (e) => e.standardizationGrade,
  },
  {
    header: '安全生产责任保险',
    width: 10,
    field: 'insured',
    toCell: (e) => (e.insured ? '已投保' : '未投保'),
  },
  { header: '保险到期日', width: 12, field: 'insuranceExpiresOn', toCell: (e) => e.insuranceExpiresOn },
  { header: '许可证', width: 40, field: 'licences', toCell: (e) => formatLicences(e.licences) },
  { header: '演示数据', width: 8, toCell: (e) => (e.isDemo ? '是' : '') },
];

export const REQUIRED_HEADERS = ['企业名称', '统一社会信用代码', '行业类别', '规模', '经度', '纬度'];
