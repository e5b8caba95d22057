/**
 * 变更记录 of one record from the audit trail: who changed what when, each change as "field: before → after".
 * Shared by the enterprise registry and the generic ledger registries; the caller names the fields and
 * formats their values.
 */
import { Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { AUDIT_ACTION_LABELS, type AuditAction, type AuditView, type Page } from '@ningan/domain';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n, type Lang, type Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

export type Changes = Record<string, [unknown, unknown]>;

/** `details.changes` when the row has it in the agreed shape `{ field: [before, after] }`. */
export function changesOf(details: unknown): Changes | null {
  if (typeof details !== 'object' || details === null || !('changes' in details)) return null;
  const changes = details.changes;
  if (typeof changes !== 'object' || changes === null) return null;
  const out: Changes = {};
  for (const [field, pair] of Object.entries(changes as Record<string, unknown>))
    if (Array.isArray(pair) && pair.length === 2) out[field] = [pair[0], pair[1]];
  return out;
}

/** The last segment of an audit action (`enterprise.create`, `rescue_team.update`) as a history verb. */
const VERBS: Record<string, MessageKey> = {
  create: 'history.action.create',
  update: 'history.action.update',
  delete: 'history.action.delete',
  import: 'history.action.import',
  attachment_add: 'history.action.attachmentAdd',
  attachment_remove: 'history.action.attachmentRemove',
};

export function actionLabel(action: string, t: Translate, lang: Lang): string {
  const verb = VERBS[action.slice(action.lastIndexOf('.') + 1)];
  if (verb) return t(verb);
  if (lang === 'zh' && action in AUDIT_ACTION_LABELS) return AUDIT_ACTION_LABELS[action as AuditAction];
  return action;
}

const actionColor = (action: string) =>
  action.endsWith('.create') || action.endsWith('_add')
    ? 'green'
    : action.endsWith('.delete') || action.endsWith('_remove')
      ? 'red'
      : 'blue';

export interface RecordHistoryProps {
  queryKey: QueryKey;
  load: () => Promise<Page<AuditView>>;
  /** The test id of the list (`enterprise-history`, `registry-history`). */
  testId: string;
  /** Expands one audit change into the rows to show (e.g. an `attrs` object into its fields). */
  expand?: (field: string, before: unknown, after: unknown) => [string, unknown, unknown][];
  fieldLabel: (field: string) => string;
  /** A value as text; '' and null mean empty and are shown as （空）. */
  formatValue: (field: string, value: unknown) => string;
}

export function RecordHistory({
  queryKey,
  load,
  testId,
  expand,
  fieldLabel,
  formatValue,
}: RecordHistoryProps) {
  const { t, lang } = useI18n();
  const history = useQuery({ queryKey, queryFn: load });
  if (history.isPending) return <Skeleton active />;
  if (history.isError)
    return <Typography.Text type="danger">{errorMessage(history.error, t)}</Typography.Text>;
  // Newest first, whatever order the server chose.
  const rows = [...history.data.items].sort((a, b) => b.seq - a.seq);
  if (rows.length === 0) return <Empty description={t('history.none')} />;
  const show = (field: string, value: unknown) => {
    if (value === null || value === undefined || value === '') return t('history.empty');
    if (Array.isArray(value) && value.length === 0) return t('history.empty');
    return formatValue(field, value) || t('history.empty');
  };
  return (
    <div data-testid={testId}>
      <List<AuditView>
        dataSource={rows}
        rowKey="seq"
        renderItem={(row) => {
          const changes = changesOf(row.details);
          const lines = Object.entries(changes ?? {}).flatMap(([field, [before, after]]) =>
            expand ? expand(field, before, after) : [[field, before, after] as [string, unknown, unknown]],
          );
          return (
            <List.Item className="history-row" data-testid="history-row">
              <div style={{ width: '100%' }}>
                <div className="history-row__head">
                  <span className="tabular">{dayjs(row.at).format('YYYY-MM-DD HH:mm:ss')}</span>
                  <Typography.Text strong>{row.actorName}</Typography.Text>
                  <Tag color={actionColor(row.action)}>{actionLabel(row.action, t, lang)}</Tag>
                  {row.outcome === 'failure' && <Tag color="red">{t('audit.failure')}</Tag>}
                </div>
                {lines.length > 0 && (
                  <ul className="history-changes">
                    {lines.map(([field, before, after]) => (
                      <li key={field}>
                        <span className="history-changes__field">{fieldLabel(field)}</span>：
                        <del>{show(field, before)}</del>
                        {' → '}
                        <ins>{show(field, after)}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </List.Item>
          );
        }}
      />
      {history.data.total > rows.length && (
        <Typography.Text type="secondary">
          {t('history.more', { shown: rows.length, total: history.data.total })}
        </Typography.Text>
      )}
    </div>
  );
}
