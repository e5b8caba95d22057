import { describe, expect, it } from 'vitest';
import {
  checkRoleSet,
  hasPermission,
  isInScope,
  permissionsOf,
  ROLE_PERMISSIONS,
  ROLES,
  ScopeSchema,
} from './access.ts';

describe('jurisdiction (issue #2 part 4)', () => {
  const township = { level: 'township' as const, regionCode: '621026100', orgUnitId: null };
  it('a township sees its own township and its villages, not another township', () => {
    expect(isInScope(township, { regionCode: '621026100' })).toBe(true);
    expect(isInScope(township, { regionCode: '621026100001' })).toBe(true);
    expect(isInScope(township, { regionCode: '621026102' })).toBe(false);
    expect(isInScope(township, { regionCode: '621026102001' })).toBe(false);
    expect(isInScope(township, { regionCode: '621026' })).toBe(false); // county-level records are above it
  });
  it('the county sees every township and village', () => {
    const county = { level: 'county' as const, regionCode: '621026', orgUnitId: null };
    expect(isInScope(county, { regionCode: '621026208123' })).toBe(true);
    expect(isInScope(county, { regionCode: '621027100' })).toBe(false);
  });
  it('an enterprise or department sees only records of its own unit', () => {
    const unit = '3f2b7a10-6a4e-4a1e-9a55-0a7b0b2d1c11';
    const ent = { level: 'enterprise' as const, regionCode: '621026100001', orgUnitId: unit };
    expect(isInScope(ent, { regionCode: '621026100001', orgUnitId: unit })).toBe(true);
    expect(isInScope(ent, { regionCode: '621026100001', orgUnitId: null })).toBe(false);
    expect(
      isInScope(ent, { regionCode: '621026100001', orgUnitId: '00000000-0000-4000-8000-000000000000' }),
    ).toBe(false);
  });
  it('rejects a township scope with a village code, and a department scope without a unit', () => {
    expect(
      ScopeSchema.safeParse({ level: 'township', regionCode: '621026100001', orgUnitId: null }).success,
    ).toBe(false);
    expect(
      ScopeSchema.safeParse({ level: 'department', regionCode: '621026', orgUnitId: null }).success,
    ).toBe(false);
  });
});

describe('三员分立 (GB/T 22239-2019 level 3 separation of administrators)', () => {
  it('no account holds two administrator roles, or an administrator role and a business role', () => {
    expect(checkRoleSet(['system_admin', 'audit_admin'])).toHaveLength(1);
    expect(checkRoleSet(['security_admin', 'duty_officer'])).toHaveLength(1);
    expect(checkRoleSet(['duty_officer', 'commander'])).toEqual([]);
  });
  it('only the audit administrator reads the audit log; the system administrator cannot grant admin roles', () => {
    const readers = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('audit:read'));
    expect(readers).toEqual(['audit_admin']);
    expect(hasPermission(['system_admin'], 'user:grant')).toBe(false);
    expect(hasPermission(['security_admin'], 'user:grant')).toBe(true);
    expect(hasPermission(['audit_admin'], 'user:write')).toBe(false);
  });
  it('every role has at least one permission and the viewer cannot write', () => {
    for (const r of ROLES) expect(permissionsOf([r]).length).toBeGreaterThan(0);
    expect(permissionsOf(['viewer']).some((p) => p.endsWith(':write'))).toBe(false);
  });
});
