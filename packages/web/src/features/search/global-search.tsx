import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { AutoComplete, Button, Input, Spin, Tooltip, type GetRef } from 'antd';
import { CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRegionNames } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { groupLabel, resultPath, searchAll, subtitleOf, type SearchItem } from './search-api.ts';
import './search.css';

const DEBOUNCE_MS = 250;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const optionValue = (item: SearchItem) => `${item.registry}:${item.id}`;

/**
 * 全局搜索 in the top bar: enterprises, ledger records and townships/villages of the user's jurisdiction
 * (GET /search, debounced), listed by registry; choosing one opens its detail or shows it on the map.
 * Arrow keys move through the results, Enter opens one, Esc closes, Ctrl+K (⌘K) jumps here from anywhere.
 * `compact` (phones): an icon that unfolds the box over the top bar.
 */
export function GlobalSearch({ compact }: { compact: boolean }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const nameOf = useRegionNames();
  const [text, setText] = useState('');
  const [unfolded, setUnfolded] = useState(false);
  const boxRef = useRef<GetRef<typeof AutoComplete>>(null);
  const q = useDebounced(text.trim(), DEBOUNCE_MS);

  const search = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => searchAll(q, signal),
    enabled: q.length >= 1,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const items = useMemo(() => (q ? (search.data?.items ?? []) : []), [q, search.data]);
  const byValue = useMemo(() => new Map(items.map((item) => [optionValue(item), item])), [items]);

  // Ctrl+K / ⌘K: to the search box from anywhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      event.preventDefault();
      if (compact) setUnfolded(true);
      else boxRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [compact]);

  const options = useMemo(() => {
    const groups = new Map<string, SearchItem[]>();
    for (const item of items) groups.set(item.registry, [...(groups.get(item.registry) ?? []), item]);
    return [...groups].map(([registry, members]) => {
      const title = groupLabel(registry, t, lang);
      return {
        key: registry,
        title,
        label: (
          <span data-testid="search-group" data-registry={registry}>
            {title}
          </span>
        ),
        options: members.map((item) => {
          // Regions name their township in the subtitle already; the others get 乡镇 · 村.
          const place = item.kind === 'region' ? null : nameOf(item.regionCode);
          const meta = [subtitleOf(item, lang), place].filter(Boolean).join(' · ');
          return {
            value: optionValue(item),
            label: (
              <div
                className="global-search__option"
                data-testid="search-option"
                data-kind={item.kind}
                data-registry={item.registry}
                data-id={item.id}
              >
                <div className="global-search__name">{item.name}</div>
                {meta && <div className="global-search__meta">{meta}</div>}
              </div>
            ),
          };
        }),
      };
    });
  }, [items, nameOf, t, lang]);

  const typing = text.trim().length > 0;
  const notFound = !typing ? null : search.isError ? (
    <span className="global-search__status" role="alert">
      {t('search.failed')}：{errorMessage(search.error, t)}
    </span>
  ) : search.isFetching || q !== text.trim() ? (
    <span className="global-search__status">
      <Spin size="small" /> {t('search.loading')}
    </span>
  ) : (
    <span className="global-search__status">{t('search.empty')}</span>
  );

  const choose = (value: string) => {
    const item = byValue.get(value);
    setText('');
    if (!item) return;
    setUnfolded(false);
    boxRef.current?.blur();
    void navigate(resultPath(item));
  };

  const box = (
    <AutoComplete
      ref={boxRef}
      className="global-search__box"
      value={text}
      options={options}
      onChange={(value: string) => {
        // Choosing an option reports its value here first; the input keeps what was typed.
        if (!byValue.has(value)) setText(value);
      }}
      onSelect={(value: string) => choose(value)}
      notFoundContent={notFound}
      defaultActiveFirstOption
      popupMatchSelectWidth={compact ? true : 400}
      classNames={{ popup: { root: 'global-search__popup' } }}
      autoFocus={compact}
    >
      <Input
        prefix={<SearchOutlined aria-hidden />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        data-testid="global-search-input"
        maxLength={50}
        allowClear
        onKeyDown={(event) => {
          if (event.key === 'Escape' && compact && !text) setUnfolded(false);
        }}
      />
    </AutoComplete>
  );

  if (!compact) {
    return (
      <div className="global-search" data-testid="global-search" role="search" title={t('search.shortcut')}>
        {box}
      </div>
    );
  }
  return (
    <>
      <Tooltip title={t('search.open')}>
        <Button
          type="text"
          className="app-header__icon"
          icon={<SearchOutlined />}
          aria-label={t('search.open')}
          aria-expanded={unfolded}
          data-testid="global-search-toggle"
          onClick={() => setUnfolded(true)}
        />
      </Tooltip>
      {unfolded && (
        <div className="global-search global-search--overlay" data-testid="global-search" role="search">
          {box}
          <Button
            type="text"
            className="app-header__icon"
            icon={<CloseOutlined />}
            aria-label={t('search.close')}
            onClick={() => {
              setText('');
              setUnfolded(false);
            }}
          />
        </div>
      )}
    </>
  );
}
