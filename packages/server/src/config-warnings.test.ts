/** Issue #5 parts 1 and 3: the issuance variables are parsed with the rest, every bad one named at once. */
import { DEFAULT_LEVEL_SEVERITY, DEFAULT_SIGN_OFF_POLICY } from '@ningan/domain';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { problemsOf } from './test/config.ts';

describe('warning issuance configuration (issue #5)', () => {
  it('defaults: sender from the county code, identifier codes 000/000/00 (UNCONFIRMED), the domain severity map and sign-off policy', () => {
    const c = loadConfig({}).warnings;
    expect(c.sender).toBe('621026000000@ningan');
    expect(c.identifier).toEqual({ adminCode: '621026', orgCode: '000', unitCode: '000', extension: '00' });
    expect(c.levelSeverity).toEqual(DEFAULT_LEVEL_SEVERITY);
    expect(c.signOff).toEqual(DEFAULT_SIGN_OFF_POLICY);
    expect(c.fetch).toEqual({ timeoutMs: 10_000, maxBytes: 1024 * 1024, allowedHosts: [] });
  });

  it('reads the hosts an external CAP document may be fetched from on an internal address', () => {
    const c = loadConfig({ WARNING_FETCH_ALLOWED_HOSTS: ' cap.gs.gov.cn , 10.8.1.20:8080,, ' }).warnings;
    expect(c.fetch.allowedHosts).toEqual(['cap.gs.gov.cn', '10.8.1.20:8080']);
  });

  it('reads a severity map and a sign-off policy as JSON', () => {
    const c = loadConfig({
      WARNING_LEVEL_SEVERITY: '{"blue":"Minor","yellow":"Moderate","orange":"Severe","red":"Severe"}',
      WARNING_SIGN_OFF_POLICY: JSON.stringify({
        reviewRoles: ['duty_officer'],
        signRoles: {
          blue: ['duty_officer'],
          yellow: ['duty_officer'],
          orange: ['commander'],
          red: ['commander'],
        },
      }),
      WARNING_ORG_CODE: '123',
    }).warnings;
    expect(c.levelSeverity.red).toBe('Severe');
    expect(c.signOff.signRoles.yellow).toEqual(['duty_officer']);
    expect(c.identifier.orgCode).toBe('123');
  });

  it('refuses bad values, each named: a CAP-illegal sender, codes of the wrong length, unknown roles, broken JSON', () => {
    const problems = problemsOf({
      WARNING_SENDER: 'ning an',
      WARNING_ORG_CODE: '12',
      WARNING_SIGN_OFF_POLICY: '{"reviewRoles":["mayor"],"signRoles":{}}',
      WARNING_LEVEL_SEVERITY: '{',
    });
    expect(problems.map((p) => p.slice(0, p.indexOf('=')))).toEqual(
      expect.arrayContaining([
        'WARNING_SENDER',
        'WARNING_ORG_CODE',
        'WARNING_SIGN_OFF_POLICY',
        'WARNING_LEVEL_SEVERITY',
      ]),
    );
  });
});
