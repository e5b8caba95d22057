/**
 * The header's warning notice (issue #5 part 5, in-app channel): warnings delivered to the signed-in user,
 * the unconfirmed ones counted. 确认收到 confirms receipt and, when the user is asked to answer (叫应) for the
 * warning, answers it from the app.
 */
import { Badge, Button, Empty, Popover, Space, Tooltip, Typography, App } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { WarningLevelChip } from './warning-level.tsx';
import { warningKeys, warningsApi } from './warnings-api.ts';
import { asLevel } from './warnings-labels.ts';
import type { InboxItem } from './warnings-types.ts';

const POLL_MS = 30_000;

const needsAnswer = (i: InboxItem) => i.call !== null && i.call.answeredAt === null;
const isOpen = (i: InboxItem) => !i.receivedAt || needsAnswer(i);

export function WarningInbox({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: warningKeys.inbox,
    queryFn: () => warningsApi.inbox(),
    refetchInterval: POLL_MS,
  });
  const confirm = useMutation({
    mutationFn: async (item: InboxItem) => {
      if (!item.receivedAt) await warningsApi.received(item.deliveryId);
      if (item.call && item.call.answeredAt === null) await warningsApi.answerCall(item.call.id, 'app');
    },
    onSuccess: async () => {
      void message.success(t('warnings.inbox.confirmed'));
      await queryClient.invalidateQueries({ queryKey: warningKeys.inbox });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const items = inbox.data?.items ?? [];
  const open = items.filter(isOpen);
  const label = t('warnings.inbox.label', { count: open.length });
  const content = (
    <div className="warning-inbox" data-testid="warning-inbox-list">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warnings.inbox.none')} />
      ) : (
        items.slice(0, 10).map((i) => (
          <div
            key={String(i.deliveryId)}
            className="warning-inbox__item"
            data-open={isOpen(i) ? 'true' : 'false'}
          >
            <Space size={6} align="start">
              {asLevel(i.level) && <WarningLevelChip level={asLevel(i.level)!} />}
              <div>
                <Link to={`/warnings/${i.warningId}`}>{i.headline}</Link>
                <div>
                  <Typography.Text type="secondary" className="tabular">
                    {i.sentAt ? dayjs(i.sentAt).format('MM-DD HH:mm') : ''}
                  </Typography.Text>
                </div>
              </div>
            </Space>
            {isOpen(i) ? (
              <Button
                size="small"
                type="primary"
                data-testid="warning-inbox-confirm"
                loading={confirm.isPending && confirm.variables.deliveryId === i.deliveryId}
                onClick={() => confirm.mutate(i)}
              >
                {needsAnswer(i) ? t('warnings.inbox.confirmAndAnswer') : t('warnings.inbox.confirm')}
              </Button>
            ) : (
              <Typography.Text type="success">{t('warnings.inbox.done')}</Typography.Text>
            )}
          </div>
        ))
      )}
    </div>
  );
  return (
    <Popover content={content} title={t('warnings.inbox.title')} trigger="click" placement="bottomRight">
      <Tooltip title={compact ? label : undefined}>
        <Button
          type="text"
          className={`app-header__icon${open.length > 0 ? ' alarm-bell--urgent' : ''}`}
          aria-label={label}
          data-testid="warning-inbox"
          data-count={open.length}
          icon={
            <Badge count={open.length} size="small" offset={[4, -2]}>
              <NotificationOutlined style={{ color: 'inherit', fontSize: 16 }} />
            </Badge>
          }
        >
          {compact ? null : t('warnings.inbox.text')}
        </Button>
      </Tooltip>
    </Popover>
  );
}
