import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { routesWithoutAccess } from '../../src/auth/route-permission';
import { createTestApp, type TestApp } from '../support/test-app';
import { login, makeTenant, makeUser, tenantWithAdmin, type Session } from '../support/factories';
import { createSource, device, email, event, sendEvents } from '../support/cdp';
import { cdpImports } from '../../src/models';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Bodies that pass validation, so the foreign-id check (not the validator) answers. */
const validBodies: Record<string, object> = {
  'PUT /api/v1/cdp/profiles/:id/consents': { consent_type: 'ads', granted: true },
  'PATCH /api/v1/cdp/sources/:id': { name: 'Renamed' },
  'PATCH /api/v1/users/:id': { full_name: 'Renamed' },
  'PATCH /api/v1/tenants/:id': { name: 'Renamed' },
};

const methodsOf = (r: { method: string | string[] }) => [r.method].flat().filter((m) => m !== 'HEAD');

describe('every route declares who may call it', () => {
  it('has an access rule on every registered route', () => {
    const ours = t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1') || ['/health', '/ready'].includes(r.url));
    expect(ours.length).toBeGreaterThan(15);
    expect(routesWithoutAccess(ours)).toEqual([]);
  });

  it('the walker notices a route that declares nothing, and such a route is closed', async () => {
    const probe = await createTestApp({
      beforeReady: (app: FastifyInstance) => {
        app.get('/api/v1/forgotten', async () => ({ leaked: true }));
      },
    });
    try {
      const api = probe.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1'));
      expect([...new Set(routesWithoutAccess(api).map((r) => r.url))]).toEqual(['/api/v1/forgotten']);
      const res = await probe.app.inject({ url: '/api/v1/forgotten' });
      expect(res.statusCode).toBe(403);
    } finally {
      await probe.close();
    }
  });

  it('refuses every non-public route without a token (401)', async () => {
    const closed = t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1') && r.access !== 'public');
    for (const route of closed) {
      for (const method of methodsOf(route)) {
        const url = route.url.replace(/:\w+/g, () => crypto.randomUUID());
        const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
        expect(res.statusCode, `${method} ${route.url}`).toBe(401);
      }
    }
  });
});

describe('foreign ids', () => {
  let session: Session;
  let root: Session;
  /** For each collection with an id route: an id that exists, but in another tenant. */
  const foreign: Record<string, string> = {};
  /** Ids for a route's other parameters, each also of the other tenant. */
  const foreignParams: Record<string, string> = {};

  beforeAll(async () => {
    ({ session } = await tenantWithAdmin(t.app, t.db.db));
    const { tenant: other, session: otherSession } = await tenantWithAdmin(t.app, t.db.db);
    foreign['/api/v1/users'] = (await makeUser(t.db.db, { tenantId: other.id, role: 'viewer' })).id;
    foreign['/api/v1/tenants'] = other.id;
    foreign['/api/v1/cdp/sources'] = (await createSource(t.app, otherSession)).id;
    await sendEvents(t.app, otherSession, [event([email('x@other.test'), device('other-1')])]);
    await sendEvents(t.app, otherSession, [event([device('other-2')])]);
    const merged = await sendEvents(t.app, otherSession, [event([device('other-1'), device('other-2')])]);
    foreign['/api/v1/cdp/profiles'] = merged.results[0]!.profile_id!;
    const history = await t.app.inject({ url: `/api/v1/cdp/profiles/${merged.results[0]!.profile_id}/merge-history`, headers: otherSession.headers });
    foreign['/api/v1/cdp/merges'] = history.json().data[0].id;
    const [otherImport] = await t.db.db
      .insert(cdpImports)
      .values({ tenantId: other.id, kind: 'events', format: 'csv', filename: 'x.csv', fileSha256: 'f'.repeat(64), filePath: '/nonexistent', fileBytes: 1, status: 'completed' })
      .returning();
    foreign['/api/v1/cdp/imports'] = otherImport!.id;
    // A request of the other tenant's source set aside by the drain (see commitChunk), for the routes that name one.
    const setAside = crypto.randomUUID();
    await t.db.db.execute(sql`insert into cdp_raw_events (id, tenant_id, source_id, received_at, format, payload, message_count, dedupe_window_hours, failed_at, failure)
                              values (${setAside}, ${other.id}, ${foreign['/api/v1/cdp/sources']}, now(), 'segment', '{"batch":[]}', 1, 168, now(), 'SQLSTATE 22023')`);
    foreignParams.requestId = setAside;
    root = await login(t.app, (await makeUser(t.db.db, { tenantId: null, role: 'superadmin' })).email);
  });

  it('answer 404 on every route with an id (or 403 where the role has no access at all)', async () => {
    const withId = t.app.registeredRoutes.filter((r) => r.url.startsWith('/api/v1') && r.url.includes(':id'));
    expect(withId.length).toBeGreaterThan(0);
    for (const route of withId) {
      const collection = route.url.slice(0, route.url.indexOf('/:id'));
      const id = foreign[collection];
      expect(id, `no foreign fixture for ${route.url}: add one`).toBeDefined();
      for (const method of methodsOf(route)) {
        const url = route.url.replace(':id', id as string).replace(/:(\w+)/g, (_, name: string) => foreignParams[name] ?? `:${name}`);
        const payload = method === 'GET' || method === 'DELETE' ? undefined : (validBodies[`${method} ${route.url}`] ?? {});
        const res = await t.app.inject({ method: method as 'GET', url, payload, headers: session.headers });
        const allowed = route.access === 'tenants:manage' ? 403 : 404;
        expect(res.statusCode, `${method} ${route.url}`).toBe(allowed);
      }
    }
  });

  it('answer 404 to a superadmin acting in another tenant too', async () => {
    const mine = await makeTenant(t.db.db);
    const res = await t.app.inject({
      url: `/api/v1/users/${foreign['/api/v1/users']}`,
      headers: { ...root.headers, 'x-tenant-id': mine.id },
    });
    expect(res.statusCode).toBe(404);
  });
});
