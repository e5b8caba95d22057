/**
 * 预报信号判定: forecast (or already observed) values of one hazard → the signal the national guide calls for,
 * by the domain calculator (POST /calc/weather-signal). Every problem the server lists lands on its field.
 */
import { useState } from 'react';
import { Button, Form, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import {
  WEATHER_HAZARD_NAMES,
  WEATHER_HAZARDS,
  type WeatherHazard,
  type WeatherSignalResult,
} from '@ningan/domain';
import { applyFormError, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { weatherApi } from './weather-api.ts';
import { HAZARD_NAMES_EN, SIGNAL_COLORS, SIGNAL_TEXT, solid } from './weather-labels.ts';

/** The fields each hazard's calculator input takes; `optional` ones may be left empty. */
const FIELDS: Record<WeatherHazard, { name: string; optional?: boolean; min?: number; max?: number }[]> = {
  rainstorm: [
    { name: 'rainMm', min: 0 },
    { name: 'hours', min: 0 },
  ],
  snowstorm: [
    { name: 'snowMm', min: 0 },
    { name: 'hours', min: 0 },
  ],
  coldwave: [
    { name: 'dropC', min: 0 },
    { name: 'minTempC' },
    { name: 'windForce', min: 0, max: 17 },
    { name: 'hours', min: 0 },
  ],
  wind: [
    { name: 'meanForce', optional: true, min: 0, max: 17 },
    { name: 'gustForce', optional: true, min: 0, max: 17 },
    { name: 'hours', min: 0 },
  ],
  heat: [
    { name: 'maxTempC' },
    { name: 'hours', optional: true, min: 0 },
    { name: 'consecutiveDays', optional: true, min: 1 },
  ],
  fog: [
    { name: 'visibilityM', min: 0 },
    { name: 'hours', min: 0 },
  ],
  dust: [
    { name: 'visibilityM', min: 0 },
    { name: 'hours', min: 0 },
  ],
  frost: [{ name: 'groundMinTempC' }, { name: 'hours', min: 0 }],
};

export function ForecastSignalForm() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Record<string, number | null | string>>();
  const [hazard, setHazard] = useState<WeatherHazard>('rainstorm');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const fields = FIELDS[hazard];
  const evaluate = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      weatherApi.calc<WeatherSignalResult>('weather-signal', body),
    onMutate: () => setProblem(null),
    onError: (error) =>
      setProblem(
        applyFormError(
          form,
          error,
          fields.map((f) => f.name),
          t,
        ),
      ),
  });
  const submit = (values: Record<string, number | null | string>) => {
    const body: Record<string, unknown> = { hazard };
    for (const f of fields) {
      const v = values[f.name];
      if (v !== null && v !== undefined && v !== '') body[f.name] = v;
    }
    evaluate.mutate(body);
  };
  const result = evaluate.data;
  return (
    <div style={{ maxWidth: 560 }}>
      <Typography.Paragraph type="secondary">{t('weather.forecast.intro')}</Typography.Paragraph>
      <FormProblemAlert problem={problem} />
      <Form form={form} layout="vertical" onFinish={submit} data-testid="forecast-signal-form">
        <Form.Item label={t('weather.forecast.hazard')}>
          <Select<WeatherHazard>
            value={hazard}
            aria-label={t('weather.forecast.hazard')}
            onChange={(h) => {
              setHazard(h);
              setProblem(null);
              evaluate.reset();
              form.resetFields();
            }}
            options={WEATHER_HAZARDS.map((h) => ({
              value: h,
              label: lang === 'en' ? HAZARD_NAMES_EN[h] : WEATHER_HAZARD_NAMES[h],
            }))}
          />
        </Form.Item>
        {fields.map((f) => (
          <Form.Item
            key={`${hazard}-${f.name}`}
            name={f.name}
            label={t(`weather.forecast.${f.name}` as MessageKey)}
            rules={f.optional ? [] : [{ required: true, message: t('weather.forecast.required') }]}
          >
            <InputNumber style={{ width: '100%' }} min={f.min} max={f.max} />
          </Form.Item>
        ))}
        <Space align="center" wrap>
          <Button type="primary" htmlType="submit" loading={evaluate.isPending}>
            {t('weather.forecast.submit')}
          </Button>
          {result && (
            <span data-testid="forecast-signal-result">
              {t('weather.forecast.result')}：
              {result.level ? (
                <Tag style={solid(SIGNAL_COLORS[result.level], SIGNAL_TEXT[result.level])}>
                  {result.signal}
                </Tag>
              ) : (
                <Tag>{t('weather.forecast.noSignal')}</Tag>
              )}
            </span>
          )}
        </Space>
      </Form>
    </div>
  );
}
