/**
 * 演示场景 (issue #6 part 11): a dropdown that starts a command demo scenario on a demo installation
 * (POST /demo/command-scenarios/:name) and opens the incident's workspace, where the visitor watches the
 * scenario play live. Shown only in demo mode to accounts with incident:command. Its few labels are kept
 * here (zh first, en second) so the component stays self-contained until the lead moves them to i18n.
 */
import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Dropdown } from 'antd';
import { useNavigate } from 'react-router';
import { request } from '../../api/client.ts';
import { usePublicConfig } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

const SCENARIOS = [
  { name: 'rainstorm-landslide', zh: '暴雨引发滑坡威胁村庄', en: 'Rainstorm landslide threatens a village' },
  {
    name: 'hazchem-tanker',
    zh: '高速公路危化品罐车泄漏',
    en: 'Hazardous-chemical tanker leak on the highway',
  },
] as const;

const LABELS = {
  zh: { button: '演示场景', started: '演示场景已开始', failed: '演示场景启动失败' },
  en: {
    button: 'Demo scenarios',
    started: 'Demo scenario started',
    failed: 'Could not start the demo scenario',
  },
};

export function DemoScenarioButton({ speed = 1 }: { speed?: number }) {
  const { lang } = useI18n();
  const { can } = useSession();
  const demo = usePublicConfig().data?.demo === true;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const l = LABELS[lang === 'en' ? 'en' : 'zh'];
  const start = useMutation({
    mutationFn: (name: string) =>
      request<{ incidentId: string; label: string }>(`/demo/command-scenarios/${name}`, {
        method: 'POST',
        body: { speed },
      }),
    onSuccess: (r) => {
      void message.success(`${l.started}：${r.label}`);
      void navigate(`/command/incidents/${r.incidentId}`);
    },
    onError: (error) => void message.error(`${l.failed}：${error.message}`),
  });
  if (!demo || !can('incident:command')) return null;
  return (
    <Dropdown
      trigger={['click']}
      disabled={start.isPending}
      menu={{
        items: SCENARIOS.map((s) => ({
          key: s.name,
          label: `【演示】${lang === 'en' ? s.en : s.zh}`,
        })),
        onClick: ({ key }) => start.mutate(key),
      }}
    >
      <Button icon={<PlayCircleOutlined />} loading={start.isPending} data-testid="demo-scenario-button">
        {l.button}
      </Button>
    </Dropdown>
  );
}
