/**
 * The incident workspace in one round trip (issue #6 part 10): the incident, its whole timeline and findings
 * (api-incidents.ts), its tasks, activations with their acks, allocations and situation reports
 * (api-response.ts) and the reports filed (api-reporting.ts).
 */
import { z } from 'zod';
import { WorkspaceCore } from './api-incidents.ts';
import { ReportView } from './api-reporting.ts';
import { ActivationView, AllocationView, SitrepView, TaskView } from './api-response.ts';

export const WorkspaceView = WorkspaceCore.extend({
  tasks: z.array(TaskView),
  allocations: z.array(AllocationView),
  activations: z.array(ActivationView),
  sitreps: z.array(SitrepView),
  reports: z.array(ReportView),
});
export type WorkspaceView = z.infer<typeof WorkspaceView>;
