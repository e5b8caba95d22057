/**
 * Words and colours of the 一盘棋 closed sets: the Chinese from @ningan/domain (the statutory terms), the English
 * beside them for the English console. Unknown values are shown as sent.
 */
import {
  ALLOCATION_STATE_LABELS,
  CONTACT_CHANNEL_LABELS,
  FINDING_STATE_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATUS_LABELS,
  REPORT_STATE_LABELS,
  SITREP_STATE_LABELS,
  TASK_ACTION_LABELS,
  TASK_ASSIGNEE_KIND_LABELS,
  TASK_STATE_LABELS,
  TIMELINE_KIND_LABELS,
  type IncidentGrade,
} from '@ningan/domain';
import type { Lang } from '../../i18n/i18n.tsx';

type Labels = Record<string, string>;

function pick(zh: Labels, en: Labels, value: string, lang: Lang): string {
  return (lang === 'en' ? en[value] : zh[value]) ?? zh[value] ?? value;
}

const GRADE_EN: Labels = { 特别重大: 'Extraordinary', 重大: 'Major', 较大: 'Large', 一般: 'Ordinary' };
export const GRADE_COLORS: Record<IncidentGrade, string> = {
  特别重大: '#a8071a',
  重大: '#d4380d',
  较大: '#d48806',
  一般: '#1d5fbf',
};
export const gradeLabel = (g: string, lang: Lang) => (lang === 'en' ? (GRADE_EN[g] ?? g) : g);

const STATUS_EN: Labels = {
  reported: 'Reported',
  responding: 'Responding',
  closed: 'Closed',
  merged: 'Merged',
};
export const STATUS_COLORS: Labels = {
  reported: 'gold',
  responding: 'red',
  closed: 'default',
  merged: 'default',
};
export const statusLabel = (s: string, lang: Lang) => pick(INCIDENT_STATUS_LABELS, STATUS_EN, s, lang);

const SOURCE_EN: Labels = {
  alarm: 'Monitoring alarm',
  manual: 'Entered by hand',
  phone: 'Phone call',
  field: 'Village officer report',
  external_warning: 'External warning',
};
export const sourceLabel = (s: string, lang: Lang) => pick(INCIDENT_SOURCE_LABELS, SOURCE_EN, s, lang);

const TASK_STATE_EN: Labels = {
  pending_read: 'Not read',
  read: 'Read',
  feedback: 'Reported back',
  completed: 'Completed',
  returned: 'Returned',
};
export const TASK_STATE_COLORS: Labels = {
  pending_read: 'gold',
  read: 'blue',
  feedback: 'cyan',
  completed: 'green',
  returned: 'default',
};
export const taskStateLabel = (s: string, lang: Lang) => pick(TASK_STATE_LABELS, TASK_STATE_EN, s, lang);

const TASK_ACTION_EN: Labels = {
  read: 'Mark read',
  feedback: 'Report back',
  complete: 'Complete',
  reject_feedback: 'Send back',
  return: 'Return',
  redispatch: 'Re-dispatch',
};
export const taskActionLabel = (a: string, lang: Lang) => pick(TASK_ACTION_LABELS, TASK_ACTION_EN, a, lang);

const ASSIGNEE_EN: Labels = {
  team: 'Rescue team',
  org_unit: 'Department',
  township: 'Township',
  user: 'Person',
};
export const assigneeKindLabel = (k: string, lang: Lang) =>
  pick(TASK_ASSIGNEE_KIND_LABELS, ASSIGNEE_EN, k, lang);

const REPORT_STATE_EN: Labels = {
  pending: 'Not yet due',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  met: 'Filed on time',
  met_late: 'Filed late',
};
export const REPORT_STATE_COLORS: Labels = {
  pending: 'default',
  due_soon: 'orange',
  overdue: 'red',
  met: 'green',
  met_late: 'volcano',
};
export const reportStateLabel = (s: string, lang: Lang) =>
  pick(REPORT_STATE_LABELS, REPORT_STATE_EN, s, lang);

const KIND_EN: Labels = {
  intake: 'Intake',
  follow_up: 'Follow-up',
  grading: 'Grading',
  decision: 'Decision',
  report: 'Report filed',
  deadline: 'Deadline',
  activation: 'Plan activated',
  notification: 'Notification',
  ack: 'Acknowledgement',
  task: 'Task',
  feedback: 'Feedback',
  allocation: 'Allocation',
  warning: 'Warning',
  contact: 'Contact',
  sitrep: 'Situation report',
  impact: 'Impact analysis',
  merge: 'Merge',
  close: 'Close',
  review: 'Review',
  note: 'Note',
};
export const TIMELINE_KIND_COLORS: Labels = {
  intake: 'blue',
  grading: 'magenta',
  decision: 'red',
  report: 'green',
  deadline: 'volcano',
  activation: 'red',
  ack: 'cyan',
  task: 'geekblue',
  feedback: 'cyan',
  allocation: 'purple',
  contact: 'gold',
  close: 'default',
};
export const timelineKindLabel = (k: string, lang: Lang) => pick(TIMELINE_KIND_LABELS, KIND_EN, k, lang);

const CHANNEL_EN: Labels = {
  phone: 'Phone',
  radio: 'Radio',
  video: 'Video',
  meeting: 'Meeting',
  other: 'Other',
};
export const channelLabel = (c: string, lang: Lang) => pick(CONTACT_CHANNEL_LABELS, CHANNEL_EN, c, lang);

const ALLOCATION_EN: Labels = { allocated: 'Allocated', shipped: 'Shipped', arrived: 'Arrived' };
export const allocationStateLabel = (s: string, lang: Lang) =>
  pick(ALLOCATION_STATE_LABELS, ALLOCATION_EN, s, lang);

const SITREP_EN: Labels = { draft: 'Draft', approved: 'Approved', published: 'Published' };
export const sitrepStateLabel = (s: string, lang: Lang) => pick(SITREP_STATE_LABELS, SITREP_EN, s, lang);

const FINDING_EN: Labels = { open: 'To rectify', rectified: 'Rectified, to verify', verified: 'Verified' };
export const findingStateLabel = (s: string, lang: Lang) => pick(FINDING_STATE_LABELS, FINDING_EN, s, lang);
