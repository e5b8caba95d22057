/**
 * 叫应 answer page for a command-HQ member (指挥部成员), the link in the activation message; no login. One big
 * button: 收到 — the answer is recorded with its time (POST /hq-acks/answer). Small and plain, so it opens on a
 * weak connection; a failed send can simply be tried again, and answering twice keeps the first time.
 */
import { useParams } from 'react-router';
import { Alert, Button, Result } from 'antd';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { hqAckApi } from './command-api.ts';
import '../public/public.css';

export function HqAckPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const answer = useMutation({ mutationFn: () => hqAckApi.answer(token), retry: 2 });
  const a = answer.data;
  return (
    <div className="public-page public-page--ack" data-testid="hq-ack-page">
      <header className="ack-head">
        <h1>{t('cmd.hqAck.title')}</h1>
      </header>
      {a ? (
        <Result
          status="success"
          title={t('cmd.hqAck.done', { name: a.personName })}
          subTitle={
            <>
              <div>{a.incidentTitle}</div>
              <div>{t('cmd.hqAck.doneAt', { time: dayjs(a.answeredAt).format('YYYY-MM-DD HH:mm:ss') })}</div>
            </>
          }
          data-testid="hq-ack-done"
        />
      ) : (
        <div className="ack-form">
          <p className="ack-who">{t('cmd.hqAck.ask')}</p>
          {answer.isError && <Alert type="error" showIcon title={errorMessage(answer.error, t)} />}
          <Button
            type="primary"
            danger
            size="large"
            block
            className="ack-button"
            loading={answer.isPending}
            onClick={() => answer.mutate()}
            data-testid="hq-ack-button"
          >
            {t('cmd.hqAck.button')}
          </Button>
        </div>
      )}
    </div>
  );
}
