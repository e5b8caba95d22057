import { apiUrl } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { ImportModal } from '../registry/import-modal.tsx';

/** The sheet's column header (as in the template) for a request field named in `rows.<n>.<field>`. */
const FIELD_HEADERS: Record<string, string> = {
  name: '企业名称',
  creditCode: '统一社会信用代码',
  industry: '行业类别',
  scale: '规模',
  regionCode: '区划代码/所在乡镇/村',
  lon: '经度',
  lat: '纬度',
  address: '地址',
  legalRepresentative: '法定代表人',
  safetyManager: '安全管理人员',
  safetyManagerPhone: '联系电话',
  standardizationGrade: '安全生产标准化等级',
  insured: '安全生产责任保险',
  insuranceExpiresOn: '保险到期日',
  licences: '许可证',
};

/** `licences.0.expiresOn` → 许可证 第 1 项 (expiresOn); other fields by their template header. */
export function describeEnterpriseField(parts: string[], t: Translate): string {
  const [field = '', index, ...rest] = parts;
  let label = FIELD_HEADERS[field] ?? field;
  if (index !== undefined && /^\d+$/.test(index)) {
    label += ` ${t('import.licenceItem', { n: Number(index) + 1 })}`;
    if (rest.length) label += ` (${rest.join('.')})`;
  }
  return label;
}

/** 导入企业: template link, pick a file, automatic dry run → preview counts or problems, then 确认导入. */
export function EnterpriseImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <ImportModal
      open={open}
      onClose={onClose}
      title={t('import.title')}
      intro={t('import.intro')}
      pickLabel={t('import.pick')}
      accept=".xlsx,.csv"
      templateUrl={apiUrl('/enterprises/import-template')}
      testId="enterprise-import-dialog"
      upload={(file, contentType, dryRun, onStage) =>
        api.importEnterprises(file, contentType, dryRun, onStage)
      }
      invalidate={[['enterprises']]}
      describeField={(parts) => describeEnterpriseField(parts, t)}
    />
  );
}
