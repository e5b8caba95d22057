import type { Config } from '../config.ts';
import type { AuditService } from '../services/audit.service.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { BootstrapService } from '../services/bootstrap.service.ts';
import type { ContactService } from '../services/contacts.service.ts';
import type { EnterpriseService } from '../services/enterprises.service.ts';
import type { LedgerService } from '../services/ledger.service.ts';
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
  enterprises: EnterpriseService;
  ledger: LedgerService;
  stock: StockService;
  regions: RegionService;
  audit: AuditService;
  bootstrap: BootstrapService;
  health: () => Promise<{ database: 'pglite' | 'postgres'; ok: boolean }>;
  version: string;
}
