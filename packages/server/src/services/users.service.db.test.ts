/**
 * Issue #2 part 4 and 5: accounts — 三员分立, jurisdiction of account placement, the password policy,
 * and exactly one audit row per change (none for a rejected one).
 */
import { AppError, type Actor } from '@ningan/domain';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { sessions, users } from '../db/schema/index.ts';
import { getUserById, getUserByUsername } from '../repositories/users.repository.ts';
import { forEachDriver } from '../test/db.ts';
import {
  COUNTY,
  DONGCHENG,
  XINNING,
  ZAOSHENG,
  countyScope,
  townshipScope,
  useTestContext,
  type TestUser,
} from '../test/context.ts';

forEachDriver('user service', (driver) => {
  const ctx = useTestContext(driver);
  let sysadmin: TestUser;
  let secadmin: TestUser;
  let admin: Actor;
  let security: Actor;

  beforeAll(async () => {
    sysadmin = await ctx.newUser({ roles: ['system_admin'] });
    secadmin = await ctx.newUser({ roles: ['security_admin'] });
    admin = ctx.actor(sysadmin);
    security = ctx.actor(secadmin);
  });

  const request = (over: Partial<Parameters<typeof ctx.services.users.createUser>[1]> = {}) => ({
    username: `svc${Math.floor(Math.random() * 1e9)}`,
    displayName: '值班员',
    password: 'Strong#Pass-2026',
    phone: null,
    roles: ['duty_officer' as const],
    scope: { level: 'county' as const, regionCode: COUNTY, orgUnitId: null },
    orgUnitId: null,
    ...over,
  });

  it('issue #2 part 5: creating a user appends exactly one audit row and stores only a scrypt hash', async () => {
    const before = await ctx.auditCount();
    const input = request({
      roles: ['township_officer'],
      scope: { level: 'township', regionCode: XINNING, orgUnitId: null },
    });
    const view = await ctx.services.users.createUser(admin, input);
    expect(view).toMatchObject({
      username: input.username,
      roles: ['township_officer'],
      locked: false,
      disabled: false,
    });
    const rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'user.create',
      entityType: 'user',
      entityId: view.id,
      regionCode: XINNING,
      actorId: sysadmin.id,
      actorName: sysadmin.username,
      outcome: 'success',
      details: { username: input.username, roles: ['township_officer'] },
    });
    const row = (await getUserById(ctx.db, view.id))!;
    expect(row.passwordHash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(JSON.stringify(rows[0])).not.toContain(input.password);
  });

  it('issue #2 part 5: a rejected creation lists every problem and writes nothing', async () => {
    const taken = await ctx.newUser();
    const before = await ctx.auditCount();
    const usersBefore = await ctx.db.$count(users);
    const input = request({
      username: taken.username.toUpperCase(), // usernames are case-insensitive
      password: 'weak',
      scope: { level: 'township', regionCode: '621026199', orgUnitId: null },
    });
    const error = await ctx.services.users.createUser(admin, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'validation_failed' });
    const paths = (error as AppError).details!.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'password', 'scope.regionCode']));
    expect(paths.filter((p) => p === 'password').length).toBeGreaterThanOrEqual(2); // length and classes
    expect(await ctx.auditCount()).toBe(before);
    expect(await ctx.db.$count(users)).toBe(usersBefore);
  });

  it('issue #2 part 5: updating a user appends one audit row with the changed fields only', async () => {
    const user = await ctx.newUser({ displayName: '旧名' });
    const before = await ctx.auditCount();
    const view = await ctx.services.users.updateUser(admin, user.id, { displayName: '新名', phone: null });
    expect(view.displayName).toBe('新名');
    const rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'user.update',
      entityId: user.id,
      details: { changes: { displayName: ['旧名', '新名'] } },
    });
  });

  it('a rejected update writes nothing', async () => {
    const user = await ctx.newUser({ displayName: '不变' });
    const before = await ctx.auditCount();
    await expect(
      ctx.services.users.updateUser(admin, user.id, {
        displayName: '改了',
        scope: { level: 'township', regionCode: '621026199', orgUnitId: null },
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect((await getUserById(ctx.db, user.id))!.displayName).toBe('不变');
    expect(await ctx.auditCount()).toBe(before);
  });

  it('issue #2 part 4 (三员分立): only the security administrator grants or revokes administrator roles', async () => {
    const user = await ctx.newUser({ roles: ['viewer'] });
    await expect(
      ctx.services.users.updateUser(admin, user.id, { roles: ['security_admin'] }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'roles' })],
    });
    const promoted = await ctx.services.users.updateUser(security, user.id, { roles: ['audit_admin'] });
    expect(promoted.roles).toEqual(['audit_admin']);
    // The system administrator cannot take it away again either.
    await expect(ctx.services.users.updateUser(admin, user.id, { roles: ['viewer'] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect((await ctx.services.users.updateUser(security, user.id, { roles: ['viewer'] })).roles).toEqual([
      'viewer',
    ]);
    // …and the security administrator does not edit anything else.
    await expect(
      ctx.services.users.updateUser(security, user.id, { displayName: 'x' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('a role change ends the account’s sessions', async () => {
    const app = await ctx.app();
    const user = await ctx.newUser({ roles: ['viewer'] });
    await ctx.login(app, user.username, user.password);
    expect(await ctx.db.$count(sessions, eq(sessions.userId, user.id))).toBe(1);
    await ctx.services.users.updateUser(admin, user.id, { roles: ['duty_officer'] });
    expect(await ctx.db.$count(sessions, eq(sessions.userId, user.id))).toBe(0);
  });

  it('nobody disables themselves or changes their own roles', async () => {
    await expect(ctx.services.users.updateUser(admin, sysadmin.id, { disabled: true })).rejects.toMatchObject(
      {
        code: 'validation_failed',
        details: [expect.objectContaining({ path: 'disabled' })],
      },
    );
    await expect(
      ctx.services.users.updateUser(security, secadmin.id, { roles: ['audit_admin'] }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('a department or enterprise scope must name a unit of that kind; the account lives where its unit is', async () => {
    const enterprise = await ctx.newOrgUnit({ kind: 'enterprise', regionCode: DONGCHENG });
    await expect(
      ctx.services.users.createUser(
        admin,
        request({ scope: { level: 'department', regionCode: COUNTY, orgUnitId: enterprise.id } }),
      ),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'scope.orgUnitId' })],
    });

    const manager = await ctx.services.users.createUser(
      admin,
      request({
        roles: ['enterprise_manager'],
        scope: { level: 'enterprise', regionCode: COUNTY, orgUnitId: enterprise.id },
      }),
    );
    expect((await getUserById(ctx.db, manager.id))!.regionCode).toBe(DONGCHENG);
    // So the township officer of 新宁镇 sees that account, the one of 早胜镇 does not.
    const xinning = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }),
    );
    const zaosheng = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) }),
    );
    expect((await ctx.services.users.getUser(xinning, manager.id)).username).toBe(manager.username);
    await expect(ctx.services.users.getUser(zaosheng, manager.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('issue #2 part 4: a township officer cannot read county accounts (not_found)', async () => {
    const officer = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }),
    );
    await expect(ctx.services.users.getUser(officer, sysadmin.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    const listed = await ctx.services.users.listUsers(officer, { page: 1, pageSize: 200 });
    expect(listed.items.map((u) => u.id)).not.toContain(sysadmin.id);
  });

  it('the security administrator unlocks and resets; both are audited', async () => {
    const user = await ctx.newUser({ scope: countyScope() });
    await ctx.db
      .update(users)
      .set({ failedAttempts: 0, lockedUntil: new Date(ctx.clock.now().getTime() + 600_000) })
      .where(eq(users.id, user.id));
    const before = await ctx.auditCount();
    await ctx.services.users.unlockUser(security, user.id);
    await ctx.services.users.resetPassword(security, user.id, 'Another#Strong-2026');
    const rows = (await ctx.auditRows()).slice(before);
    expect(rows.map((r) => r.action)).toEqual(['user.unlock', 'user.reset_password']);
    expect((await getUserByUsername(ctx.db, user.username))!.lockedUntil).toBeNull();
    await expect(ctx.services.users.unlockUser(admin, user.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
