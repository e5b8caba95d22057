import type { AlarmBus } from '../alarms/bus.ts';
import type { CommandBus } from '../command/bus.ts';
import type { AlarmRuntime } from '../alarms/runtime.ts';
import type { AlarmRuleService } from '../services/alarm-rules.service.ts';
import type { AlarmService } from '../services/alarms.service.ts';
import type { LiveStreamService } from '../services/live-stream.service.ts';
import type { Config } from '../config.ts';
import type { AttachmentService } from '../services/attachments.service.ts';
import type { AuditService } from '../services/audit.service.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { BootstrapService } from '../services/bootstrap.service.ts';
import type { ContactService } from '../services/contacts.service.ts';
import type { DemoMonitoringService } from '../services/demo-monitoring.service.ts';
import type { DisseminationService } from '../services/dissemination.service.ts';
import type { DirectoryService } from '../services/directory.service.ts';
import type { EnterpriseService } from '../services/enterprises.service.ts';
import type { HazardModelService } from '../services/hazard-models.service.ts';
import type { LedgerService } from '../services/ledger.service.ts';
import type { MonitoringService } from '../services/monitoring.service.ts';
import type { DeviceBroker } from '../ingest/device-broker.ts';
import type { IngestService } from '../ingest/ingest.ts';
import type { OrgUnitService } from '../services/org-units.service.ts';
import type { RegionService } from '../services/regions.service.ts';
import type { StockService } from '../services/stock.service.ts';
import type { UserService } from '../services/users.service.ts';
import type { WeatherService } from '../services/weather.service.ts';
import type { WarningService } from '../services/warnings.service.ts';
import type { ExternalWarningService } from '../services/external-warnings.service.ts';
import type { CommandResponseService } from '../services/command-response.service.ts';
import type { CommandAnalysisService } from '../services/command-analysis.service.ts';
import type { IncidentReportService } from '../services/incident-reports.service.ts';
import type { DutyService } from '../services/duty.service.ts';
import type { IncidentService } from '../services/incidents.service.ts';

/** Everything the HTTP adapter may call, wired once in app.ts. */
export interface Services {
  config: Config;
  auth: AuthService;
  users: UserService;
  orgUnits: OrgUnitService;
  contacts: ContactService;
  directory: DirectoryService;
  enterprises: EnterpriseService;
  ledger: LedgerService;
  /** Monitoring devices, health, quarantine, time series (issue #4). */
  monitoring: MonitoringService;
  /** The demo monitoring fleet and its simulator's devices file (demo mode; issue #4 part 8). */
  demoMonitoring: DemoMonitoringService;
  /** Device ingestion: MQTT entry points, HTTP ingest, group commit, `onReadings` subscribers. */
  ingest: IngestService;
  /** The MQTT address devices are told to use (public config); the ingest runtime attaches the running broker. */
  deviceBroker: DeviceBroker;
  /** Earthquake estimate, station intensity, landslide failure prediction (issue #4 part 5). */
  hazardModels: HazardModelService;
  /** Fire weather (FWI) of forest stations and observed weather signals (issue #4 part 5). */
  weather: WeatherService;
  /** Alarm changes after commit (rule runtime, people's actions) → live stream. */
  alarmBus: AlarmBus;
  /** Command changes after commit (incidents, reports, tasks, duty) → the command stream (issue #6). */
  commandBus: CommandBus;
  /** Plan activation and 叫应, tasks, allocations (issue #6 parts 5, 7). */
  response: CommandResponseService;
  /** Resource recommendation, impact analysis, situation reports (issue #6 parts 6, 8). */
  analysis: CommandAnalysisService;
  /** Incidents: intake, grading, follow-ups, merge, close-out, findings, workspace, command stream (issue #6). */
  incidents: IncidentService;
  /** Information reporting (信息报送): reporting status, drafts, filings, report documents (issue #6). */
  incidentReports: IncidentReportService;
  /** Duty watch (值班值守): rosters, sign-in, log, handover, nil reports, daily report (issue #6). */
  duty: DutyService;
  /** The alarm rules' engines (started with the ingest role; `reload` after a rule changes). */
  alarmRuntime: AlarmRuntime;
  /** Alarm rules: templates, versions, replay. */
  alarmRules: AlarmRuleService;
  /** Working alarms: list, detail, acknowledge/handle/assign/comment/close, escalate to an incident. */
  alarms: AlarmService;
  /** The live stream's subscriptions (GET /monitoring/stream). */
  live: LiveStreamService;
  /** Warning issuance: drafts, sign-off, Update/Cancel, CAP documents, the public feed (issue #5). */
  warnings: WarningService;
  /** CAP warnings received from outside: ingest, relay, dismiss (issue #5 part 9). */
  externalWarnings: ExternalWarningService;
  /** Warning dissemination: progress, deliveries, 叫应, gateway callbacks, inbox, subscribers (issue #5). */
  dissemination: DisseminationService;
  attachments: AttachmentService;
  stock: StockService;
  regions: RegionService;
  audit: AuditService;
  bootstrap: BootstrapService;
  health: () => Promise<{ database: 'pglite' | 'postgres'; ok: boolean }>;
  version: string;
  /** The server's clock (faked in tests): the demo scenarios date their requests by it. */
  clock: () => Date;
}
