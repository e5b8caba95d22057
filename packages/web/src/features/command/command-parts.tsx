/** Small pieces the incident screens share: the grade badge, status tag and the ticking report countdowns. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Space, Tag, Tooltip } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { IncidentGrade, ReportingStatusView, ReportingSummaryView } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { workspaceQuery } from './command-api.ts';
import { GRADE_COLORS, gradeLabel, statusLabel, STATUS_COLORS } from './command-labels.ts';
import { openReports, reportCountdown, type CountdownTone } from './command-model.ts';
import { useNow } from './command-stream.ts';

export function GradeBadge({ grade }: { grade: IncidentGrade | null }) {
  const { t, lang } = useI18n();
  if (!grade) return <Tag>{t('cmd.grade.none')}</Tag>;
  return (
    <Tag color={GRADE_COLORS[grade]} data-testid="grade-badge">
      {gradeLabel(grade, lang)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{statusLabel(status, lang)}</Tag>;
}

export function LevelTag({ level }: { level: string | null }) {
  const { t } = useI18n();
  if (!level) return <Tag>{t('cmd.level.none')}</Tag>;
  return <Tag color="red">{t('cmd.level.value', { level })}</Tag>;
}

const TONE_CLASS: Record<CountdownTone, string> = {
  pending: 'cmd-chip',
  due_soon: 'cmd-chip cmd-chip--soon',
  overdue: 'cmd-chip cmd-chip--late',
  met: 'cmd-chip cmd-chip--met',
  met_late: 'cmd-chip cmd-chip--met',
};

function useCountdownWords() {
  const { t } = useI18n();
  return {
    left: t('cmd.countdown.left'),
    late: t('cmd.countdown.late'),
    met: t('cmd.countdown.met'),
    metLate: t('cmd.countdown.metLate'),
  };
}

/** The next unfiled statutory reports as chips, ticking every second (amber when due soon, red when late). */
export function CountdownChips({ reporting, max = 4 }: { reporting: ReportingStatusView; max?: number }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const words = useCountdownWords();
  const open = openReports(reporting.reports, now, max);
  if (open.length === 0) return <span className="cmd-muted">{t('cmd.countdown.none')}</span>;
  return (
    <Space wrap size={6} data-testid="countdown-chips">
      {open.map((r) => {
        const c = reportCountdown(r, now, words);
        return (
          <Tooltip
            key={`${r.step}-${r.n ?? ''}-${r.to}`}
            title={`${r.to} · ${t('cmd.report.due')} ${dayjs(r.due).format('MM-DD HH:mm')}`}
          >
            <span className={TONE_CLASS[c.tone]} data-tone={c.tone} role="timer">
              <b>
                {r.step}
                {r.n ? `（${r.n}）` : ''}
              </b>{' '}
              {c.text}
            </span>
          </Tooltip>
        );
      })}
    </Space>
  );
}

/** The list card's one chip: the next report of the summary. */
export function NextReportChip({ summary }: { summary: ReportingSummaryView }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const words = useCountdownWords();
  const next = summary.next;
  if (!next) return <span className="cmd-muted">{t('cmd.countdown.none')}</span>;
  // The summary has no warn instant: due soon is the server's word at fetch time, overdue is live.
  const c = reportCountdown({ due: next.due, warnAt: next.due, filedAt: null }, now, words);
  const tone: CountdownTone =
    c.tone === 'overdue' ? 'overdue' : next.state === 'due_soon' ? 'due_soon' : 'pending';
  return (
    <span className={TONE_CLASS[tone]} data-tone={tone} role="timer">
      <b>{next.step}</b> {c.text}
    </span>
  );
}

/**
 * A link to an incident's workspace that asks for the workspace when the pointer reaches it (or it gets the
 * focus, or a touch): the click comes a moment later and the page opens with its data on the way.
 */
export function IncidentLink({ id, children }: { id: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  const prefetch = () =>
    void queryClient.prefetchQuery({
      ...workspaceQuery(id),
      // Passing over the link again within a few seconds asks nothing new.
      staleTime: 5_000,
    });
  return (
    <Link to={`/command/incidents/${id}`} onMouseEnter={prefetch} onFocus={prefetch} onTouchStart={prefetch}>
      {children}
    </Link>
  );
}
