/**
 * The device secret, shown once after a station is created or its secret reset, with everything the
 * installer needs to configure the device: MQTT username/password/topic and example payloads, and the same
 * over HTTP. Closing it forgets the secret (only its hash is stored on the server).
 */
import { Alert, Button, Descriptions, Grid, Modal, Tabs, Typography } from 'antd';
import type { StationWithSecret } from '@ningan/domain';
import { usePublicConfig } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { brokerAddress, payloadExample } from './monitoring-model.ts';

function CopyBlock({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="copy-block">
      <Typography.Paragraph className="copy-block__text mono" copyable={{ text }} data-testid={testId}>
        {text}
      </Typography.Paragraph>
    </div>
  );
}

export function StationSecretModal({
  created,
  onClose,
}: {
  created: StationWithSecret | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const isPhone = Grid.useBreakpoint().md === false;
  const mqtt = usePublicConfig().data?.mqtt;
  if (!created) return null;
  const { station, secret } = created;
  const origin = window.location.origin;
  const example = payloadExample({
    code: station.code,
    secret,
    sensors: station.sensors,
    now: Date.now(),
    offsetMinutes: -new Date().getTimezoneOffset(),
    origin,
  });
  const broker = brokerAddress(mqtt, window.location.hostname);
  return (
    <Modal
      open
      title={`${t('secret.title')} · ${station.name}`}
      onCancel={onClose}
      width={isPhone ? '100%' : 760}
      maskClosable={false}
      zIndex={1020}
      footer={
        <Button type="primary" onClick={onClose} data-testid="station-secret-done">
          {t('secret.done')}
        </Button>
      }
    >
      <div data-testid="station-secret">
        <Alert type="warning" showIcon title={t('secret.onceWarning')} style={{ marginBottom: 12 }} />
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            {
              key: 'code',
              label: t('secret.deviceId'),
              children: <CopyBlock text={station.code} testId="station-secret-code" />,
            },
            {
              key: 'secret',
              label: t('secret.secret'),
              children: <CopyBlock text={secret} testId="station-secret-value" />,
            },
          ]}
        />
        <Tabs
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'mqtt',
              label: t('secret.mqtt'),
              children: (
                <div className="secret-section">
                  <Typography.Text strong>{t('secret.broker')}</Typography.Text>
                  {broker && mqtt ? (
                    <>
                      <CopyBlock text={broker} testId="station-secret-broker" />
                      <Typography.Paragraph type="secondary" className="secret-hint">
                        {t(`secret.brokerHint.${mqtt.source}`)}
                      </Typography.Paragraph>
                    </>
                  ) : (
                    <Typography.Paragraph type="warning" data-testid="station-secret-broker-off">
                      {t('secret.brokerOff')}
                    </Typography.Paragraph>
                  )}
                  <Typography.Text strong>{t('secret.topic')}</Typography.Text>
                  <CopyBlock text={example.topic} testId="station-secret-topic" />
                  <Typography.Text strong>{t('secret.single')}</Typography.Text>
                  <CopyBlock text={example.single} testId="station-secret-single" />
                  <Typography.Text strong>{t('secret.batch')}</Typography.Text>
                  <CopyBlock text={example.batch} />
                  <Typography.Paragraph type="secondary" className="secret-hint">
                    {t('secret.format')}
                  </Typography.Paragraph>
                </div>
              ),
            },
            {
              key: 'http',
              label: t('secret.http'),
              children: (
                <div className="secret-section">
                  <Typography.Paragraph>
                    {t('secret.httpHint', { url: `${origin}/api/v1/monitoring/ingest` })}
                  </Typography.Paragraph>
                  <CopyBlock text={example.curl} testId="station-secret-curl" />
                  <Typography.Text strong>Authorization</Typography.Text>
                  <CopyBlock text={example.basic} />
                </div>
              ),
            },
          ]}
        />
      </div>
    </Modal>
  );
}
