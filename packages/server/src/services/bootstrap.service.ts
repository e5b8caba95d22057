/**
 * First start: the county's organisation template, the three administrator accounts (三员), and in
 * demo mode one labelled demo account per role with demo contacts. Each step runs once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Actor, ContactDuty, CreateUserRequest, Role } from '@ningan/domain';
import { z } from 'zod';
import { generatePassword, hashPassword } from '../lib/crypto.ts';
import { REGION_PACKS_DIR } from '../lib/paths.ts';
import { getMeta, setMeta } from '../repositories/meta.repository.ts';
import { findOrgUnits, insertOrgUnit, setOrgUnitMembers } from '../repositories/org-units.repository.ts';
import { listChildRegions } from '../repositories/regions.repository.ts';
import { listLedgerRecords } from '../repositories/ledger.repository.ts';
import { getUserByUsername, insertUser } from '../repositories/users.repository.ts';
import { audit, beijingDate, type ServiceDeps } from './context.ts';
import { createContactService } from './contacts.service.ts';
import { seedDemoLedger } from './demo-ledger.service.ts';
import { createStockService } from './stock.service.ts';
import { generateDemoStock } from '../db/seed/stock-demo.ts';
import { generateDemoDirectory } from '../db/seed/directory-demo.ts';
import { findBodies, findMembers } from '../repositories/directory.repository.ts';
import { createDirectoryService } from './directory.service.ts';
import { createOrgUnitService } from './org-units.service.ts';
import { createUserService } from './users.service.ts';

const OrgTemplate = z.object({
  units: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      kind: z.enum(['bureau', 'bureau_office', 'committee', 'headquarters', 'department', 'enterprise']),
      parent: z.string().optional(),
      members: z.array(z.string()).optional(),
    }),
  ),
});

/** Demo password for every demo account (documented in the README; demo only). */
export const DEMO_PASSWORD = 'Ningan@2026';

export interface CreatedCredential {
  username: string;
  role: Role;
  password: string;
  generated: boolean;
}

// The installer, recorded as "system": it holds the rights its seeding needs (accounts and registries).
const SYSTEM_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  roles: ['system_admin', 'duty_officer'],
  scope: { level: 'county', regionCode: '000000', orgUnitId: null },
  via: 'system',
};

export function createBootstrapService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const county = config.regionCode;

  async function unitIdByName(name: string): Promise<string | null> {
    const { items } = await findOrgUnits(
      db,
      { level: 'county', regionCode: county, orgUnitId: null },
      { page: 1, pageSize: 5, q: name },
    );
    return items.find((u) => u.name === name)?.id ?? null;
  }

  return {
    /** Creates the organisation template and one emergency office per township, once. */
    async ensureOrgUnits(): Promise<boolean> {
      if (await getMeta(db, 'org_template')) return false;
      const file = path.join(REGION_PACKS_DIR, county, 'org-units.json');
      const template = fs.existsSync(file)
        ? OrgTemplate.parse(JSON.parse(fs.readFileSync(file, 'utf8')))
        : { units: [] };
      const now = clock();
      await db.transaction(async (tx) => {
        const ids = new Map<string, string>();
        for (const u of template.units) {
          const row = await insertOrgUnit(tx, {
            name: u.name,
            kind: u.kind,
            regionCode: county,
            parentId: u.parent ? (ids.get(u.parent) ?? null) : null,
            createdAt: now,
            updatedAt: now,
          });
          ids.set(u.key, row.id);
        }
        for (const u of template.units)
          if (u.members)
            await setOrgUnitMembers(
              tx,
              ids.get(u.key)!,
              u.members.map((m) => ids.get(m)!),
            );
        for (const t of await listChildRegions(tx, county))
          await insertOrgUnit(tx, {
            name: `${t.name}应急管理办公室`,
            kind: 'township_office',
            regionCode: t.code,
            createdAt: now,
            updatedAt: now,
          });
        await setMeta(tx, 'org_template', { loadedAt: now.toISOString(), units: template.units.length });
        await audit(
          tx,
          null,
          {
            action: 'org_unit.load_template',
            entityType: 'org_unit',
            entityId: null,
            regionCode: county,
            details: { units: template.units.length },
          },
          now,
        );
      });
      return true;
    },

    /**
     * Creates `admin` (系统管理员), `secadmin` (安全管理员) and `auditor` (审计管理员) if missing,
     * with the configured passwords or generated ones, returned so the caller can print them once.
     */
    async ensureAdmins(): Promise<CreatedCredential[]> {
      const { items: bureaus } = await findOrgUnits(
        db,
        { level: 'county', regionCode: county, orgUnitId: null },
        { page: 1, pageSize: 1, kind: 'bureau' },
      );
      const bureauId = bureaus[0]?.id ?? null;
      const wanted: { username: string; role: Role; displayName: string; password?: string }[] = [
        {
          username: 'admin',
          role: 'system_admin',
          displayName: '系统管理员',
          password: config.bootstrapPasswords.admin,
        },
        {
          username: 'secadmin',
          role: 'security_admin',
          displayName: '安全管理员',
          password: config.bootstrapPasswords.secadmin,
        },
        {
          username: 'auditor',
          role: 'audit_admin',
          displayName: '审计管理员',
          password: config.bootstrapPasswords.auditor,
        },
      ];
      const created: CreatedCredential[] = [];
      for (const w of wanted) {
        if (await getUserByUsername(db, w.username)) continue;
        const password = w.password ?? generatePassword();
        const hash = await hashPassword(password, config.password.hashCost);
        const now = clock();
        await db.transaction(async (tx) => {
          const user = await insertUser(tx, {
            username: w.username,
            displayName: w.displayName,
            passwordHash: hash,
            roles: [w.role],
            scopeLevel: 'county',
            scopeRegionCode: county,
            regionCode: county,
            orgUnitId: bureauId,
            createdAt: now,
            updatedAt: now,
            passwordChangedAt: now,
          });
          await audit(
            tx,
            null,
            {
              action: 'user.bootstrap',
              entityType: 'user',
              entityId: user.id,
              regionCode: county,
              details: { username: w.username, roles: [w.role] },
            },
            now,
          );
        });
        created.push({ username: w.username, role: w.role, password, generated: w.password === undefined });
      }
      return created;
    },

    /** Demo accounts (one per role), a demo enterprise, village posts and contacts, all flagged 演示数据. Once. */
    async seedDemo(): Promise<boolean> {
      if (await getMeta(db, 'demo_seeded')) return false;
      const users = createUserService(deps);
      const orgs = createOrgUnitService(deps);
      const contactsSvc = createContactService(deps);
      const actor = {
        ...SYSTEM_ACTOR,
        scope: { level: 'county' as const, regionCode: county, orgUnitId: null },
      };
      const townships = await listChildRegions(db, county);
      const first = townships[0]!;
      const second = townships[2] ?? townships[1] ?? first;
      const villageOfFirst = (await listChildRegions(db, first.code))[0]!;

      // The plan-scale demo ledger; its first enterprise (in a village) gets the demo enterprise user.
      const demoLedger = await seedDemoLedger(deps, actor, unitIdByName);
      const stock = createStockService(deps);
      await stock.seedDemoStock(actor, generateDemoStock(await stock.demoWarehouses(), beijingDate(clock())));
      const enterprise = {
        id: demoLedger.enterprises[0]!.orgUnitId,
        regionCode: demoLedger.enterprises[0]!.regionCode,
      };
      for (const t of townships) {
        const villages = await listChildRegions(db, t.code);
        for (const v of villages.slice(0, 2))
          await orgs.createOrgUnit(
            actor,
            {
              name: `${v.name}灾害信息员站`,
              kind: 'village_post',
              parentId: null,
              regionCode: v.code,
              memberIds: [],
            },
            { isDemo: true },
          );
      }
      const water = await unitIdByName('宁县水务局');
      // The leader of the demo 宁县消防救援大队 rescue team: acts for the team on its tasks (matched by phone).
      const fireTeam = (await listLedgerRecords(db, 'rescue-teams')).find(
        (r) => r.name === '宁县消防救援大队',
      );
      const fireTeamPhone = (fireTeam?.attrs as { leaderPhone?: unknown } | undefined)?.leaderPhone;
      const demoUsers: (Omit<CreateUserRequest, 'password' | 'phone' | 'orgUnitId'> & {
        orgUnitId?: string | null;
        phone?: string | null;
      })[] = [
        {
          username: 'commander',
          displayName: '（演示）指挥长',
          roles: ['commander'],
          scope: { level: 'county', regionCode: county, orgUnitId: null },
        },
        {
          username: 'duty',
          displayName: '（演示）值班员',
          roles: ['duty_officer'],
          scope: { level: 'county', regionCode: county, orgUnitId: null },
        },
        {
          username: 'water',
          displayName: '（演示）水务局用户',
          roles: ['department_user'],
          scope: { level: 'department', regionCode: county, orgUnitId: water },
        },
        {
          username: 'township1',
          displayName: `（演示）${first.name}应急办`,
          roles: ['township_officer'],
          scope: { level: 'township', regionCode: first.code, orgUnitId: null },
        },
        {
          username: 'township2',
          displayName: `（演示）${second.name}应急办`,
          roles: ['township_officer'],
          scope: { level: 'township', regionCode: second.code, orgUnitId: null },
        },
        {
          username: 'village1',
          displayName: `（演示）${villageOfFirst.name}信息员`,
          roles: ['village_officer'],
          scope: { level: 'village', regionCode: villageOfFirst.code, orgUnitId: null },
        },
        {
          username: 'enterprise1',
          displayName: '（演示）企业安全管理员',
          roles: ['enterprise_manager'],
          scope: { level: 'enterprise', regionCode: enterprise.regionCode, orgUnitId: enterprise.id },
        },
        {
          username: 'team1',
          displayName: '（演示）消防救援大队队长',
          roles: ['department_user'],
          scope: {
            level: 'department',
            regionCode: county,
            orgUnitId: await unitIdByName('宁县消防救援大队'),
          },
          orgUnitId: await unitIdByName('宁县消防救援大队'),
          phone: typeof fireTeamPhone === 'string' ? fireTeamPhone : null,
        },
        {
          username: 'viewer',
          displayName: '（演示）只读用户',
          roles: ['viewer'],
          scope: { level: 'county', regionCode: county, orgUnitId: null },
        },
      ];
      for (const u of demoUsers) {
        if (await getUserByUsername(db, u.username)) continue;
        await users.createUser(
          actor,
          { ...u, password: DEMO_PASSWORD, phone: u.phone ?? null, orgUnitId: u.orgUnitId ?? null },
          { isDemo: true },
        );
      }
      // Two responsible persons per township and an information officer per demo village post.
      let n = 0;
      const phone = () => `1390000${String((n += 1)).padStart(4, '0')}`;
      const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
      for (const [i, t] of townships.entries()) {
        const s = surnames[i % surnames.length]!;
        for (const duty of ['township_leader', 'township_emergency'] as ContactDuty[])
          await contactsSvc.createContact(
            actor,
            {
              name: `${s}某某（演示）`,
              duty,
              phone: phone(),
              regionCode: t.code,
              orgUnitId: null,
              bodyId: null,
              title: null,
              officePhone: null,
              note: '演示数据',
            },
            { isDemo: true },
          );
        for (const v of (await listChildRegions(db, t.code)).slice(0, 2))
          await contactsSvc.createContact(
            actor,
            {
              name: `${surnames[(i + 7) % surnames.length]}某（演示）`,
              duty: 'disaster_info_officer',
              phone: phone(),
              regionCode: v.code,
              orgUnitId: null,
              bodyId: null,
              title: null,
              officePhone: null,
              note: '演示数据',
            },
            { isDemo: true },
          );
      }
      await db.transaction(async (tx) => {
        await setMeta(tx, 'demo_seeded', { at: clock().toISOString() });
      });
      return true;
    },

    /**
     * The demo 应急通讯录 (演示数据): roles and 责任清单 of the 三委四部 member units, the bodies' leadership
     * and office, each member unit's 分管领导 and 联络员 — written through the services like any edit.
     * Once, on its own marker, so an installation seeded before the directory existed gets it too.
     */
    async seedDemoDirectory(): Promise<boolean> {
      if (await getMeta(db, 'demo_directory_seeded')) return false;
      const directory = createDirectoryService(deps);
      const contactsSvc = createContactService(deps);
      const actor = {
        ...SYSTEM_ACTOR,
        scope: { level: 'county' as const, regionCode: county, orgUnitId: null },
      };
      const bodies = await findBodies(db, actor.scope);
      const members = await findMembers(
        db,
        bodies.map((b) => b.id),
      );
      const demo = generateDemoDirectory(
        bodies.map((b) => ({
          name: b.name,
          memberNames: members.filter((m) => m.groupId === b.id).map((m) => m.unitName),
        })),
      );
      const bodyId = new Map(bodies.map((b) => [b.name, b.id]));
      const unitId = new Map(members.map((m) => [m.unitName, m.memberId]));
      for (const m of demo.memberships)
        await directory.updateMember(
          actor,
          bodyId.get(m.bodyName)!,
          unitId.get(m.unitName)!,
          { role: m.role, duties: m.duties },
          { isDemo: true },
        );
      for (const p of demo.people)
        await contactsSvc.createContact(
          actor,
          {
            name: p.name,
            duty: p.duty,
            phone: p.phone,
            officePhone: p.officePhone,
            title: p.title,
            regionCode: county,
            orgUnitId: bodyId.get(p.unitName) ?? unitId.get(p.unitName)!,
            bodyId: p.bodyName ? bodyId.get(p.bodyName)! : null,
            note: '演示数据',
          },
          { isDemo: true },
        );
      await db.transaction(async (tx) => {
        await setMeta(tx, 'demo_directory_seeded', {
          at: clock().toISOString(),
          memberships: demo.memberships.length,
          people: demo.people.length,
        });
      });
      return true;
    },

    async demoAccounts(): Promise<{ username: string; role: Role; password: string }[]> {
      if (!(await getMeta(db, 'demo_seeded'))) return [];
      const names = [
        'commander',
        'duty',
        'water',
        'township1',
        'township2',
        'village1',
        'enterprise1',
        'team1',
        'viewer',
      ];
      const result: { username: string; role: Role; password: string }[] = [];
      for (const name of names) {
        const u = await getUserByUsername(db, name);
        if (u?.isDemo)
          result.push({ username: u.username, role: u.roles[0] as Role, password: DEMO_PASSWORD });
      }
      return result;
    },
  };
}

export type BootstrapService = ReturnType<typeof createBootstrapService>;
