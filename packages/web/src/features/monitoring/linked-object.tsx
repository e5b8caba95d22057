/**
 * The object a station monitors: a ledger record (a slope, a flood zone, a tank farm…) or an enterprise,
 * shown by name with a link to its detail. The station view names both (registry key and record name,
 * enterprise name), so nothing is looked up here.
 */
import { Typography } from 'antd';
import { Link } from 'react-router';
import { findRegistry, type StationView } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { registryDetailPath } from '../registry/registry-model.ts';
import { enterpriseDetailPath } from '../enterprises/enterprise-model.ts';

export function LinkedObject({
  station,
}: {
  station: Pick<
    StationView,
    'ledgerRecordId' | 'ledgerRegistry' | 'ledgerRecordName' | 'enterpriseId' | 'enterpriseName'
  >;
}) {
  const { t, lang } = useI18n();
  const { ledgerRecordId, ledgerRegistry, enterpriseId } = station;
  if (enterpriseId) {
    return (
      <span data-testid="station-linked">
        {t('stations.linkedEnterprise')}：
        <Link to={enterpriseDetailPath(enterpriseId)}>{station.enterpriseName ?? enterpriseId}</Link>
      </span>
    );
  }
  if (ledgerRecordId) {
    // The record was deleted meanwhile (the station keeps its id): show the id only.
    if (!ledgerRegistry) return <Typography.Text className="mono">{ledgerRecordId}</Typography.Text>;
    const def = findRegistry(ledgerRegistry);
    const registryName = def ? (lang === 'en' ? def.en : def.zh) : ledgerRegistry;
    return (
      <span data-testid="station-linked">
        {registryName}：
        <Link to={registryDetailPath(ledgerRegistry, ledgerRecordId)}>
          {station.ledgerRecordName ?? ledgerRecordId}
        </Link>
      </span>
    );
  }
  return <Typography.Text type="secondary">{t('stations.linkedNone')}</Typography.Text>;
}
