/**
 * 灾情报告 from a village information officer's phone (村灾害信息员): the type (common natural hazards first), what
 * is happening, casualties, up to 3 photos, the position. Made for one bar of signal: the report is written to
 * the phone (localStorage) with its clientId before it is sent, and retried — every few seconds with a growing
 * pause, and when the phone comes back online — until the server answers; a retry with the same clientId never
 * makes a second incident. Each report shows 已提交 or 待发送.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Input, InputNumber, Select, Space, Tag, App } from 'antd';
import { EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { EVENT_TYPES, getEventType, type EventTypeId, type FieldPhoto } from '@ningan/domain';
import { isApiError } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi } from './command-api.ts';
import {
  dueForRetry,
  enqueueReport,
  FIELD_REPORT_COMMON_TYPES,
  pruneQueue,
  recordSend,
  type QueuedReport,
  type SendOutcome,
} from './command-model.ts';
import { currentPosition, loadQueue, newClientId, saveQueue, type Position } from './phone-helpers.ts';
import { PhotoPicker } from './phone-photo-picker.tsx';
import { PhoneShell } from './phone-tasks.page.tsx';
import './phone.css';

const RETRY_TICK_MS = 5_000;

/** Sends the queued reports and keeps the queue in localStorage; answers the queue and a send-now function. */
function useReportQueue(userId: string) {
  const [queue, setQueue] = useState<QueuedReport[]>(() => pruneQueue(loadQueue(userId), Date.now()));
  const [stored, setStored] = useState(true);
  const sending = useRef(new Set<string>());
  const latest = useRef(queue);

  const update = useCallback(
    (change: (q: QueuedReport[]) => QueuedReport[]) => {
      const next = change(latest.current);
      latest.current = next;
      setQueue(next);
      setStored(saveQueue(userId, next));
    },
    [userId],
  );

  const send = useCallback(
    async (item: QueuedReport) => {
      const id = item.request.clientId;
      if (sending.current.has(id)) return;
      sending.current.add(id);
      let outcome: SendOutcome;
      try {
        const r = await commandApi.fieldReport(item.request);
        outcome = { kind: 'sent', incidentId: r.incidentId };
      } catch (error) {
        // A refusal (400/403/404) will not pass on a retry; network trouble and 5xx will.
        outcome =
          isApiError(error) &&
          error.status >= 400 &&
          error.status < 500 &&
          error.status !== 408 &&
          error.status !== 429
            ? {
                kind: 'rejected',
                problem: [error.message, ...error.details.map((d) => d.message)].join('；'),
              }
            : { kind: 'no_answer' };
      } finally {
        sending.current.delete(id);
      }
      update((q) => recordSend(q, id, outcome, new Date()));
    },
    [update],
  );

  const flush = useCallback(
    (force = false) => {
      const due = force
        ? latest.current.filter((q) => q.state === 'pending')
        : dueForRetry(latest.current, Date.now());
      for (const item of due) void send(item);
    },
    [send],
  );

  useEffect(() => {
    flush();
    const timer = setInterval(() => flush(), RETRY_TICK_MS);
    const online = () => flush(true);
    window.addEventListener('online', online);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [flush]);

  const add = useCallback(
    (request: QueuedReport['request']) => {
      update((q) => enqueueReport(q, request, new Date()));
      flush(true);
    },
    [update, flush],
  );
  return { queue, stored, add, retryNow: () => flush(true) };
}

export function FieldReportPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const userId = session?.user.id ?? 'anonymous';
  const { queue, stored, add, retryNow } = useReportQueue(userId);
  const [type, setType] = useState<EventTypeId | undefined>();
  const [description, setDescription] = useState('');
  const [deaths, setDeaths] = useState<number | null>(null);
  const [injuries, setInjuries] = useState<number | null>(null);
  const [missing, setMissing] = useState<number | null>(null);
  const [photos, setPhotos] = useState<FieldPhoto[]>([]);
  const [position, setPosition] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateProblem, setLocateProblem] = useState<string | null>(null);

  const locate = useCallback(() => {
    setLocating(true);
    setLocateProblem(null);
    currentPosition()
      .then(setPosition, (e: unknown) => setLocateProblem(e instanceof Error ? e.message : String(e)))
      .finally(() => setLocating(false));
  }, []);
  useEffect(() => locate(), [locate]);

  const label = (id: EventTypeId) => {
    const e = getEventType(id);
    return lang === 'en' ? e.en : e.zh;
  };
  const otherTypes = useMemo(
    () =>
      EVENT_TYPES.filter((e) => !FIELD_REPORT_COMMON_TYPES.includes(e.id)).map((e) => ({
        value: e.id,
        label: lang === 'en' ? e.en : e.zh,
      })),
    [lang],
  );

  const ready = type !== undefined && description.trim().length > 0 && position !== null;
  const submit = () => {
    if (!type || !position) return;
    add({
      clientId: newClientId(),
      eventType: type,
      lon: position.lon,
      lat: position.lat,
      accuracyM: position.accuracyM,
      description: description.trim().slice(0, 500),
      ...(deaths !== null && { deaths }),
      ...(injuries !== null && { injuries }),
      ...(missing !== null && { missing }),
      ...(photos.length > 0 && { photos }),
    });
    void message.success(t('cmd.field.queued'));
    setType(undefined);
    setDescription('');
    setDeaths(null);
    setInjuries(null);
    setMissing(null);
    setPhotos([]);
  };

  const count = (value: number | null, set: (v: number | null) => void, text: string) => (
    <label>
      <div className="phone-muted">{text}</div>
      <InputNumber<number>
        min={0}
        precision={0}
        inputMode="numeric"
        value={value}
        onChange={(v) => set(typeof v === 'number' ? v : null)}
        aria-label={text}
      />
    </label>
  );

  return (
    <PhoneShell title={t('cmd.field.title')} testId="field-report">
      <section className="phone-section">
        <h2>{t('cmd.field.type')}</h2>
        <div className="phone-types" role="group" aria-label={t('cmd.field.type')}>
          {FIELD_REPORT_COMMON_TYPES.map((id) => (
            <Button
              key={id}
              type={type === id ? 'primary' : 'default'}
              onClick={() => setType(id)}
              aria-pressed={type === id}
            >
              {label(id)}
            </Button>
          ))}
        </div>
        <Select<EventTypeId>
          style={{ width: '100%' }}
          size="large"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('cmd.field.otherType')}
          aria-label={t('cmd.field.otherType')}
          value={type !== undefined && !FIELD_REPORT_COMMON_TYPES.includes(type) ? type : undefined}
          onChange={setType}
          options={otherTypes}
        />
      </section>
      <section className="phone-section">
        <h2>{t('cmd.field.what')}</h2>
        <Input.TextArea
          rows={4}
          maxLength={500}
          showCount
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder={t('cmd.field.whatPlaceholder')}
          aria-label={t('cmd.field.what')}
        />
      </section>
      <section className="phone-section">
        <h2>{t('cmd.intake.casualties')}</h2>
        <div className="phone-counts">
          {count(deaths, setDeaths, t('cmd.fig.deaths'))}
          {count(injuries, setInjuries, t('cmd.fig.injuries'))}
          {count(missing, setMissing, t('cmd.fig.missing'))}
        </div>
      </section>
      <section className="phone-section">
        <h2>{t('cmd.field.photosAndPlace')}</h2>
        <PhotoPicker photos={photos} onChange={setPhotos} />
        <Button
          className="phone-big"
          icon={<EnvironmentOutlined />}
          loading={locating}
          onClick={locate}
          style={{ marginTop: 8 }}
          data-testid="field-locate"
        >
          {position ? t('cmd.phone.located', { accuracy: position.accuracyM }) : t('cmd.phone.locate')}
        </Button>
        {locateProblem && <Alert type="warning" showIcon title={locateProblem} style={{ marginTop: 8 }} />}
      </section>
      <Button
        type="primary"
        danger
        block
        className="phone-big"
        disabled={!ready}
        onClick={submit}
        data-testid="field-submit"
      >
        {t('cmd.field.submit')}
      </Button>
      {!ready && (
        <div className="phone-muted" style={{ marginTop: 6 }}>
          {t('cmd.field.needs')}
        </div>
      )}
      {!stored && (
        <Alert type="warning" showIcon title={t('cmd.field.notStored')} style={{ marginTop: 12 }} />
      )}

      {queue.length > 0 && (
        <section className="phone-section" style={{ marginTop: 16 }} data-testid="field-queue">
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <h2 style={{ margin: 0 }}>{t('cmd.field.mine')}</h2>
            {queue.some((q) => q.state === 'pending') && (
              <Button icon={<ReloadOutlined />} onClick={retryNow}>
                {t('cmd.field.retry')}
              </Button>
            )}
          </Space>
          {[...queue].reverse().map((q) => (
            <div key={q.request.clientId} className="phone-queue-item" data-state={q.state}>
              <div>
                <div>{label(q.request.eventType)}</div>
                <div className="phone-muted">
                  {dayjs(q.createdAt).format('MM-DD HH:mm')} · {q.request.description.slice(0, 30)}
                </div>
                {q.problem && <div className="cmd-text-late">{q.problem}</div>}
              </div>
              <Tag color={q.state === 'sent' ? 'green' : q.state === 'rejected' ? 'red' : 'orange'}>
                {q.state === 'sent'
                  ? t('cmd.field.sent')
                  : q.state === 'rejected'
                    ? t('cmd.field.rejected')
                    : t('cmd.field.pending')}
              </Tag>
            </div>
          ))}
        </section>
      )}
    </PhoneShell>
  );
}
