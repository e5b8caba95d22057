import type { RegistryDef } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { ImportModal } from './import-modal.tsx';
import { ledgerApi, ledgerKeys } from './registry-api.ts';
import { labelOf } from './registry-model.ts';

/** 导入 of one registry: its template, .xlsx/.csv (and .geojson for mapped registries), dry run, confirm. */
export function RegistryImportModal({
  def,
  open,
  onClose,
}: {
  def: RegistryDef;
  open: boolean;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const spatial = def.geometry !== 'none';
  const TOP: Record<string, string> = {
    name: labelOf(def.nameLabel, lang),
    regionCode: t('registry.region'),
    lon: t('registry.lon'),
    lat: t('registry.lat'),
    geometry: t('registry.geometry'),
    enterpriseId: t('registry.enterprise'),
    enterprise: t('registry.enterprise'),
    supervisingDepartmentId: t('registry.supervisingDepartment'),
  };
  // `headcount` or `attrs.headcount`; rows fields as `substances.0.quantity` → 危险化学品 第 1 项（最大存在量（吨））.
  const describeField = (parts: string[]) => {
    const [first = '', ...more] = parts;
    const path = first === 'attrs' ? more : parts;
    const [key = '', index, sub, ...rest] = path;
    const field = def.fields.find((f) => f.key === key);
    if (!field) return TOP[key] ?? parts.join('.');
    let label = labelOf(field, lang);
    if (index !== undefined && /^\d+$/.test(index)) {
      label += ` ${t('import.licenceItem', { n: Number(index) + 1 })}`;
      const subField = field.type === 'rows' ? field.fields.find((f) => f.key === sub) : undefined;
      if (subField) label += `（${labelOf(subField, lang)}）`;
      else if (sub !== undefined) label += ` (${[sub, ...rest].join('.')})`;
    }
    return label;
  };
  return (
    <ImportModal
      open={open}
      onClose={onClose}
      title={t('registry.importTitle', { name: labelOf(def, lang) })}
      intro={spatial ? t('registry.importIntroGeo') : t('import.intro')}
      pickLabel={spatial ? t('registry.importPickGeo') : t('import.pick')}
      accept={spatial ? '.xlsx,.csv,.geojson,.json' : '.xlsx,.csv'}
      templateUrl={ledgerApi.templateUrl(def.key)}
      testId="registry-import-dialog"
      upload={(file, contentType, dryRun, onStage) =>
        ledgerApi.importFile(def.key, file, contentType, dryRun, onStage)
      }
      invalidate={[ledgerKeys.registry(def.key), ledgerKeys.summary]}
      describeField={describeField}
    />
  );
}
