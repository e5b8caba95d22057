/**
 * 乡镇人口 (admin → regions): the county's townships with their population, source and year, used by the
 * earthquake exposure estimate. Entering one needs its source; the system administrator and county-level
 * ledger keepers may edit (the server decides; others see the list read-only). Every change is audited.
 */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DEMO_POPULATION_SOURCE, type RegionPopulationView } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import {
  applyFormError,
  errorMessage,
  FormProblemAlert,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { hazardKeys, hazardsApi } from './hazards-api.ts';

interface FormValues {
  population: number | null;
  source: string | null;
  year: number | null;
}

const FIELDS = ['population', 'source', 'year'] as const;

export function RegionPopulationPage() {
  const { t, lang } = useI18n();
  const { session, can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<RegionPopulationView | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [form] = Form.useForm<FormValues>();
  const list = useQuery({ queryKey: hazardKeys.population, queryFn: hazardsApi.listPopulation });
  // The server decides (system administrator, or county scope with ledger:write); this only hides the buttons.
  const mayEdit = can('region:import') || (session?.user.scope.level === 'county' && can('ledger:write'));
  const save = useMutation({
    mutationFn: ({ code, body }: { code: string; body: FormValues }) =>
      hazardsApi.setPopulation(code, {
        population: body.population,
        source: body.source ?? null,
        year: body.year ?? null,
      }),
    onSuccess: async () => {
      void message.success(t('hazard.pop.saved'));
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: hazardKeys.population });
    },
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');

  const columns: TableColumnsType<RegionPopulationView> = [
    { title: t('hazard.eq.col.township'), dataIndex: 'name' },
    {
      title: t('hazard.pop.population'),
      dataIndex: 'population',
      align: 'right',
      render: (p: number | null) =>
        p === null ? (
          <Tag color="warning">{t('hazard.pop.missing')}</Tag>
        ) : (
          <span className="tabular">{number(p)}</span>
        ),
    },
    {
      title: t('hazard.pop.source'),
      dataIndex: 'populationSource',
      render: (s: string | null) =>
        s === DEMO_POPULATION_SOURCE ? <Tag color="orange">{s}</Tag> : (s ?? '—'),
    },
    { title: t('hazard.pop.year'), dataIndex: 'populationYear', render: (y: number | null) => y ?? '—' },
    ...(mayEdit
      ? [
          {
            title: '',
            key: 'actions',
            render: (_: unknown, r: RegionPopulationView) => (
              <Button
                size="small"
                data-testid={`population-edit-${r.code}`}
                onClick={() => {
                  setProblem(null);
                  form.setFieldsValue({
                    population: r.population,
                    source: r.populationSource === DEMO_POPULATION_SOURCE ? null : r.populationSource,
                    year: r.populationYear,
                  });
                  setEditing(r);
                }}
              >
                {t('hazard.pop.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="population-page">
      <PageHeader title={t('hazard.pop.title')} />
      <Typography.Paragraph type="secondary">{t('hazard.pop.intro')}</Typography.Paragraph>
      {!mayEdit && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('hazard.pop.readOnly')} />
      )}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<RegionPopulationView>
        size="small"
        rowKey="code"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={false}
        data-testid="population-table"
      />
      <Modal
        open={editing !== null}
        title={editing ? t('hazard.pop.editTitle', { name: editing.name }) : ''}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        footer={
          <Space>
            <Button
              danger
              disabled={editing?.population === null}
              loading={save.isPending}
              onClick={() =>
                editing &&
                save.mutate({ code: editing.code, body: { population: null, source: null, year: null } })
              }
            >
              {t('hazard.pop.clear')}
            </Button>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => form.submit()}
              data-testid="population-save"
            >
              {t('common.save')}
            </Button>
          </Space>
        }
      >
        <FormProblemAlert problem={problem} />
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(v) => editing && save.mutate({ code: editing.code, body: v })}
        >
          <Form.Item name="population" label={t('hazard.pop.population')} rules={[{ required: true }]}>
            <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="source" label={t('hazard.pop.source')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="year" label={t('hazard.pop.year')}>
            <InputNumber min={1949} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
