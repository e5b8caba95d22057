import type { AlarmBus } from '../alarms/bus.ts';
import type { Config } from '../config.ts';
import type { AttachmentService } from '../services/attachments.service.ts';
import type { AuditService } from '../services/audit.service.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { BootstrapService } from '../services/bootstrap.service.ts';
import type { ContactService } from '../services/contacts.service.ts';
import type { DirectoryService } from '../services/directory.service.ts';
import type { EnterpriseService } from '../services/enterprises.service.ts';
import type { LedgerService } from '../services/ledger.service.ts';
import type { MonitoringService } from '../services/monitoring.service.ts';
import type { IngestService } from '../ingest/ingest.ts';
import type { OrgUnitService } from '../services/org-units.service.ts';
import type { RegionService } from '../services/regions.service.ts';
import type { StockService } from '../services/stock.service.ts';
import type { UserService } from '../services/users.service.ts';

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
  /** Device ingestion: MQTT entry points, HTTP ingest, group commit, `onReadings` subscribers. */
  ingest: IngestService;
  /** Alarm changes after commit (rule runtime, people's actions) → live stream. */
  alarmBus: AlarmBus;
  attachments: AttachmentService;
  stock: StockService;
  regions: RegionService;
  audit: AuditService;
  bootstrap: BootstrapService;
  health: () => Promise<{ database: 'pglite' | 'postgres'; ok: boolean }>;
  version: string;
}
