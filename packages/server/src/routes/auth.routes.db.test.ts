/**
 * Issue #2 part 4 and 5: login with lockout, idle timeout, httpOnly cookie + CSRF for the browser,
 * bearer tokens for integrations, logout, password policy — each outcome audited.
 */
import { expect, it } from 'vitest';
import { forEachDriver } from '../test/db.ts';
import { COUNTY, XINNING, useTestContext, type Session, type TestUser } from '../test/context.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

forEachDriver('authentication API', (driver) => {
  const ctx = useTestContext(driver);

  const login = async (username: string, password: string) =>
    (await ctx.app()).inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const whoami = async (headers: Record<string, string>) =>
    (await ctx.app()).inject({ method: 'GET', url: '/api/v1/auth/session', headers });
  const newContact = async (headers: Record<string, string>) =>
    (await ctx.app()).inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers,
      payload: { name: '王某', duty: 'grid_officer', phone: '13900001111', regionCode: XINNING },
    });

  it('issue #2 part 6: login answers 200 with a bearer token and an httpOnly, SameSite=Strict session cookie', async () => {
    const user = await ctx.newUser({ roles: ['duty_officer'] });
    const res = await login(user.username, user.password);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      token: string;
      csrfToken: string;
      user: { username: string };
      permissions: string[];
    }>();
    expect(body.token).toMatch(/^[\w-]{40,}$/);
    expect(body.user.username).toBe(user.username);
    expect(body.permissions).toContain('contact:write');
    const session = res.cookies.find((c) => c.name === 'ningan_session')!;
    expect(session).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Strict', path: '/' });
    // The CSRF token is readable by the page (double submit), the session is not.
    const csrf = res.cookies.find((c) => c.name === 'ningan_csrf')!;
    expect(csrf.value).toBe(body.csrfToken);
    expect(csrf.httpOnly).toBeFalsy();
    // Neither the body nor the cookie reveal the password hash.
    expect(res.body).not.toContain(user.passwordHash);
  });

  it('issue #2 part 6: a wrong password answers 401 invalid_credentials; so does an unknown user', async () => {
    const user = await ctx.newUser();
    const wrong = await login(user.username, 'Wrong#Password-1');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<Envelope>().error.code).toBe('invalid_credentials');
    expect(wrong.cookies).toEqual([]);
    const unknown = await login('nobody-here', 'Wrong#Password-1');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<Envelope>().error.code).toBe('invalid_credentials');
    // usernames are case-insensitive
    expect((await login(user.username.toUpperCase(), user.password)).statusCode).toBe(200);
  });

  async function lockOut(user: TestUser): Promise<string[]> {
    const codes: string[] = [];
    for (let i = 0; i < ctx.config.login.maxFailures; i += 1)
      codes.push((await login(user.username, `Wrong#Password-${i}`)).json<Envelope>().error.code);
    return codes;
  }

  it('issue #2 part 4: five failures lock the account; the right password is refused until the lock expires', async () => {
    const user = await ctx.newUser();
    expect(await lockOut(user)).toEqual([
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'account_locked',
    ]);
    const refused = await login(user.username, user.password);
    expect(refused.statusCode).toBe(401);
    expect(refused.json<Envelope>().error.code).toBe('account_locked');

    ctx.clock.advanceMinutes(ctx.config.login.lockMinutes - 1);
    expect((await login(user.username, user.password)).json<Envelope>().error.code).toBe('account_locked');
    ctx.clock.advanceMinutes(2);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
  });

  it('a successful login resets the failure count', async () => {
    const user = await ctx.newUser();
    for (let i = 0; i < ctx.config.login.maxFailures - 1; i += 1)
      await login(user.username, 'Wrong#Password-1');
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    expect((await login(user.username, 'Wrong#Password-1')).json<Envelope>().error.code).toBe(
      'invalid_credentials',
    );
  });

  it('issue #2 part 4: the security administrator unlocks a locked account (the system administrator cannot)', async () => {
    const app = await ctx.app();
    const user = await ctx.newUser();
    await lockOut(user);
    const sysadmin = await ctx.loginAs({ roles: ['system_admin'] });
    const denied = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/unlock`,
      headers: sysadmin.web,
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json<Envelope>().error.code).toBe('forbidden');
    const viewed = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${user.id}`,
      headers: sysadmin.bearer,
    });
    expect(viewed.json()).toMatchObject({ locked: true });

    const secadmin = await ctx.loginAs({ roles: ['security_admin'] });
    const unlocked = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/unlock`,
      headers: secadmin.web,
    });
    expect(unlocked.statusCode).toBe(204);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
  });

  it('issue #2 part 4: after SESSION_IDLE_MINUTES without a request the session answers 401 session_expired', async () => {
    const user = await ctx.newUser();
    const session = await ctx.login(await ctx.app(), user.username, user.password);
    expect((await whoami(session.web)).statusCode).toBe(200);
    ctx.clock.advanceMinutes(ctx.config.session.idleMinutes + 1);
    const expired = await whoami(session.web);
    expect(expired.statusCode).toBe(401);
    expect(expired.json<Envelope>().error.code).toBe('session_expired');
    // The session is gone for good, and so is its token.
    expect((await whoami(session.bearer)).json<Envelope>().error.code).toBe('unauthenticated');
  });

  it('activity keeps a session alive; the absolute limit (SESSION_MAX_HOURS) still ends it', async () => {
    const user = await ctx.newUser();
    const session = await ctx.login(await ctx.app(), user.username, user.password);
    const step = ctx.config.session.idleMinutes - 5;
    let elapsed = 0;
    while (elapsed + step < ctx.config.session.maxHours * 60) {
      ctx.clock.advanceMinutes(step);
      elapsed += step;
      expect((await whoami(session.bearer)).statusCode).toBe(200);
    }
    ctx.clock.advanceMinutes(step);
    const res = await whoami(session.bearer);
    expect(res.statusCode).toBe(401);
    expect(res.json<Envelope>().error.code).toBe('session_expired');
  });

  it('issue #2 part 4: a bearer token works without CSRF', async () => {
    const { bearer } = await ctx.loginAs({ roles: ['duty_officer'] });
    const res = await newContact(bearer);
    expect(res.statusCode).toBe(201);
  });

  it('issue #2 part 4: a cookie session write without X-CSRF-Token answers 403 csrf_failed', async () => {
    const session = await ctx.loginAs({ roles: ['duty_officer'] });
    const before = await ctx.auditCount();
    const missing = await newContact({ cookie: session.cookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json<Envelope>().error.code).toBe('csrf_failed');
    const wrong = await newContact({ cookie: session.cookie, 'x-csrf-token': 'not-the-token' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<Envelope>().error.code).toBe('csrf_failed');
    expect(await ctx.auditCount()).toBe(before);
    // Another session's CSRF token does not fit this session.
    const other = await ctx.loginAs({ roles: ['duty_officer'] });
    expect((await newContact({ cookie: session.cookie, 'x-csrf-token': other.csrf })).statusCode).toBe(403);
    // Reads need no CSRF token; a write with it succeeds.
    expect((await whoami({ cookie: session.cookie })).statusCode).toBe(200);
    expect((await newContact(session.web)).statusCode).toBe(201);
  });

  it('issue #2 part 4: logout ends the session (cookie and token alike) and clears the cookies', async () => {
    const app = await ctx.app();
    const session = await ctx.loginAs({ roles: ['viewer'] });
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.web });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'ningan_session');
    expect(cleared?.value).toBe('');
    expect((await whoami(session.web)).json<Envelope>().error.code).toBe('unauthenticated');
    expect((await whoami(session.bearer)).statusCode).toBe(401);
  });

  it('a disabled account cannot log in, and disabling it ends its sessions', async () => {
    const app = await ctx.app();
    const user = await ctx.newUser({ roles: ['viewer'] });
    const session = await ctx.login(app, user.username, user.password);
    const admin = await ctx.loginAs({ roles: ['system_admin'] });
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin.web,
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect((await whoami(session.bearer)).statusCode).toBe(401);
    const refused = await login(user.username, user.password);
    expect(refused.statusCode).toBe(401);
    expect(refused.json<Envelope>().error.code).toBe('account_disabled');
  });

  it('issue #2 part 4: a new password that breaks the policy answers 400 password_policy listing every problem', async () => {
    const app = await ctx.app();
    const session = await ctx.loginAs({ roles: ['viewer'], username: 'zhangsan' });
    const change = (newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: session.web,
        payload: { currentPassword: session.user.password, newPassword },
      });
    const weak = await change('zhangsan1'); // too short, too few classes, contains the username
    expect(weak.statusCode).toBe(400);
    const body = weak.json<Envelope>();
    expect(body.error.code).toBe('password_policy');
    expect(body.error.details).toHaveLength(3);
    expect(body.error.details!.every((d) => d.path === 'newPassword')).toBe(true);
    expect((await change(session.user.password)).json<Envelope>().error.details).toHaveLength(1); // same as before

    const wrongCurrent = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: session.web,
      payload: { currentPassword: 'Not#The-Password1', newPassword: 'Another#Strong-2026' },
    });
    expect(wrongCurrent.statusCode).toBe(401);
    expect(wrongCurrent.json<Envelope>().error.code).toBe('invalid_credentials');
  });

  it('changing one’s password ends the other sessions and keeps this one', async () => {
    const app = await ctx.app();
    const user = await ctx.newUser({ roles: ['viewer'] });
    const here = await ctx.login(app, user.username, user.password);
    const elsewhere = await ctx.login(app, user.username, user.password);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: here.web,
      payload: { currentPassword: user.password, newPassword: 'Brand#New-Pass-2026' },
    });
    expect(res.statusCode).toBe(204);
    expect((await whoami(here.web)).statusCode).toBe(200);
    expect((await whoami(elsewhere.web)).statusCode).toBe(401);
    expect((await login(user.username, user.password)).statusCode).toBe(401);
    expect((await login(user.username, 'Brand#New-Pass-2026')).statusCode).toBe(200);
  });

  it('a reset by the security administrator follows the same policy', async () => {
    const app = await ctx.app();
    const user = await ctx.newUser();
    const secadmin = await ctx.loginAs({ roles: ['security_admin'] });
    const weak = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/reset-password`,
      headers: secadmin.web,
      payload: { newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<Envelope>().error.code).toBe('password_policy');
    expect(weak.json<Envelope>().error.details!.length).toBeGreaterThanOrEqual(2);
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/reset-password`,
      headers: secadmin.web,
      payload: { newPassword: 'Reset#By-Secadmin-1' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await login(user.username, 'Reset#By-Secadmin-1')).statusCode).toBe(200);
  });

  it('issue #2 part 5: login success, login failure and logout each append exactly one audit row', async () => {
    const app = await ctx.app();
    const user = await ctx.newUser({ scope: { level: 'township', regionCode: XINNING } });

    let before = await ctx.auditCount();
    await login(user.username, 'Wrong#Password-1');
    let rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'auth.login',
      outcome: 'failure',
      actorName: user.username,
      entityId: user.id,
      regionCode: XINNING,
      details: { reason: 'wrong_password' },
    });

    before = await ctx.auditCount();
    await login('no-such-user', 'Wrong#Password-1');
    rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'auth.login',
      outcome: 'failure',
      actorName: 'no-such-user',
      entityId: null,
    });

    before = await ctx.auditCount();
    const session: Session = await ctx.login(app, user.username, user.password);
    rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'auth.login',
      outcome: 'success',
      actorId: user.id,
      actorName: user.username,
    });

    before = await ctx.auditCount();
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.web });
    rows = (await ctx.auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'auth.logout', outcome: 'success', actorId: user.id });
  });

  it('a session read costs no audit row and reports the caller', async () => {
    const session = await ctx.loginAs({ roles: ['viewer'], scope: { level: 'county', regionCode: COUNTY } });
    const before = await ctx.auditCount();
    const res = await whoami(session.bearer);
    expect(res.json()).toMatchObject({
      user: { username: session.user.username },
      idleTimeoutSeconds: 30 * 60,
    });
    expect(await ctx.auditCount()).toBe(before);
  });
});
