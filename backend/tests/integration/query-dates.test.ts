import { describe, expect, it } from 'vitest';
import { appWithTenantAdmin } from '../support/app-with-tenant-admin';

const t = appWithTenantAdmin();

// ISO 8601 allows year 0000, and an offset can pull 0001-01-01 back into it; PostgreSQL stores neither.
const BEFORE_YEAR_ONE = ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00'];
const ROUTES = [
  '/api/v1/audit-logs',
  '/api/v1/cdp/events',
  '/api/v1/cdp/events/statistics',
  '/api/v1/cdp/events/trends',
];

describe('a date in a query that no database can hold', () => {
  for (const url of ROUTES) {
    for (const field of ['from', 'to']) {
      it(`is a 422 on ${field} of ${url}, not a server error`, async () => {
        for (const date of BEFORE_YEAR_ONE) {
          const res = await t.app.inject({ url: `${url}?${field}=${encodeURIComponent(date)}`, headers: t.admin.headers });
          expect(res.statusCode, `${date}: ${res.body}`).toBe(422);
          expect(res.json().errors[0].field).toBe(field);
        }
      });
    }
  }
});

describe('a query date that is no date at all', () => {
  it('is a 422 saying so once, not also that it is before the year 1', async () => {
    const res = await t.app.inject({ url: '/api/v1/cdp/events/statistics?from=garbage', headers: t.admin.headers });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toHaveLength(1);
    expect(res.json().errors[0]).toMatchObject({ field: 'from' });
    expect(res.json().errors[0].message).not.toMatch(/year 1/);
  });
});
