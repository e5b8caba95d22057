/**
 * 叫应 answer page (issue #5 part 6), the link in the SMS to a responsible person; no login. Shows the
 * warning and who is asked (name, village) and one big button: 收到，立即行动 (an optional note). Small: no map,
 * no charts, so it opens on a weak connection; a failed send can simply be tried again.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Input, Result, Spin } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { WarningLevelChip } from '../warnings/warning-level.tsx';
import { asLevel, callRoleLabel } from '../warnings/warnings-labels.ts';
import { publicWarningsApi, warningKeys } from '../warnings/warnings-api.ts';
import './public.css';

export function AckPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const call = useQuery({
    queryKey: warningKeys.publicCall(token),
    queryFn: () => publicWarningsApi.call(token),
    retry: 3,
  });
  const answer = useMutation({
    mutationFn: () => publicWarningsApi.answer(token, note.trim() || undefined),
    retry: 2,
  });
  const c = call.data;
  const answeredAt = answer.data?.answeredAt ?? c?.answeredAt ?? null;
  return (
    <div className="public-page public-page--ack" data-testid="ack-page">
      {call.isPending && (
        <div className="public-page__loading">
          <Spin size="large" />
        </div>
      )}
      {call.isError && (
        <Result status="warning" title={t('ack.invalid')} subTitle={errorMessage(call.error, t)} />
      )}
      {c && (
        <>
          <header className="ack-head">
            {asLevel(c.warning.level) && <WarningLevelChip level={asLevel(c.warning.level)!} />}
            <h1>{c.warning.headline}</h1>
            {c.warning.sentAt && <p>{dayjs(c.warning.sentAt).format('YYYY-MM-DD HH:mm')}</p>}
          </header>
          <p className="ack-who" data-testid="ack-who">
            {t('ack.who', {
              name: c.personName,
              role: callRoleLabel(c.role, t),
            })}
          </p>
          {c.warning.instruction && (
            <section className="public-card__guide">
              <h3>{t('public.guide')}</h3>
              <p>{c.warning.instruction}</p>
            </section>
          )}
          {answeredAt ? (
            <Result
              status="success"
              title={t('ack.done')}
              subTitle={t('ack.doneAt', { time: dayjs(answeredAt).format('HH:mm:ss') })}
              data-testid="ack-done"
            />
          ) : (
            <div className="ack-form">
              <Input.TextArea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={200}
                rows={2}
                placeholder={t('ack.notePlaceholder')}
                aria-label={t('ack.note')}
              />
              {answer.isError && <Alert type="error" showIcon title={errorMessage(answer.error, t)} />}
              <Button
                type="primary"
                danger
                size="large"
                block
                className="ack-button"
                loading={answer.isPending}
                onClick={() => answer.mutate()}
                data-testid="ack-button"
              >
                {t('ack.button')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
