/**
 * Composition root: opens the database, wires the services with their deps, and prepares the
 * installation (region pack, organisation template, administrators, optional demo data).
 */
import { sql } from 'drizzle-orm';
import pino, { type Logger } from 'pino';
import { AlarmBus } from '../alarms/bus.ts';
import { AlarmRuntime } from '../alarms/runtime.ts';
import { CommandBus } from '../command/bus.ts';
import { createAlarmRuleService } from '../services/alarm-rules.service.ts';
import { createAlarmService } from '../services/alarms.service.ts';
import { createLiveStreamService } from '../services/live-stream.service.ts';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import type { Services } from '../routes/services.ts';
import { createAttachmentService } from '../services/attachments.service.ts';
import { createAuditService } from '../services/audit.service.ts';
import { createAuthService } from '../services/auth.service.ts';
import { createBootstrapService, type CreatedCredential } from '../services/bootstrap.service.ts';
import { createContactService } from '../services/contacts.service.ts';
import { createDemoMonitoringService, systemActor } from '../services/demo-monitoring.service.ts';
import { demoRuleSpecs } from '../db/seed/monitoring-demo.ts';
import { seedDemoRoster } from '../db/seed/duty-demo.ts';
import { createDirectoryService } from '../services/directory.service.ts';
import { createDisseminationService } from '../services/dissemination.service.ts';
import { createEnterpriseService } from '../services/enterprises.service.ts';
import { createHazardModelService } from '../services/hazard-models.service.ts';
import { createLedgerService } from '../services/ledger.service.ts';
import { createMonitoringService } from '../services/monitoring.service.ts';
import { createDeviceBroker } from '../ingest/device-broker.ts';
import { DeviceDirectory } from '../ingest/directory.ts';
import { createIngest } from '../ingest/ingest.ts';
import { createConnectorRunner } from '../ingest/connectors.ts';
import type { Clock, ServiceDeps } from '../services/context.ts';
import { createOrgUnitService } from '../services/org-units.service.ts';
import { createRegionService } from '../services/regions.service.ts';
import { SessionCache } from '../services/session-cache.ts';
import { createStockService } from '../services/stock.service.ts';
import { createUserService } from '../services/users.service.ts';
import { createWeatherService } from '../services/weather.service.ts';
import { createWarningService } from '../services/warnings.service.ts';
import { createExternalWarningService } from '../services/external-warnings.service.ts';
import { createIncidentReportService } from '../services/incident-reports.service.ts';
import { createDutyService } from '../services/duty.service.ts';
import { createIncidentService } from '../services/incidents.service.ts';
import { createCommandResponseService } from '../services/command-response.service.ts';
import { createCommandAnalysisService } from '../services/command-analysis.service.ts';
import { VERSION } from '../version.ts';

export interface Platform {
  database: Database;
  services: Services;
  log: Logger;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Shown to another process that finds the embedded data directory locked. */
  command: string;
  clock?: Clock;
  log?: Logger;
  /** An already opened database (tests). */
  database?: Database;
}

export function createServices(deps: ServiceDeps, database: Database): Services {
  // The ingest and the registry share one device directory: registry writes invalidate it.
  const directory = new DeviceDirectory(deps.db);
  const ingest = createIngest({ ...deps, directory });
  const alarmBus = new AlarmBus(deps.log);
  const alarms = createAlarmService(deps, { bus: alarmBus });
  const alarmRuntime = new AlarmRuntime({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    bus: alarmBus,
    tickGraceMs: deps.config.monitoring.alarms.tickGraceMs,
    statePersistMs: deps.config.monitoring.alarms.statePersistMs,
    onRaised: alarms.assignOnRaise,
  });
  const live = createLiveStreamService(deps, { bus: alarmBus, ingest, directory, alarms });
  const weather = createWeatherService(deps);
  const warnings = createWarningService(deps, { weather });
  const commandBus = new CommandBus(deps.log);
  return {
    config: deps.config,
    auth: createAuthService(deps),
    users: createUserService(deps),
    orgUnits: createOrgUnitService(deps),
    contacts: createContactService(deps),
    directory: createDirectoryService(deps),
    enterprises: createEnterpriseService(deps),
    ledger: createLedgerService(deps),
    monitoring: createMonitoringService(deps, {
      directory,
      ingest,
      connectors: createConnectorRunner({ ...deps, ingest }),
    }),
    ingest,
    deviceBroker: createDeviceBroker(deps.config.monitoring.mqtt),
    demoMonitoring: createDemoMonitoringService(deps, { directory }),
    hazardModels: createHazardModelService(deps),
    weather,
    warnings,
    externalWarnings: createExternalWarningService(deps, { warnings }),
    alarmBus,
    commandBus,
    response: createCommandResponseService(deps, {
      bus: commandBus,
      pushToUser: (userId, data) => live.pushToUser(userId, 'call', data),
      activationTaskHours: deps.config.command.activationTaskHours,
    }),
    analysis: createCommandAnalysisService(deps, {
      bus: commandBus,
      pushToUser: (userId, data) => live.pushToUser(userId, 'call', data),
    }),
    incidents: createIncidentService(deps, { bus: commandBus }),
    incidentReports: createIncidentReportService(deps, { bus: commandBus }),
    duty: createDutyService(deps, { bus: commandBus }),
    alarmRuntime,
    alarmRules: createAlarmRuleService(deps, alarmRuntime),
    alarms,
    live,
    dissemination: createDisseminationService(deps, {
      events: {
        broadcast: (event, data, regionCode) => live.publishWarning(event, data, regionCode),
        pushToUser: (userId, event, data) => live.pushToUser(userId, event, data),
      },
    }),
    attachments: createAttachmentService(deps),
    stock: createStockService(deps),
    regions: createRegionService(deps),
    audit: createAuditService(deps),
    bootstrap: createBootstrapService(deps),
    version: VERSION,
    clock: deps.clock,
    health: async () => {
      try {
        await deps.db.execute(sql`select 1`);
        return { database: database.kind, ok: true };
      } catch {
        return { database: database.kind, ok: false };
      }
    },
  };
}

export async function openPlatform(config: Config, options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? pino({ level: config.logLevel });
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      command: options.command,
    }));
  const deps: ServiceDeps = {
    db: database.db,
    clock: options.clock ?? (() => new Date()),
    config,
    log,
    sessions: new SessionCache(),
  };
  return { database, services: createServices(deps, database), log, close: () => database.close() };
}

export interface Prepared {
  regionPackLoaded: boolean;
  orgTemplateLoaded: boolean;
  demoSeeded: boolean;
  createdAdmins: CreatedCredential[];
}

/** Idempotent first-run preparation; a second start changes nothing. */
export async function prepareInstallation(platform: Platform, options: { demo: boolean }): Promise<Prepared> {
  const { services } = platform;
  const regionPackLoaded = await services.regions.loadRegionPack();
  const orgTemplateLoaded = await services.bootstrap.ensureOrgUnits();
  const createdAdmins = await services.bootstrap.ensureAdmins();
  const demoSeeded = options.demo ? await services.bootstrap.seedDemo() : false;
  if (options.demo) await services.bootstrap.seedDemoDirectory();
  // Made-up township populations, labelled 演示数据（非统计数据）, for the earthquake exposure estimate.
  if (options.demo) await services.regions.seedDemoPopulations();
  // Demo warning recipients (演示数据): a 大喇叭 per village, public subscribers, a responsible contact per village.
  if (options.demo) await services.dissemination.seedDemo();
  // A demo duty roster (演示排班) at the county bureau, so the 值班台 has a shift to sign in to.
  if (options.demo)
    await seedDemoRoster(platform.database.db, services.duty, services.config.regionCode, services.clock());
  // The demo monitoring fleet (演示监测设备) and the devices file its simulator logs in with.
  if (options.demo) {
    await services.demoMonitoring.seed();
    await services.demoMonitoring.ensureDevicesFile();
    // Each demo station watched by the rule its kind calls for (templates with the standards' defaults).
    await services.alarmRules.seedDemo(
      systemActor(platform.services.config.regionCode),
      demoRuleSpecs(await services.demoMonitoring.fleet()),
    );
  }
  return { regionPackLoaded, orgTemplateLoaded, demoSeeded, createdAdmins };
}

export { buildApp };
