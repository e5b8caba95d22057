/** The alarm-rule routes (/api/v1/monitoring/rules…, rule-templates) the 预警规则 screens use. */
import type {
  AlarmRuleDetail,
  AlarmRuleView,
  CreateAlarmRuleRequest,
  ReplayRuleRequest,
  ReplayView,
  UpdateAlarmRuleRequest,
} from '@ningan/domain';
import { request } from '../../api/client.ts';
import type { JsonSchema } from './schema-form-model.ts';

export interface RuleTemplateView {
  name: string;
  /** Chinese, citing the standard its defaults come from where there is one. */
  summary: string;
  /** JSON Schema of the parameters (id, subject and version are filled in by the platform). */
  params: JsonSchema;
}

export interface RuleFilters {
  stationId?: string;
  enabled?: boolean;
}

const rule = (id: string) => `/monitoring/rules/${encodeURIComponent(id)}`;

export const rulesApi = {
  templates: () => request<RuleTemplateView[]>('/monitoring/rule-templates'),
  list: (filters: RuleFilters) =>
    request<AlarmRuleView[]>('/monitoring/rules', {
      query: { stationId: filters.stationId, enabled: filters.enabled },
    }),
  get: (id: string) => request<AlarmRuleDetail>(rule(id)),
  create: (body: Omit<CreateAlarmRuleRequest, 'enabled'> & { enabled?: boolean }) =>
    request<AlarmRuleView>('/monitoring/rules', { method: 'POST', body }),
  update: (id: string, body: UpdateAlarmRuleRequest) =>
    request<AlarmRuleView>(rule(id), { method: 'PATCH', body }),
  remove: (id: string) => request<undefined>(rule(id), { method: 'DELETE' }),
  /** Runs a saved or draft rule over stored readings; writes nothing. */
  replay: (body: ReplayRuleRequest) =>
    request<ReplayView>('/monitoring/rules/replay', { method: 'POST', body }),
};

/** Under ['monitoring'], so a station change (its sensors, its name) refreshes the rules too. */
export const ruleKeys = {
  all: ['monitoring', 'rules'] as const,
  templates: ['monitoring', 'rules', 'templates'] as const,
  list: (filters: RuleFilters) => ['monitoring', 'rules', 'list', filters] as const,
  detail: (id: string) => ['monitoring', 'rules', 'detail', id] as const,
};
