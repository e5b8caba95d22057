import { INDUSTRIES, STANDARDIZATION_GRADES, type Industry, type Licence } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useRegionNames } from '../../api/queries.ts';
import type { StandardizationGrade } from '../../api/types.ts';
import { useI18n, type Lang, type Translate } from '../../i18n/i18n.tsx';
import { industryLabel, scaleLabel, standardizationGradeLabel } from '../../i18n/labels.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { RecordHistory } from '../registry/record-history.tsx';

/** Labels of the fields that `details.changes` may name. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'enterprises.name',
  creditCode: 'enterprises.creditCode',
  industry: 'enterprises.industry',
  scale: 'enterprises.scale',
  regionCode: 'enterprises.region',
  lon: 'enterprises.lon',
  lat: 'enterprises.lat',
  address: 'enterprises.address',
  legalRepresentative: 'enterprises.legalRepresentative',
  safetyManager: 'enterprises.safetyManager',
  safetyManagerPhone: 'enterprises.safetyManagerPhone',
  standardizationGrade: 'enterprises.standardizationGrade',
  insured: 'enterprises.insured',
  insuranceExpiresOn: 'enterprises.insuranceExpiresOn',
  licences: 'enterprises.licences',
  supervisingDepartmentId: 'enterprises.supervisingDepartment',
  orgUnitId: 'enterprises.orgUnit',
};

function isLicence(x: unknown): x is Licence {
  return typeof x === 'object' && x !== null && 'name' in x && 'expiresOn' in x;
}

function formatValue(
  field: string,
  value: unknown,
  t: Translate,
  lang: Lang,
  nameOf: (code: string) => string,
): string {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'regionCode' && typeof value === 'string') return nameOf(value);
  if (field === 'industry' && typeof value === 'string' && (INDUSTRIES as readonly string[]).includes(value))
    return industryLabel(value as Industry, lang);
  if (field === 'scale' && (value === '规上' || value === '规下')) return scaleLabel(value, lang);
  if (
    field === 'standardizationGrade' &&
    typeof value === 'string' &&
    (STANDARDIZATION_GRADES as readonly string[]).includes(value)
  )
    return standardizationGradeLabel(value as StandardizationGrade, lang);
  if (Array.isArray(value))
    return value
      .map((item) =>
        isLicence(item) ? `${item.name}（${item.number}，${item.expiresOn}）` : JSON.stringify(item),
      )
      .join('；');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** 变更记录 of this enterprise (the shared audit-trail view with the enterprise fields' labels). */
export function EnterpriseHistory({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const nameOf = useRegionNames();
  return (
    <RecordHistory
      queryKey={['enterprises', 'history', id]}
      load={() => api.enterpriseHistory(id, { pageSize: 100 })}
      testId="enterprise-history"
      fieldLabel={(field) => (FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field)}
      formatValue={(field, value) => formatValue(field, value, t, lang, nameOf)}
    />
  );
}
