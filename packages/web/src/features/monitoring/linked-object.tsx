/**
 * The object a station monitors: a ledger record (a slope, a flood zone, a tank farm…) or an enterprise,
 * shown by name with a link to its detail.
 *
 * A station names its ledger record by id only (StationView.ledgerRecordId, no registry), and records are
 * read per registry, so the record is looked up in the registries a station may watch
 * (MONITORED_REGISTRIES) until one has it.
 */
import { Typography } from 'antd';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { findRegistry, type LedgerRecordView } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { registryDetailPath } from '../../map/registry-layers.ts';
import { enterpriseDetailPath } from '../enterprises/enterprise-model.ts';
import { ledgerApi } from '../registry/registry-api.ts';
import { MONITORED_REGISTRIES } from './monitoring-model.ts';

export function useLinkedRecord(id: string | null) {
  return useQuery({
    queryKey: ['monitoring', 'linked-record', id],
    queryFn: () =>
      Promise.any(
        MONITORED_REGISTRIES.map((registry) =>
          ledgerApi
            .get(registry, id ?? '')
            .then((record): { registry: string; record: LedgerRecordView } => ({
              registry,
              record,
            })),
        ),
      ),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function LinkedObject({
  ledgerRecordId,
  enterpriseId,
}: {
  ledgerRecordId: string | null;
  enterpriseId: string | null;
}) {
  const { t, lang } = useI18n();
  const record = useLinkedRecord(ledgerRecordId);
  const enterprise = useQuery({
    queryKey: ['enterprises', 'detail', enterpriseId],
    queryFn: () => api.getEnterprise(enterpriseId ?? ''),
    enabled: Boolean(enterpriseId),
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (enterpriseId) {
    const name = enterprise.data?.name ?? enterpriseId;
    return (
      <span data-testid="station-linked">
        {t('stations.linkedEnterprise')}：<Link to={enterpriseDetailPath(enterpriseId)}>{name}</Link>
      </span>
    );
  }
  if (ledgerRecordId) {
    const found = record.data;
    if (!found) return <Typography.Text className="mono">{ledgerRecordId}</Typography.Text>;
    const def = findRegistry(found.registry);
    const registryName = def ? (lang === 'en' ? def.en : def.zh) : found.registry;
    return (
      <span data-testid="station-linked">
        {registryName}：
        <Link to={registryDetailPath(found.registry, found.record.id)}>{found.record.name}</Link>
      </span>
    );
  }
  return <Typography.Text type="secondary">{t('stations.linkedNone')}</Typography.Text>;
}
