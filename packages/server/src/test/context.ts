/**
 * Test context (STYLE.md §8): the real services on a fresh database with a fake clock, the real
 * 宁县 region pack and organisation template loaded, and factories that fill every field a test does
 * not care about, so a test states only what matters:
 *
 *   const ctx = useTestContext(driver);
 *   const officer = await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) });
 *   const session = await ctx.login(await ctx.app(), officer.username, officer.password);
 */
import type {
  Actor,
  AuditRow,
  ContactDuty,
  LoginResponse,
  OrgUnitKind,
  Role,
  ScopeLevel,
} from '@ningan/domain';
import { asc, count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import { SESSION_COOKIE } from '../http/policy.ts';
import { hashPassword } from '../lib/crypto.ts';
import { createServices } from '../main/platform.ts';
import { insertContact, type ContactRow } from '../repositories/contacts.repository.ts';
import { getOrgUnitById, insertOrgUnit, type OrgUnitRow } from '../repositories/org-units.repository.ts';
import { insertUser, type UserRow } from '../repositories/users.repository.ts';
import type { Services } from '../routes/services.ts';
import { actorOf } from '../services/auth.service.ts';
import type { Clock } from '../services/context.ts';
import { SessionCache } from '../services/session-cache.ts';
import type { DriverName, TestDatabase, TestDriver } from './db.ts';

/** 宁县 and two of its townships (official codes). */
export const COUNTY = '621026';
export const XINNING = '621026100'; // 新宁镇
export const ZAOSHENG = '621026102'; // 早胜镇
/** 东城居委会, a community of 新宁镇. */
export const DONGCHENG = '621026100001';

/** Monday 2 March 2026, 09:00 in Beijing. */
export const T0 = new Date('2026-03-02T01:00:00.000Z');

export const DEFAULT_PASSWORD = 'Correct#Horse-2026';

export interface FakeClock {
  /** The clock handed to the services. */
  now: Clock;
  advance(ms: number): Date;
  advanceMinutes(minutes: number): Date;
}

export function fakeClock(start: Date = T0): FakeClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => new Date((t += ms)),
    advanceMinutes: (minutes) => new Date((t += minutes * 60_000)),
  };
}

export interface ScopeInput {
  level: ScopeLevel;
  regionCode?: string;
  orgUnitId?: string | null;
}

export const countyScope = (): ScopeInput => ({ level: 'county', regionCode: COUNTY });
export const townshipScope = (code: string): ScopeInput => ({ level: 'township', regionCode: code });
export const villageScope = (code: string): ScopeInput => ({ level: 'village', regionCode: code });
export const enterpriseScope = (unit: { id: string; regionCode: string }): ScopeInput => ({
  level: 'enterprise',
  regionCode: unit.regionCode,
  orgUnitId: unit.id,
});

export interface NewUserOptions {
  roles?: Role[];
  scope?: ScopeInput;
  username?: string;
  password?: string;
  displayName?: string;
  orgUnitId?: string | null;
  disabled?: boolean;
}

/** The inserted row plus the clear-text password it was created with. */
export type TestUser = UserRow & { password: string };

export interface Session {
  token: string;
  csrf: string;
  /** `ningan_session=<token>`, as a browser would send it. */
  cookie: string;
  /** Headers of a browser request: session cookie and CSRF token. */
  web: { cookie: string; 'x-csrf-token': string };
  /** Headers of an integration: bearer token, no cookie. */
  bearer: { authorization: string };
  body: LoginResponse;
}

export interface TestContext {
  driver: DriverName;
  database: TestDatabase;
  db: Db;
  config: Config;
  clock: FakeClock;
  log: Logger;
  services: Services;
  newUser(options?: NewUserOptions): Promise<TestUser>;
  newOrgUnit(options?: {
    kind?: OrgUnitKind;
    regionCode?: string;
    name?: string;
    parentId?: string | null;
  }): Promise<OrgUnitRow>;
  newContact(options?: {
    regionCode?: string;
    orgUnitId?: string | null;
    name?: string;
    duty?: ContactDuty;
    phone?: string;
  }): Promise<ContactRow>;
  actor(user: UserRow): Actor;
  /** The full HTTP application (built once per context) for `inject()`. */
  app(): Promise<FastifyInstance>;
  login(app: FastifyInstance, username: string, password: string): Promise<Session>;
  /** A new user with these roles/scope, logged in. */
  loginAs(options: NewUserOptions): Promise<Session & { user: TestUser }>;
  auditCount(): Promise<number>;
  auditRows(): Promise<AuditRow[]>;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** Load the 宁县 region pack and the organisation template (default true). */
  regionPack?: boolean;
  /** Extra environment for `loadConfig`. */
  env?: Record<string, string>;
}

export const TEST_ENV: Record<string, string> = {
  PASSWORD_HASH_COST: '10',
  RATE_LIMIT_PER_MINUTE: '100000',
  LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: 'silent',
  // Never serve a web build that happens to exist in the working tree: API tests stay hermetic.
  WEB_DIST: '/nonexistent/ningan-web-dist',
};

/** The county whose region pack the `regions` test template holds (TEST_ENV's REGION_CODE, the default). */
export const TEMPLATE_REGION_CODE = loadConfig(TEST_ENV).regionCode;

/**
 * What `regionPack: true` does on a fresh database: the region pack and the organisation template, loaded
 * by services whose clock stands at T0. The global setup does it once into the `regions` template.
 */
export async function loadRegions(services: Pick<Services, 'regions' | 'bootstrap'>): Promise<void> {
  await services.regions.loadRegionPack();
  await services.bootstrap.ensureOrgUnits();
}

/** Services over `database` with TEST_ENV's configuration and the clock standing at T0. */
export function servicesAtT0(database: Database): Services {
  return createServices(
    {
      db: database.db,
      clock: fakeClock().now,
      config: loadConfig(TEST_ENV),
      log: pino({ level: 'silent' }),
      sessions: new SessionCache(),
    },
    database,
  );
}

export async function createTestContext(
  driver: TestDriver,
  options: ContextOptions = {},
): Promise<TestContext> {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const regionPack = options.regionPack ?? true;
  // The region pack and organisation as loadRegions leaves them at T0: cloned from the global setup's
  // template (a few seconds a database less) when it holds this county, else loaded here.
  const cloned = regionPack && config.regionCode === TEMPLATE_REGION_CODE;
  const database = await driver.open(cloned ? 'regions' : 'migrated');
  const clock = fakeClock();
  const log = pino({ level: 'silent' });
  const services = createServices(
    { db: database.db, clock: clock.now, config, log, sessions: new SessionCache() },
    database,
  );
  try {
    if (regionPack && !cloned) await loadRegions(services);
  } catch (err) {
    await database.close();
    throw err;
  }

  let n = 0;
  const next = () => (n += 1);
  let app: Promise<FastifyInstance> | null = null;

  const ctx: TestContext = {
    driver: driver.name,
    database,
    db: database.db,
    config,
    clock,
    log,
    services,

    async newUser(o = {}) {
      const i = next();
      const scope = o.scope ?? countyScope();
      const unit = scope.orgUnitId ? await getOrgUnitById(database.db, scope.orgUnitId) : null;
      const scopeRegion = scope.regionCode ?? unit?.regionCode ?? COUNTY;
      const password = o.password ?? DEFAULT_PASSWORD;
      const now = clock.now();
      const row = await insertUser(database.db, {
        username: o.username ?? `tuser${i}`,
        displayName: o.displayName ?? `测试用户${i}`,
        passwordHash: await hashPassword(password, config.password.hashCost),
        roles: o.roles ?? ['duty_officer'],
        scopeLevel: scope.level,
        scopeRegionCode: scopeRegion,
        scopeOrgUnitId: scope.orgUnitId ?? null,
        orgUnitId: o.orgUnitId ?? scope.orgUnitId ?? null,
        // As the user service does: a department/enterprise account lives where its unit is.
        regionCode:
          (scope.level === 'enterprise' || scope.level === 'department') && unit
            ? unit.regionCode
            : scopeRegion,
        disabled: o.disabled ?? false,
        createdAt: now,
        updatedAt: now,
        passwordChangedAt: now,
      });
      return { ...row, password };
    },

    async newOrgUnit(o = {}) {
      const i = next();
      const now = clock.now();
      return insertOrgUnit(database.db, {
        name: o.name ?? `测试单位${i}`,
        kind: o.kind ?? 'enterprise',
        regionCode: o.regionCode ?? COUNTY,
        parentId: o.parentId ?? null,
        createdAt: now,
        updatedAt: now,
      });
    },

    async newContact(o = {}) {
      const i = next();
      const now = clock.now();
      return insertContact(database.db, {
        name: o.name ?? `联系人${i}`,
        duty: o.duty ?? 'disaster_info_officer',
        phone: o.phone ?? `1380000${String(i).padStart(4, '0')}`,
        regionCode: o.regionCode ?? COUNTY,
        orgUnitId: o.orgUnitId ?? null,
        createdAt: now,
        updatedAt: now,
      });
    },

    actor: (user) => actorOf(user, 'api', null),

    app: () => (app ??= buildApp(services, log)),

    async login(server, username, password) {
      const res = await server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200)
        throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body}`);
      const body = res.json<LoginResponse>();
      const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
      if (!cookie) throw new Error('login set no session cookie');
      return {
        token: body.token,
        csrf: body.csrfToken,
        cookie: `${SESSION_COOKIE}=${cookie.value}`,
        web: { cookie: `${SESSION_COOKIE}=${cookie.value}`, 'x-csrf-token': body.csrfToken },
        bearer: { authorization: `Bearer ${body.token}` },
        body,
      };
    },

    async loginAs(o) {
      const user = await ctx.newUser(o);
      return { user, ...(await ctx.login(await ctx.app(), user.username, user.password)) };
    },

    async auditCount() {
      const [row] = await database.db.select({ n: count() }).from(auditLog);
      return row?.n ?? 0;
    },

    async auditRows() {
      const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.seq));
      return rows.map((r) => ({ ...r, at: r.at.toISOString(), details: r.details ?? null }));
    },

    async close() {
      if (app) await (await app).close();
      await database.close();
    },
  };
  return ctx;
}

/**
 * One context for the enclosing `describe`: opened in `beforeAll`, closed in `afterAll`. The
 * returned object forwards to it, so tests write `ctx.newUser(…)`.
 */
export function useTestContext(driver: TestDriver, options: ContextOptions = {}): TestContext {
  let current: TestContext | null = null;
  beforeAll(async () => {
    current = await createTestContext(driver, options);
  });
  afterAll(async () => {
    await current?.close();
    current = null;
  });
  return new Proxy({} as TestContext, {
    get(_target, key) {
      if (!current) throw new Error(`test context used outside its describe's tests (${String(key)})`);
      return Reflect.get(current, key) as unknown;
    },
  });
}
