import { describe, expect, it } from 'vitest';
import { permissionsFor, roleHas, ROLES } from '@stratum/contracts';
import { redactSecrets } from '../../src/core/logging';
import { hashPassword, sha256, signAccessToken, verifyAccessToken, verifyPassword } from '../../src/core/security';
import { pgCode, isUniqueViolation } from '../../src/db/errors';
import { routesWithoutAccess } from '../../src/auth/route-permission';

const jwt = { secret: 's'.repeat(40), issuer: 'stratum', audience: 'stratum-api', accessTtlSeconds: 900 };

describe('passwords', () => {
  it('hash with argon2id and verify', async () => {
    const hash = await hashPassword('a-long-password');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'a-long-password')).toBe(true);
    expect(await verifyPassword(hash, 'another-password')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});

describe('access tokens', () => {
  it('round-trip their claims', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await signAccessToken(jwt, { sub: 'u1', role: 'admin', tid: 't1' });
    // With when it was issued, in seconds: a password change ends the tokens issued before it.
    const claims = await verifyAccessToken(jwt, token);
    expect(claims).toEqual({ sub: 'u1', role: 'admin', tid: 't1', iat: expect.any(Number) });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('are refused under another audience or secret', async () => {
    const token = await signAccessToken(jwt, { sub: 'u1', role: 'admin', tid: null });
    await expect(verifyAccessToken({ ...jwt, audience: 'x' }, token)).rejects.toMatchObject({ status: 401 });
    await expect(verifyAccessToken({ ...jwt, secret: 'z'.repeat(40) }, token)).rejects.toMatchObject({ status: 401 });
    await expect(verifyAccessToken(jwt, 'garbage')).rejects.toMatchObject({ status: 401 });
  });
});

describe('permission matrix', () => {
  it('grows from viewer to superadmin, and only superadmin manages tenants', () => {
    for (const role of ROLES) expect(roleHas(role, 'tenants:manage')).toBe(role === 'superadmin');
    expect(permissionsFor('viewer')).toEqual(['tenant:read', 'cdp:read']);
    expect(roleHas('manager', 'cdp:write')).toBe(true);
    expect(roleHas('analyst', 'cdp:write')).toBe(false);
    expect(roleHas('admin', 'cdp:pii:read')).toBe(true);
    expect(roleHas('manager', 'cdp:pii:read')).toBe(false);
  });

  it('lists routes that declare no access rule', () => {
    expect(
      routesWithoutAccess([
        { method: 'GET', url: '/a', access: 'public' },
        { method: 'GET', url: '/b', access: undefined },
      ]),
    ).toEqual([{ method: 'GET', url: '/b', access: undefined }]);
  });
});

describe('helpers', () => {
  it('redact credentials in audit changes at any depth', () => {
    expect(redactSecrets({ after: { password: 'x', name: 'n', nested: [{ api_key: 'k' }] }, refresh_token: 'r' })).toEqual({
      after: { password: '[redacted]', name: 'n', nested: [{ api_key: '[redacted]' }] },
      refresh_token: '[redacted]',
    });
  });

  it('find the SQLSTATE through wrapped errors', () => {
    expect(isUniqueViolation({ cause: { code: '23505' } })).toBe(true);
    expect(pgCode(new Error('plain'))).toBeUndefined();
    expect(sha256('a')).toHaveLength(64);
  });
});

describe('uuidv7', () => {
  it('is a valid version-7 UUID that sorts by creation time', async () => {
    const { uuidv7 } = await import('../../src/core/ids');
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7())).size).toBe(1000);
  });
});
