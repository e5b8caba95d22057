/**
 * The header bell: how many alarms in the user's jurisdiction wait for acknowledgement; it flashes while
 * a red or orange one does, and rings (when sound is on) as a new red/orange alarm arrives — on any page,
 * since the header is always there. Opens the 告警中心.
 */
import { useNavigate } from 'react-router';
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLiveStream } from '../../api/live-stream.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { beep } from './alarm-sound.ts';
import { alarmKeys, alarmsApi } from './alarms-api.ts';
import { shouldRing } from './alarms-model.ts';
import './alarms.css';

/** Without the live stream the count is polled this often (ms). */
const POLL_MS = 30_000;

export function AlarmBell({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const status = useLiveStream({
    onAlarm: (event) => {
      if (shouldRing(event)) beep(event.level);
    },
  });
  const summary = useQuery({
    queryKey: alarmKeys.summary,
    queryFn: () => alarmsApi.summary(),
    refetchInterval: status === 'open' ? false : POLL_MS,
  });
  const s = summary.data;
  const count = s?.unacknowledged ?? 0;
  const urgent = (s?.unacknowledgedByLevel.red ?? 0) + (s?.unacknowledgedByLevel.orange ?? 0) > 0;
  const label = t('alarms.bell', { count });
  return (
    <Tooltip title={compact ? label : undefined}>
      <Button
        type="text"
        className={`app-header__icon alarm-bell${urgent ? ' alarm-bell--urgent' : ''}`}
        aria-label={label}
        data-testid="alarm-bell"
        data-count={count}
        onClick={() => void navigate('/network/alarms')}
        icon={
          <Badge count={count} size="small" overflowCount={99} offset={[4, -2]}>
            <BellOutlined style={{ color: 'inherit', fontSize: 16 }} />
          </Badge>
        }
      >
        {compact ? null : t('alarms.bellText')}
      </Button>
    </Tooltip>
  );
}
