import { Alert, Button, Empty, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined, EnvironmentOutlined } from '@ant-design/icons';
import type { RegionSummary } from '@ningan/domain';
import { useRegion } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

interface TownshipPanelProps {
  townships: RegionSummary[];
  villageCounts: Map<string, number>;
  selected: string | null;
  onSelectTownship: (code: string | null) => void;
  onSelectVillage: (village: RegionSummary) => void;
}

/** The 18 townships (name, code, village count); one chosen shows its villages (GET /regions/<code>). */
export function TownshipPanel({
  townships,
  villageCounts,
  selected,
  onSelectTownship,
  onSelectVillage,
}: TownshipPanelProps) {
  const { t } = useI18n();
  const township = useRegion(selected);

  if (selected) {
    const name = township.data?.name ?? townships.find((c) => c.code === selected)?.name ?? selected;
    return (
      <section
        className="township-panel"
        data-testid="township-list"
        aria-label={t('map.villagesOf', { name })}
      >
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          onClick={() => onSelectTownship(null)}
          style={{ paddingInline: 0 }}
        >
          {t('map.back')}
        </Button>
        <Typography.Title level={5} style={{ margin: '4px 0 8px' }}>
          {t('map.villagesOf', { name })}
          {township.data && (
            <span className="township-panel__count">（{township.data.children.length}）</span>
          )}
        </Typography.Title>
        {township.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
        {township.isError && <Alert type="error" showIcon title={errorMessage(township.error, t)} />}
        {township.data && township.data.children.length === 0 && <Empty />}
        {township.data && (
          <ul className="township-panel__list" data-testid="village-list">
            {township.data.children.map((village) => (
              <li key={village.code}>
                <button
                  type="button"
                  className="township-panel__item"
                  data-testid={`village-item-${village.code}`}
                  onClick={() => onSelectVillage(village)}
                >
                  <span className="township-panel__name">{village.name}</span>
                  <span className="township-panel__code">{village.code}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  return (
    <section className="township-panel" data-testid="township-list" aria-label={t('map.townships')}>
      <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
        {t('map.townships')}
        <span className="township-panel__count">（{townships.length}）</span>
      </Typography.Title>
      <div className="township-panel__head" aria-hidden>
        <span>{t('region.name')}</span>
        <span>{t('region.code')}</span>
        <span>{t('region.villageCount')}</span>
      </div>
      <ul className="township-panel__list">
        {townships.map((c) => (
          <li key={c.code}>
            <button
              type="button"
              className="township-panel__item township-panel__item--township"
              data-testid={`township-item-${c.code}`}
              onClick={() => onSelectTownship(c.code)}
            >
              <span className="township-panel__name">
                <EnvironmentOutlined /> {c.name}
              </span>
              <span className="township-panel__code">{c.code}</span>
              <span className="township-panel__villages">{villageCounts.get(c.code) ?? '–'}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
