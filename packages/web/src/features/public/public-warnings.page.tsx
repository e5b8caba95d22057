/**
 * 预警信息公开 (issue #5 part 8), no login: the warnings in force now, on a map (areas in their level colour)
 * and as cards with the headline, level, times, area and the 防御指南 (what to do); links to each CAP
 * document and the Atom feed. Phone first, large type; refreshed every 60 s.
 */
import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Segmented, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { usePublicConfig } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';
import { hazardLabel } from '../warnings/warnings-labels.ts';
import { WarningLevelChip } from '../warnings/warning-level.tsx';
import { publicWarningsApi, warningKeys } from '../warnings/warnings-api.ts';
import type { PublicWarningView } from '../warnings/warnings-types.ts';
import './public.css';

const PublicWarningsMap = lazy(() => import('./public-warnings-map.tsx'));

const REFRESH_MS = 60_000;
const time = (at: string) => dayjs(at).format('M月D日 HH:mm');

export function PublicWarningsPage() {
  const { t, lang, setLang } = useI18n();
  const config = usePublicConfig().data;
  const [picked, setPicked] = useState<string | null>(null);
  const list = useQuery({
    queryKey: warningKeys.publicActive,
    queryFn: () => publicWarningsApi.active(),
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
  });
  const items = list.data?.items ?? [];
  const hasAreas = items.some((w) => w.area.features.length > 0);
  return (
    <div className="public-page" data-testid="public-warnings">
      <header className="public-page__header">
        <div>
          <h1>{t('public.title', { region: config?.regionName ?? '' })}</h1>
          <p>
            {list.dataUpdatedAt
              ? t('public.updated', { time: dayjs(list.dataUpdatedAt).format('HH:mm:ss') })
              : t('app.loading')}
          </p>
        </div>
        <Segmented<Lang>
          size="small"
          aria-label={t('lang.switch')}
          value={lang}
          onChange={setLang}
          options={[
            { label: '中', value: 'zh' },
            { label: 'EN', value: 'en' },
          ]}
        />
      </header>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      {list.isPending && (
        <div className="public-page__loading">
          <Spin size="large" />
        </div>
      )}
      {list.data && items.length === 0 && (
        <div className="public-none" data-testid="public-none">
          {t('public.none')}
        </div>
      )}
      {hasAreas && (
        <Suspense fallback={<div className="public-map public-map--loading" />}>
          <PublicWarningsMap
            items={items}
            tileUrl={config?.mapTileUrl ?? null}
            label={t('public.map')}
            onPick={(id) => {
              setPicked(id);
              document.getElementById(`w-${id}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }}
          />
        </Suspense>
      )}
      <main className="public-cards">
        {items.map((w) => (
          <WarningCard key={w.identifier} warning={w} picked={picked === w.identifier} lang={lang} />
        ))}
      </main>
      <footer className="public-page__footer">
        <a href="/public/warnings.atom" data-testid="public-atom">
          {t('public.atom')}
        </a>
        <span>{t('public.footer')}</span>
      </footer>
    </div>
  );
}

function WarningCard({
  warning: w,
  picked,
  lang,
}: {
  warning: PublicWarningView;
  picked: boolean;
  lang: Lang;
}) {
  const { t } = useI18n();
  return (
    <article
      id={`w-${w.identifier}`}
      className={`public-card public-card--${w.level}${picked ? ' public-card--picked' : ''}`}
      data-testid="public-warning-card"
      data-level={w.level}
    >
      <div className="public-card__top">
        <WarningLevelChip level={w.level} />
        <span className="public-card__hazard">{hazardLabel(w.hazard, lang)}</span>
        {w.msgType === 'Update' && <span className="public-card__tag">{t('warnings.msgType.Update')}</span>}
      </div>
      <h2>{w.headline}</h2>
      <dl>
        <dt>{t('public.time')}</dt>
        <dd>
          {time(w.sentAt)} {t('public.until', { time: time(w.expiresAt) })}
        </dd>
        {w.areaNames.length > 0 && (
          <>
            <dt>{t('public.area')}</dt>
            <dd>{w.areaNames.join('、')}</dd>
          </>
        )}
      </dl>
      {w.description && <p className="public-card__desc">{w.description}</p>}
      <section className="public-card__guide">
        <h3>{t('public.guide')}</h3>
        <p>{w.guidance}</p>
      </section>
      <Button type="link" href={w.capUrl} className="public-card__cap">
        {t('public.cap')}
      </Button>
    </article>
  );
}
