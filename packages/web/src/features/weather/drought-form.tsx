/**
 * 气象干旱等级: an MCI or SPI value → the GB/T 20481-2017 grade, by the domain calculator (POST /calc/drought),
 * with the standard's table. The platform has no MCI/SPI feed and does not derive one from soil moisture.
 */
import { useState } from 'react';
import { Alert, Button, Form, InputNumber, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import type { DroughtGrade, DroughtInput } from '@ningan/domain';
import { applyFormError, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { weatherApi } from './weather-api.ts';

/** GB/T 20481-2017 (STANDARDS.md §8): the same bounds for MCI and SPI; each bound belongs to the drier grade. */
const TABLE: { grade: DroughtGrade; en: string; range: string; color: string }[] = [
  { grade: '无旱', en: 'None', range: '−0.5 < x', color: 'default' },
  { grade: '轻旱', en: 'Light', range: '−1.0 < x ≤ −0.5', color: 'gold' },
  { grade: '中旱', en: 'Moderate', range: '−1.5 < x ≤ −1.0', color: 'orange' },
  { grade: '重旱', en: 'Severe', range: '−2.0 < x ≤ −1.5', color: 'volcano' },
  { grade: '特旱', en: 'Extreme', range: 'x ≤ −2.0', color: 'red' },
];

export function DroughtForm() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ value: number }>();
  const [index, setIndex] = useState<DroughtInput['index']>('MCI');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const grade = useMutation({
    mutationFn: (body: DroughtInput) =>
      weatherApi.calc<{ grade: DroughtGrade; level: number }>('drought', body),
    onMutate: () => setProblem(null),
    onError: (error) => setProblem(applyFormError(form, error, ['value'], t)),
  });
  const row = TABLE.find((r) => r.grade === grade.data?.grade);
  return (
    <div style={{ maxWidth: 640 }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('weather.drought.intro')} />
      <FormProblemAlert problem={problem} />
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => grade.mutate({ index, value: v.value })}
        data-testid="drought-form"
      >
        <Form.Item label={t('weather.drought.index')}>
          <Segmented<DroughtInput['index']>
            value={index}
            onChange={(v) => {
              setIndex(v);
              grade.reset();
            }}
            options={['MCI', 'SPI']}
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={t('weather.drought.value')}
          rules={[{ required: true, message: t('weather.forecast.required') }]}
        >
          <InputNumber step={0.1} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={grade.isPending}>
            {t('weather.drought.submit')}
          </Button>
        </Form.Item>
      </Form>
      {row && (
        <Space size={4} style={{ marginTop: 12 }} data-testid="drought-result">
          {`${t('weather.drought.grade')}：`}
          <Tag color={row.color}>
            {row.grade}
            {lang === 'en' ? ` (${row.en})` : ''}
          </Tag>
        </Space>
      )}
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('weather.drought.table')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="grade"
        pagination={false}
        dataSource={TABLE}
        rowClassName={(r) => (r.grade === row?.grade ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: t('weather.drought.grade'),
            dataIndex: 'grade',
            render: (g: string, r) => <Tag color={r.color}>{lang === 'en' ? `${g} ${r.en}` : g}</Tag>,
          },
          { title: `${t('weather.drought.range')}（x = ${index}）`, dataIndex: 'range' },
        ]}
      />
    </div>
  );
}
