/**
 * The working behind a record's derived results, laid out the way an inspector checks it by hand:
 * GB 18218-2018 (S, α, R, grade) for 重大危险源, LEC (D = L × E × C) for 风险点, and the dates behind the
 * revision, inspection and follow-up states. The numbers are the server's (`derived`), never recomputed.
 */
import type { ReactNode } from 'react';
import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import type { LedgerRecordView, RegistryDef } from '@ningan/domain';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { GradeTag } from './field-value.tsx';
import { formatNumber } from './registry-model.ts';

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);

interface MajorHazardItem {
  name: string;
  table: number;
  category: string | null;
  betaFrom: string;
  quantity: number;
  criticalQuantity: number;
  beta: number;
  ratio: number;
}

function majorHazardItems(derived: Record<string, unknown>): MajorHazardItem[] {
  const items = Array.isArray(derived.items) ? (derived.items as unknown[]) : [];
  return items.flatMap((raw) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const i = raw as Record<string, unknown>;
    const quantity = num(i.quantity);
    const criticalQuantity = num(i.criticalQuantity);
    const beta = num(i.beta);
    const ratio = num(i.ratio);
    if (quantity === null || criticalQuantity === null || beta === null || ratio === null) return [];
    return [
      {
        name: str(i.name) ?? '—',
        table: num(i.table) ?? 1,
        category: str(i.category),
        betaFrom: str(i.betaFrom) ?? '',
        quantity,
        criticalQuantity,
        beta,
        ratio,
      },
    ];
  });
}

function Formula({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <span className="registry-formula tabular" data-testid={testId}>
      {children}
    </span>
  );
}

/** 重大危险源: the items, S = Σq/Q, S ≥ 1, α, R = α·Σβq/Q and the grade (GB 18218-2018 §4, 表5, 表6). */
function MajorHazardWorking({ def, record }: { def: RegistryDef; record: LedgerRecordView }) {
  const { t, lang } = useI18n();
  const d = record.derived ?? {};
  const items = majorHazardItems(d);
  const S = num(d.S);
  const alpha = num(d.alpha);
  const R = num(d.R);
  const isMajor = d.isMajorHazard === true;
  const f = (x: number) => formatNumber(x, lang);
  if (S === null || alpha === null || R === null) return <NoWorking />;
  const weighted = items.reduce((sum, i) => sum + i.beta * i.ratio, 0);
  const betaSource = (from: string) =>
    from === 'table3'
      ? t('working.mh.beta3')
      : from === 'table4'
        ? t('working.mh.beta4')
        : t('working.mh.betaFallback');
  const people = num(record.attrs.exposedPeople);
  return (
    <>
      <div data-testid="working-items">
        <Table<MajorHazardItem>
          size="small"
          rowKey={(i) => `${i.table}:${i.name}`}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('working.mh.name'), dataIndex: 'name' },
            {
              title: t('working.mh.q'),
              dataIndex: 'quantity',
              align: 'right',
              render: (v: number) => <span className="tabular">{f(v)}</span>,
            },
            {
              title: t('working.mh.Q'),
              dataIndex: 'criticalQuantity',
              align: 'right',
              render: (v: number) => <span className="tabular">{f(v)}</span>,
            },
            {
              title: 'q/Q',
              dataIndex: 'ratio',
              align: 'right',
              render: (v: number) => <span className="tabular">{f(v)}</span>,
            },
            {
              title: 'β',
              dataIndex: 'beta',
              align: 'right',
              render: (v: number, i) => (
                <span className="tabular" title={betaSource(i.betaFrom)}>
                  {f(v)}
                </span>
              ),
            },
            {
              title: t('working.mh.table'),
              key: 'table',
              render: (_: unknown, i) =>
                i.table === 2
                  ? t('working.mh.table2', { category: i.category ?? '' })
                  : t('working.mh.table1'),
            },
          ]}
        />
      </div>
      <Descriptions
        bordered
        size="small"
        column={1}
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'S',
            label: t('working.mh.S'),
            children: (
              <Formula testId="working-S">
                S = Σq/Q = {items.map((i) => f(i.ratio)).join(' + ') || '0'} = <strong>{f(S)}</strong>
              </Formula>
            ),
          },
          {
            key: 'major',
            label: t('working.mh.identify'),
            children: (
              <span data-testid="working-major">
                {isMajor ? (
                  <Tag color="red">{t('working.mh.isMajor', { S: f(S) })}</Tag>
                ) : (
                  <Tag>{t('working.mh.notMajor', { S: f(S) })}</Tag>
                )}
              </span>
            ),
          },
          {
            key: 'alpha',
            label: t('working.mh.alpha'),
            children: (
              <Formula testId="working-alpha">
                α = <strong>{f(alpha)}</strong>
                {people !== null && (
                  <Typography.Text type="secondary">
                    {' '}
                    {t('working.mh.alphaBasis', { people: f(people) })}
                  </Typography.Text>
                )}
              </Formula>
            ),
          },
          {
            key: 'R',
            label: t('working.mh.R'),
            children: (
              <Formula testId="working-R">
                R = α·Σβq/Q = {f(alpha)} × {f(Math.round(weighted * 1e4) / 1e4)} = <strong>{f(R)}</strong>
              </Formula>
            ),
          },
          {
            key: 'grade',
            label: t('working.mh.grade'),
            children: (
              <span data-testid="working-grade">
                <GradeTag def={def} grade={record.grade} dash />
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {isMajor ? t('working.mh.gradeRule') : t('working.mh.noGrade')}
                </Typography.Text>
              </span>
            ),
          },
        ]}
      />
    </>
  );
}

/** 风险点: D = L × E × C, the danger band and the four-colour level (STANDARDS.md §4.1–4.2). */
function LecWorking({ def, record }: { def: RegistryDef; record: LedgerRecordView }) {
  const { t, lang } = useI18n();
  const d = record.derived ?? {};
  const D = num(d.D);
  const [L, E, C] = [num(record.attrs.L), num(record.attrs.E), num(record.attrs.C)];
  if (D === null || L === null || E === null || C === null) return <NoWorking />;
  const f = (x: number) => formatNumber(x, lang);
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={[
        {
          key: 'D',
          label: t('working.lec.D'),
          children: (
            <Formula testId="working-D">
              D = L × E × C = {f(L)} × {f(E)} × {f(C)} = <strong>{f(D)}</strong>
            </Formula>
          ),
        },
        {
          key: 'danger',
          label: t('working.lec.danger'),
          children: (
            <span data-testid="working-danger">
              <strong>{str(d.danger) ?? '—'}</strong>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {t('working.lec.bands')}
              </Typography.Text>
            </span>
          ),
        },
        {
          key: 'level',
          label: t('working.lec.level'),
          children: (
            <span data-testid="working-level">
              <GradeTag def={def} grade={record.grade} dash />
            </span>
          ),
        },
      ]}
    />
  );
}

/** "还有 N 天" / "今日到期" / "已逾期 N 天" for a day count. */
function DaysTag({ days, t }: { days: number; t: Translate }) {
  if (days < 0) return <Tag color="red">{t('working.overdueBy', { days: -days })}</Tag>;
  if (days === 0) return <Tag color="orange">{t('working.dueToday')}</Tag>;
  return <Tag color={days <= 30 ? 'orange' : 'green'}>{t('working.daysLeft', { days })}</Tag>;
}

function PlanWorking({ def, record }: { def: RegistryDef; record: LedgerRecordView }) {
  const { t } = useI18n();
  const d = record.derived ?? {};
  const due = str(d.revisionDueOn);
  const days = num(d.daysToRevision);
  const issued = str(record.attrs.issuedOn);
  if (!due || days === null) return <NoWorking />;
  const years = issued ? Number(due.slice(0, 4)) - Number(issued.slice(0, 4)) : null;
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={[
        {
          key: 'issued',
          label: t('working.plan.issued'),
          children: <span className="tabular">{issued}</span>,
        },
        {
          key: 'due',
          label: t('working.plan.due'),
          children: (
            <span data-testid="working-due">
              <span className="tabular">{due}</span>{' '}
              {years !== null && (
                <Typography.Text type="secondary">{t('working.plan.rule', { years })}</Typography.Text>
              )}
            </span>
          ),
        },
        {
          key: 'days',
          label: t('working.plan.days'),
          children: (
            <span data-testid="working-days">
              <DaysTag days={days} t={t} /> <GradeTag def={def} grade={record.grade} />
            </span>
          ),
        },
      ]}
    />
  );
}

function InspectionWorking({ def, record }: { def: RegistryDef; record: LedgerRecordView }) {
  const { t } = useI18n();
  const days = num(record.derived?.daysToInspection);
  const next = str(record.attrs.nextInspectionOn);
  if (days === null)
    return (
      <Typography.Text type="secondary" data-testid="working-days">
        {t('working.inspection.notInUse', { status: str(record.attrs.status) ?? '—' })}
      </Typography.Text>
    );
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={[
        {
          key: 'next',
          label: t('working.inspection.next'),
          children: <span className="tabular">{next}</span>,
        },
        {
          key: 'days',
          label: t('working.inspection.days'),
          children: (
            <span data-testid="working-days">
              <DaysTag days={days} t={t} /> <GradeTag def={def} grade={record.grade} />
            </span>
          ),
        },
      ]}
    />
  );
}

interface FollowUp {
  item: string;
  owner: string | null;
  dueOn: string | null;
  done: boolean;
}

function DrillWorking({ def, record }: { def: RegistryDef; record: LedgerRecordView }) {
  const { t } = useI18n();
  const open = num(record.derived?.openFollowUps) ?? 0;
  const rows = (Array.isArray(record.attrs.followUps) ? (record.attrs.followUps as unknown[]) : []).flatMap(
    (raw, index) => {
      if (typeof raw !== 'object' || raw === null) return [];
      const r = raw as Record<string, unknown>;
      const row: FollowUp & { index: number } = {
        index,
        item: str(r.item) ?? '—',
        owner: str(r.owner),
        dueOn: str(r.dueOn),
        done: r.done === true,
      };
      return row.done ? [] : [row];
    },
  );
  return (
    <>
      <div data-testid="working-open" style={{ marginBottom: 8 }}>
        {t('working.drill.open', { count: open })} <GradeTag def={def} grade={record.grade} />
      </div>
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey="index"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('working.drill.item'), dataIndex: 'item' },
            { title: t('working.drill.owner'), dataIndex: 'owner', render: (v: string | null) => v ?? '—' },
            {
              title: t('working.drill.dueOn'),
              dataIndex: 'dueOn',
              render: (v: string | null) => <span className="tabular">{v ?? '—'}</span>,
            },
          ]}
        />
      )}
    </>
  );
}

function NoWorking() {
  const { t } = useI18n();
  return <Alert type="warning" showIcon title={t('working.none')} />;
}

type WorkingProps = { def: RegistryDef; record: LedgerRecordView };

/** The registries whose detail shows a working, with its title. */
const WORKINGS: Record<string, { title: MessageKey; Body: (props: WorkingProps) => ReactNode }> = {
  'hazard-sources': { title: 'working.mh.title', Body: MajorHazardWorking },
  'risk-points': { title: 'working.lec.title', Body: LecWorking },
  plans: { title: 'working.plan.title', Body: PlanWorking },
  'special-equipment': { title: 'working.inspection.title', Body: InspectionWorking },
  drills: { title: 'working.drill.title', Body: DrillWorking },
};

/** The working section of the detail drawer (`registry-working`); nothing for registries without one. */
export function RegistryWorking({ def, record }: WorkingProps) {
  const { t } = useI18n();
  const working = WORKINGS[def.key];
  if (!working) return null;
  const { title, Body } = working;
  return (
    <section data-testid="registry-working" className="registry-working">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t(title)}
      </Typography.Title>
      <Body def={def} record={record} />
    </section>
  );
}
